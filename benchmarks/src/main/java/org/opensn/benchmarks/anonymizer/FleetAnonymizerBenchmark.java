package org.opensn.benchmarks.anonymizer;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.opensn.anonymizer.AnonymizationPolicy;
import org.opensn.anonymizer.Anonymizer;
import org.opensn.collector.sim.FleetSimulator;
import org.opensn.schemas.avro.AnonymizedDetection;
import org.opensn.schemas.avro.DetectionEvent;

/**
 * The strict {@link Anonymizer} on a stream of detections from a simulated fleet, as the streams app
 * sees them: each call the next of 50,000 events from {@code devices} devices (the e2e benchmark's
 * fleet has 1,000), so the anonymizer's per-device and per-text caches hit and miss as they do in the
 * pipeline. {@link AnonymizerBenchmark} anonymizes one event again and again, where every cache hits.
 *
 * <p>Run (after {@code mvn -B -q -pl anonymizer install && mvn -B -q -pl benchmarks package -DskipTests}):
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar 'org.opensn.benchmarks.anonymizer.FleetAnonymizerBenchmark' \
 *      -f 2 -wi 5 -w 1s -i 10 -r 1s
 * </pre>
 * (the settings docs/PERFORMANCE.md records; a single fork varies by 15-50 % on our 2-core machines)
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class FleetAnonymizerBenchmark {

    private static final int EVENTS = 50_000;

    @Param({"1000", "10000"})
    public int devices;

    private final Anonymizer anonymizer = Anonymizer.create(AnonymizationPolicy.strict());
    private DetectionEvent[] events;
    private int next;

    @Setup
    public void setUp() {
        FleetSimulator fleet = FleetSimulator.builder().devices(devices).seed(42).build(); // the e2e catalog's seed
        events = new DetectionEvent[EVENTS];
        for (int i = 0; i < EVENTS; i++) {
            events[i] = fleet.nextDetection();
        }
    }

    @Benchmark
    public AnonymizedDetection anonymizeNextOfTheFleet() {
        DetectionEvent e = events[next];
        next = next + 1 == events.length ? 0 : next + 1;
        return anonymizer.anonymize(e);
    }
}
