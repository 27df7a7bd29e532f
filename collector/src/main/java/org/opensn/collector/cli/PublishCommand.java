package org.opensn.collector.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.opensn.collector.CollectorConfig;
import org.opensn.collector.Delivery;
import org.opensn.collector.EndpointCollector;
import org.opensn.collector.Participation;
import org.opensn.collector.ReportResult;
import org.opensn.schemas.avro.DetectionEvent;
import org.opensn.schemas.avro.ParticipationMode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code publish --events FILE}: sends JSON Lines of raw events, only in {@code extended}. Each bad line is reported
 * with its number and reason and the good ones are still sent. Exit 0 if all lines were sent, 1 if any line was bad
 * (or the mode forbids sending), 4 if records had to be spooled because the broker was unreachable.
 */
@Command(name = "publish", description = "Publish JSON Lines of raw events (Avro field names) - only in extended mode.")
final class PublishCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common = new CommonOptions();
    @Spec
    CommandSpec spec;
    @Option(names = "--events", paramLabel = "FILE", required = true, description = "JSON Lines file, one DetectionEvent or ThreatSourceEvent per line")
    Path events;

    @Override
    public Integer call() throws IOException {
        CollectorCli cli = CollectorCli.root(spec);
        CollectorConfig config = CommonOptions.load(spec, common, cli.env);
        Participation.State state = Participation.read(config.stateDir());
        state.problem().ifPresent(p -> cli.err.println("warning: " + p));
        if (state.mode() != ParticipationMode.EXTENDED) {
            cli.err.println("nothing sent: participation is " + state.mode().name().toLowerCase(Locale.ROOT) + ", and statistics are sent"
                    + " only in extended (" + (state.mode() == ParticipationMode.BASIC ? "basic allows reputation look-ups only" : "off allows nothing")
                    + "); to consent run 'opensn-collector mode set extended'");
            return ExitCodes.FAILED;
        }
        if (!Files.isReadable(events)) {
            cli.err.println("events file " + events + " does not exist or is not readable");
            return ExitCodes.USAGE;
        }
        java.util.Optional<ConnectionChecker.Check> refused = new ConnectionChecker(config).loginRefused();
        if (refused.isPresent()) {
            cli.err.println("nothing sent: " + refused.get().detail());
            return ExitCodes.AUTH_REFUSED;
        }
        List<String> bad = new ArrayList<>();
        List<CompletableFuture<Delivery>> outcomes = new ArrayList<>();
        int lines = 0;
        try (EndpointCollector collector = EndpointCollector.builder().config(config).build();
             BufferedReader in = Files.newBufferedReader(events, StandardCharsets.UTF_8)) {
            JsonEvents parser = new JsonEvents(defaults(collector), Clock.systemUTC());
            String line;
            int number = 0;
            while ((line = in.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                lines++;
                JsonEvents.Parsed parsed;
                try {
                    parsed = parser.parse(line);
                } catch (IllegalArgumentException e) {
                    bad.add("line " + number + ": " + e.getMessage());
                    continue;
                }
                ReportResult r = parsed.detection() != null ? collector.reportDetection(parsed.detection())
                        : collector.reportThreatSource(parsed.threatSource());
                if (!r.accepted()) {
                    bad.add("line " + number + ": " + r.reason());
                    continue;
                }
                outcomes.add(r.outcome().toCompletableFuture());
            }
        }
        // close() waited for acknowledgements (close.timeout.ms) and spooled the rest: every outcome is known now
        Map<Delivery, Integer> counts = new HashMap<>();
        for (CompletableFuture<Delivery> f : outcomes) {
            counts.merge(f.getNow(Delivery.NOT_SENT), 1, Integer::sum);
        }
        bad.forEach(cli.err::println);
        int sent = counts.getOrDefault(Delivery.SENT, 0);
        int spooled = counts.getOrDefault(Delivery.SPOOLED, 0);
        int notSent = counts.getOrDefault(Delivery.NOT_SENT, 0) + counts.getOrDefault(Delivery.DISCARDED, 0);
        cli.out.printf("%d lines: %d sent, %d spooled, %d not sent, %d bad%n", lines, sent, spooled, notSent, bad.size());
        if (spooled > 0) {
            cli.err.println(spooled + " events were spooled in " + Participation.spoolDirectory(config.stateDir())
                    + " because the broker did not acknowledge them (unreachable, or access refused); they are sent by the next"
                    + " collector run in extended mode (see what fails with 'opensn-collector check-connection')");
        }
        if (!bad.isEmpty() || notSent > 0) {
            return ExitCodes.FAILED;
        }
        return spooled > 0 ? ExitCodes.UNREACHABLE : ExitCodes.OK;
    }

    private static Map<String, Object> defaults(EndpointCollector collector) {
        DetectionEvent.Builder b = collector.newDetection();
        Map<String, Object> m = new HashMap<>();
        m.put("productVersion", b.getProductVersion());
        m.put("osFamily", b.getOsFamily());
        m.put("osVersion", b.getOsVersion());
        m.put("deviceInstallId", b.getDeviceInstallId());
        m.put("hostName", b.getHostName());
        m.put("userName", b.getUserName());
        return m;
    }

}
