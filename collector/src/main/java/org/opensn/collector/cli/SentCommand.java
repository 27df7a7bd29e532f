package org.opensn.collector.cli;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.opensn.collector.CollectorConfig;
import org.opensn.collector.SentEntry;
import org.opensn.collector.SentLog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code sent --since 1h}: what this endpoint sent, from the local transparency log. */
@Command(name = "sent", description = "Show what this endpoint sent (event id, time, topic and every field), from the local transparency log.")
final class SentCommand implements Callable<Integer> {

    static Clock clock = Clock.systemUTC();

    @Mixin
    CommonOptions common = new CommonOptions();
    @Spec
    CommandSpec spec;
    @Option(names = "--since", paramLabel = "WHEN", defaultValue = "1h", description = "How far back: 90s, 15m, 1h, 2d, PT1H, or an ISO instant (default 1h)")
    String since;

    @Override
    public Integer call() {
        CollectorCli cli = CollectorCli.root(spec);
        CollectorConfig config = CommonOptions.load(spec, common, cli.env);
        Instant from;
        try {
            from = Durations.since(since, clock.instant());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--since: " + e.getMessage());
        }
        List<SentEntry> entries = SentLog.since(config.stateDir(), from);
        for (SentEntry e : entries) {
            cli.out.println(e.time() + "  " + e.topic() + "  key=" + e.key() + "  eventId=" + e.eventId());
            StringBuilder sb = new StringBuilder("    ");
            for (Map.Entry<String, String> f : e.fields().entrySet()) {
                if (sb.length() > 4) {
                    sb.append(", ");
                }
                sb.append(f.getKey()).append('=').append(f.getValue());
            }
            cli.out.println(sb);
        }
        cli.out.println(entries.size() + " records sent since " + from);
        return ExitCodes.OK;
    }
}
