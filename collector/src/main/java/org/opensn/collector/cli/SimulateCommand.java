package org.opensn.collector.cli;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.opensn.collector.CollectorConfig;
import org.opensn.collector.CollectorStats;
import org.opensn.collector.EndpointCollector;
import org.opensn.collector.Participation;
import org.opensn.collector.sim.EventSink;
import org.opensn.collector.sim.FleetSimulator;
import org.opensn.schemas.avro.ParticipationMode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code simulate --devices N --rate R --duration D}: a simulated fleet publishing through one collector. */
@Command(name = "simulate", description = "Simulate a fleet of endpoints (Zipf-distributed threats and hashes, threat sources with URLs,"
        + " Windows/Linux/macOS paths with user names) publishing through this collector; only in extended mode.")
final class SimulateCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common = new CommonOptions();
    @Spec
    CommandSpec spec;
    @Option(names = "--devices", paramLabel = "N", defaultValue = "100", description = "Simulated endpoints (default 100)")
    int devices;
    @Option(names = "--rate", paramLabel = "R", defaultValue = "100", description = "Events per second, all devices together (default 100)")
    double rate;
    @Option(names = "--duration", paramLabel = "D", defaultValue = "10s", description = "How long: 30s, 5m, 1h (default 10s)")
    String duration;
    @Option(names = "--seed", defaultValue = "1", description = "Seed of the fleet and event mix (default 1)")
    long seed;
    @Option(names = "--threats", defaultValue = "1000", description = "Distinct threats in the catalog (default 1000)")
    int threats;

    @Override
    public Integer call() throws InterruptedException {
        CollectorCli cli = CollectorCli.root(spec);
        CollectorConfig config = CommonOptions.load(spec, common, cli.env);
        Duration d;
        try {
            d = Durations.parse(duration);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--duration: " + e.getMessage());
        }
        if (devices < 1 || !(rate > 0) || d.isZero() || threats < 1) {
            throw new ParameterException(spec.commandLine(), "--devices, --rate, --duration and --threats must be positive");
        }
        Participation.State state = Participation.read(config.stateDir());
        if (state.mode() != ParticipationMode.EXTENDED) {
            cli.err.println("nothing simulated: participation is " + state.mode().name().toLowerCase(Locale.ROOT)
                    + " and statistics are sent only in extended; run 'opensn-collector mode set extended' first");
            return ExitCodes.FAILED;
        }
        FleetSimulator fleet = FleetSimulator.builder().devices(devices).seed(seed).threats(threats).build();
        CollectorStats last;
        FleetSimulator.Progress done;
        try (EndpointCollector collector = EndpointCollector.builder().config(config).build()) {
            done = fleet.run(EventSink.of(collector), rate, d, p -> cli.err.print("\r" + bar(p, collector.stats())));
            cli.err.println();
            collector.flush(config.closeTimeout());
            last = collector.stats();
        }
        cli.out.printf("simulated %d devices for %s: %d events (%d detections, %d threat sources), %.0f events/s;"
                        + " accepted %d, sent %d, spooled %d, dropped %d%n",
                devices, d, done.events(), done.detections(), done.threatSources(), done.rate(), last.accepted(), last.sent(), last.spooled(),
                last.droppedQueueFull() + last.spoolDropped());
        return last.spooled() > 0 ? ExitCodes.UNREACHABLE : ExitCodes.OK;
    }

    static String bar(FleetSimulator.Progress p, CollectorStats s) {
        double frac = Math.min(1.0, p.elapsed().toNanos() / (double) p.planned().toNanos());
        int width = 24;
        int full = (int) Math.round(frac * width);
        return String.format("[%s%s] %3d%% %,9.0f ev/s  %,d events  sent %,d  spooled %,d  %ds/%ds ",
                "#".repeat(full), "-".repeat(width - full), Math.round(frac * 100), p.rate(), p.events(), s.sent(), s.spooled(),
                p.elapsed().toSeconds(), p.planned().toSeconds());
    }
}
