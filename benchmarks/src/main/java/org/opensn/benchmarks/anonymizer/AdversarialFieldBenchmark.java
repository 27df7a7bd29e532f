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
import org.opensn.schemas.avro.AnonymizedDetection;
import org.opensn.schemas.avro.AnonymizedThreatSource;
import org.opensn.schemas.avro.DetectionEvent;
import org.opensn.schemas.avro.ThreatSourceEvent;

/**
 * A raw event whose path, threat name and user name (detection) or URL and threat name (threat
 * source) are 1 MiB of input built to make backtracking scanners explode: e-mail-ish
 * {@code a@a@a@…}, dotted numbers {@code 1.1.1.1.…}, colon runs, unclosed placeholders, long
 * almost-tokens, a megabyte host for IDN. The anonymizer must stay linear: the figure should be a
 * few milliseconds per MiB, of the same order for every shape. Not asserted in any test.
 *
 * <p>Run (after {@code mvn -B -q -pl anonymizer install && mvn -B -q -pl benchmarks package -DskipTests}):
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar 'org.opensn.benchmarks.anonymizer.AdversarialFieldBenchmark' \
 *      -f 1 -wi 2 -w 2s -i 3 -r 2s -tu ms -bm avgt
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class AdversarialFieldBenchmark {

    private static final int MIB = 1 << 20;

    @Param({"emails", "dotted", "colons", "placeholders", "almostTokens", "mixed"})
    public String shape;

    private final Anonymizer anonymizer = Anonymizer.create(AnonymizationPolicy.strict());
    private DetectionEvent detection;
    private ThreatSourceEvent threatSource;

    @Setup
    public void setUp() {
        String field = switch (shape) {
            case "emails" -> repeat("a.b@");
            case "dotted" -> repeat("1.");
            case "colons" -> repeat("fe80:");
            case "placeholders" -> repeat("<use");
            case "almostTokens" -> repeat("aB3dE6gH9jK1mN4pQ7r_");
            default -> repeat("C:\\Users\\alice\\x@y.z 10.0.0.1 S-1-5-21-1 aa:bb:cc:dd:ee:ff fe80::1 ");
        };
        detection = RawEvents.detection();
        detection.setObjectPath(field);
        detection.setThreatName(field);
        detection.setUserName(field.substring(0, 4096));
        threatSource = RawEvents.threatSource();
        threatSource.setUrl("https://" + field + "/" + field);
        threatSource.setThreatName(field);
    }

    private static String repeat(String unit) {
        return unit.repeat(MIB / unit.length() + 1).substring(0, MIB);
    }

    @Benchmark
    public AnonymizedDetection detectionWith1MiBFields() {
        return anonymizer.anonymize(detection);
    }

    @Benchmark
    public AnonymizedThreatSource threatSourceWith1MiBUrl() {
        return anonymizer.anonymize(threatSource);
    }
}
