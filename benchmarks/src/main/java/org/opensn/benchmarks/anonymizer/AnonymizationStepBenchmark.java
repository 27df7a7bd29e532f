package org.opensn.benchmarks.anonymizer;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.opensn.anonymizer.AnonymizationPolicy;
import org.opensn.anonymizer.Anonymizer;
import org.opensn.schemas.avro.AnonymizedDetection;
import org.opensn.schemas.avro.DetectionEvent;
import org.opensn.schemas.serde.AvroSerdes;
import org.opensn.schemas.serde.SerdeConfig;

/**
 * The streams app's anonymizing step for one detection, with the project's Confluent-wire-format
 * serdes (in-memory {@code mock://} registry): deserialize the raw record, anonymize, serialize
 * the anonymized one; against the same step without anonymizing (raw round trip). The difference
 * is what anonymization adds per record in the pipeline.
 *
 * <p>Run (after {@code mvn -B -q -pl anonymizer install && mvn -B -q -pl benchmarks package -DskipTests}):
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar 'org.opensn.benchmarks.anonymizer.AnonymizationStepBenchmark' \
 *      -f 1 -wi 3 -w 2s -i 5 -r 2s -tu ns -bm avgt
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AnonymizationStepBenchmark {

    private static final String RAW_TOPIC = "bench.detections.raw";
    private static final String ANON_TOPIC = "bench.detections.anon";

    private final Anonymizer anonymizer = Anonymizer.create(AnonymizationPolicy.strict());
    private Deserializer<DetectionEvent> rawIn;
    private Serializer<DetectionEvent> rawOut;
    private Serializer<AnonymizedDetection> anonOut;
    private byte[] wire;

    @Setup
    public void setUp() {
        Map<String, Object> config = Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, "mock://anonymizer-bench-" + UUID.randomUUID());
        rawIn = AvroSerdes.specific(DetectionEvent.class, config, false).deserializer();
        rawOut = AvroSerdes.specific(DetectionEvent.class, config, false).serializer();
        anonOut = AvroSerdes.specific(AnonymizedDetection.class, config, false).serializer();
        wire = rawOut.serialize(RAW_TOPIC, RawEvents.detection());
        anonOut.serialize(ANON_TOPIC, anonymizer.anonymize(RawEvents.detection())); // registers the schema
    }

    @Benchmark
    public byte[] rawRoundTrip() {
        return rawOut.serialize(RAW_TOPIC, rawIn.deserialize(RAW_TOPIC, wire));
    }

    @Benchmark
    public byte[] deserializeAnonymizeSerialize() {
        return anonOut.serialize(ANON_TOPIC, anonymizer.anonymize(rawIn.deserialize(RAW_TOPIC, wire)));
    }
}
