package org.opensn.benchmarks.anonymizer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
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
import org.opensn.schemas.avro.AnonymizedThreatSource;
import org.opensn.schemas.avro.DetectionEvent;
import org.opensn.schemas.avro.ThreatSourceEvent;

/**
 * One raw event through the strict {@link Anonymizer}, against (a) Avro binary decode + encode of
 * the same raw event (reader, writer, decoder and encoder reused, as a tuned serde would) and
 * (b) a naive baseline applying one {@code String.replaceAll} per pattern
 * ({@link NaiveRegexAnonymizer}). Targets (issue 3): anonymize at most 50% of decode + encode,
 * and at least 3x faster than the naive baseline.
 *
 * <p>Run (after {@code mvn -B -q -pl anonymizer install && mvn -B -q -pl benchmarks package -DskipTests}):
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar 'org.opensn.benchmarks.anonymizer.AnonymizerBenchmark' \
 *      -f 1 -wi 3 -w 2s -i 5 -r 2s -tu ns -bm avgt
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AnonymizerBenchmark {

    private final Anonymizer anonymizer = Anonymizer.create(AnonymizationPolicy.strict());

    private DetectionEvent detection;
    private ThreatSourceEvent threatSource;
    private byte[] detectionBytes;
    private byte[] threatSourceBytes;

    private SpecificDatumReader<DetectionEvent> detectionReader;
    private SpecificDatumWriter<DetectionEvent> detectionWriter;
    private SpecificDatumReader<ThreatSourceEvent> threatSourceReader;
    private SpecificDatumWriter<ThreatSourceEvent> threatSourceWriter;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    private BinaryDecoder decoder;
    private BinaryEncoder encoder;

    @Setup
    public void setUp() {
        RawEvents.trustGeneratedClasses();
        detectionReader = new SpecificDatumReader<>(DetectionEvent.class);
        detectionWriter = new SpecificDatumWriter<>(DetectionEvent.class);
        threatSourceReader = new SpecificDatumReader<>(ThreatSourceEvent.class);
        threatSourceWriter = new SpecificDatumWriter<>(ThreatSourceEvent.class);
        detection = RawEvents.detection();
        threatSource = RawEvents.threatSource();
        detectionBytes = RawEvents.bytes(detection);
        threatSourceBytes = RawEvents.bytes(threatSource);
    }

    @Benchmark
    public AnonymizedDetection anonymizeDetection() {
        return anonymizer.anonymize(detection);
    }

    @Benchmark
    public byte[] avroDecodeEncodeDetection() throws IOException {
        decoder = DecoderFactory.get().binaryDecoder(detectionBytes, decoder);
        DetectionEvent e = detectionReader.read(null, decoder);
        out.reset();
        encoder = EncoderFactory.get().binaryEncoder(out, encoder);
        detectionWriter.write(e, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    @Benchmark
    public AnonymizedDetection naiveRegexDetection() {
        return NaiveRegexAnonymizer.anonymize(detection);
    }

    @Benchmark
    public AnonymizedThreatSource anonymizeThreatSource() {
        return anonymizer.anonymize(threatSource);
    }

    @Benchmark
    public byte[] avroDecodeEncodeThreatSource() throws IOException {
        decoder = DecoderFactory.get().binaryDecoder(threatSourceBytes, decoder);
        ThreatSourceEvent e = threatSourceReader.read(null, decoder);
        out.reset();
        encoder = EncoderFactory.get().binaryEncoder(out, encoder);
        threatSourceWriter.write(e, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    @Benchmark
    public AnonymizedThreatSource naiveRegexThreatSource() {
        return NaiveRegexAnonymizer.anonymize(threatSource);
    }
}
