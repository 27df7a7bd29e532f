package org.opensn.benchmarks.e2e;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.tools.ProducerPerformance;

/**
 * Runs Kafka's own {@link ProducerPerformance} (the code behind {@code kafka-producer-perf-test.sh})
 * in this JVM against the shared broker, unthrottled, with the collector's producer settings, and
 * reads the figures from the total line it prints.
 */
final class ProducerPerfBaseline {

    /** The collector's producer settings (DefaultEndpointCollector.producerConfig). */
    static final List<String> COLLECTOR_PRODUCER_SETTINGS = List.of("acks=all", "enable.idempotence=true", "compression.type=lz4",
            "linger.ms=20", "batch.size=65536", "max.in.flight.requests.per.connection=5");

    private static final Pattern TOTAL = Pattern.compile(
            "(\\d+) records sent, ([0-9.]+) records/sec \\(([0-9.]+) MB/sec\\), [0-9.]+ ms avg latency, [0-9.]+ ms max latency, "
                    + "(\\d+) ms 50th, \\d+ ms 95th, (\\d+) ms 99th");

    private ProducerPerfBaseline() {
    }

    static ProducerPerfResult run(String bootstrapServers, String topic, long records, int recordBytes) throws Exception {
        List<String> args = new ArrayList<>(List.of("--bootstrap-server", bootstrapServers, "--topic", topic,
                "--num-records", Long.toString(records), "--record-size", Integer.toString(recordBytes), "--throughput", "-1",
                "--command-property"));
        args.addAll(COLLECTOR_PRODUCER_SETTINGS);
        args.add("client.id=e2e-producer-perf");
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        PrintStream tee = new PrintStream(new Tee(original, captured), true, StandardCharsets.UTF_8);
        System.setOut(tee);
        try {
            ProducerPerformance.main(args.toArray(String[]::new));
        } finally {
            System.out.flush();
            System.setOut(original);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        MatchResult last = null;
        Matcher m = TOTAL.matcher(out);
        while (m.find()) {
            last = m.toMatchResult();
        }
        if (last == null) {
            throw new IllegalStateException("ProducerPerformance printed no total line; its output was:\n" + out);
        }
        return new ProducerPerfResult(Long.parseLong(last.group(1)), recordBytes, Double.parseDouble(last.group(2)),
                Double.parseDouble(last.group(3)), Integer.parseInt(last.group(4)), Integer.parseInt(last.group(5)),
                String.join(", ", COLLECTOR_PRODUCER_SETTINGS));
    }

    /** Writes to the console and to a buffer. */
    private static final class Tee extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        Tee(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int c) throws java.io.IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public void write(byte[] buf, int off, int len) throws java.io.IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }

        @Override
        public void flush() throws java.io.IOException {
            a.flush();
            b.flush();
        }
    }
}
