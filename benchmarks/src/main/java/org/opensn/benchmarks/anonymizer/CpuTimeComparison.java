package org.opensn.benchmarks.anonymizer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecordBase;
import org.opensn.anonymizer.AnonymizationPolicy;
import org.opensn.anonymizer.Anonymizer;
import org.opensn.schemas.avro.DetectionEvent;
import org.opensn.schemas.avro.ThreatSourceEvent;

/**
 * The same comparison as {@link AnonymizerBenchmark} (anonymize one event vs Avro decode + encode
 * of it), measured in <em>thread CPU time</em> with the two loops interleaved round by round. On
 * a shared, overloaded machine JMH's wall-clock scores swing by the minute (other builds take the
 * cores), so their ratio is unreliable; CPU time only counts the time this thread actually ran,
 * and interleaving exposes both loops to the same conditions. Not a JMH benchmark: a complement.
 *
 * <p>The first loop anonymizes the same event object again and again, so its strings keep their
 * cached hash codes and the anonymizer's caches (own values, versions, threat-name and host
 * summaries) hit without hashing. A decoded event in the pipeline is new each time. The second
 * figure, "fresh", is therefore (decode + anonymize) minus decode, both interleaved as well: the
 * cost of anonymizing a just-decoded event, hashing included (the caches still hit, as they would
 * for a device or threat seen before).
 *
 * <p>Run (after {@code mvn -B -q -pl anonymizer install && mvn -B -q -pl benchmarks package -DskipTests}):
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar org.opensn.benchmarks.anonymizer.CpuTimeComparison
 * </pre>
 */
public final class CpuTimeComparison {

    private static final int OPS = 200_000;
    private static final int ROUNDS = 12;
    private static final int WARMUP_ROUNDS = 4;

    private CpuTimeComparison() {
    }

    public static void main(String[] args) throws IOException {
        RawEvents.trustGeneratedClasses();
        Anonymizer anonymizer = Anonymizer.create(AnonymizationPolicy.strict());
        compare("DetectionEvent", RawEvents.detection(), anonymizer);
        compare("ThreatSourceEvent", RawEvents.threatSource(), anonymizer);
    }

    private static SpecificRecordBase anonymize(Anonymizer anonymizer, SpecificRecordBase raw) {
        return raw instanceof DetectionEvent d ? anonymizer.anonymize(d) : anonymizer.anonymize((ThreatSourceEvent) raw);
    }

    private static void compare(String name, SpecificRecordBase event, Anonymizer anonymizer) throws IOException {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        SpecificDatumReader<SpecificRecordBase> reader = new SpecificDatumReader<>(event.getSchema());
        SpecificDatumWriter<SpecificRecordBase> writer = new SpecificDatumWriter<>(event.getSchema());
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        writer.write(event, encoder);
        encoder.flush();
        byte[] bytes = out.toByteArray();
        BinaryDecoder decoder = null;
        long sink = 0;
        double anonymizeNs = 0;
        double avroNs = 0;
        double decodeAnonymizeNs = 0;
        double decodeNs = 0;
        for (int round = 0; round < ROUNDS; round++) {
            long t0 = mx.getCurrentThreadCpuTime();
            for (int i = 0; i < OPS; i++) {
                SpecificRecordBase r = anonymize(anonymizer, event);
                // one field read, as cheap as the Avro loop's out.size() (hashCode() hashed every string)
                sink += ((CharSequence) r.get(0)).length();
            }
            long t1 = mx.getCurrentThreadCpuTime();
            for (int i = 0; i < OPS; i++) {
                decoder = DecoderFactory.get().binaryDecoder(bytes, decoder);
                SpecificRecordBase e = reader.read(null, decoder);
                out.reset();
                encoder = EncoderFactory.get().binaryEncoder(out, encoder);
                writer.write(e, encoder);
                encoder.flush();
                sink += out.size();
            }
            long t2 = mx.getCurrentThreadCpuTime();
            for (int i = 0; i < OPS; i++) {
                decoder = DecoderFactory.get().binaryDecoder(bytes, decoder);
                SpecificRecordBase e = reader.read(null, decoder);
                SpecificRecordBase r = anonymize(anonymizer, e);
                sink += ((CharSequence) r.get(0)).length();
            }
            long t3 = mx.getCurrentThreadCpuTime();
            for (int i = 0; i < OPS; i++) {
                decoder = DecoderFactory.get().binaryDecoder(bytes, decoder);
                SpecificRecordBase e = reader.read(null, decoder);
                sink += ((CharSequence) e.get(0)).length();
            }
            long t4 = mx.getCurrentThreadCpuTime();
            if (round >= WARMUP_ROUNDS) {
                anonymizeNs += (double) (t1 - t0) / OPS;
                avroNs += (double) (t2 - t1) / OPS;
                decodeAnonymizeNs += (double) (t3 - t2) / OPS;
                decodeNs += (double) (t4 - t3) / OPS;
            }
        }
        int measured = ROUNDS - WARMUP_ROUNDS;
        double fresh = decodeAnonymizeNs - decodeNs;
        System.out.printf(Locale.ROOT, "%-18s anonymize %7.0f ns CPU/op   Avro decode+encode %7.0f ns CPU/op   ratio %.2f"
                        + "   | fresh: anonymize %7.0f ns CPU/op (decode+anonymize %.0f - decode %.0f)   ratio %.2f   (sink %d)%n",
                name, anonymizeNs / measured, avroNs / measured, anonymizeNs / avroNs,
                fresh / measured, decodeAnonymizeNs / measured, decodeNs / measured, fresh / avroNs, sink & 1);
    }
}
