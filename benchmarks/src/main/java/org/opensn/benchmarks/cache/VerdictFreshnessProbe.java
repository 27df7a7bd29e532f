package org.opensn.benchmarks.cache;

import java.net.URI;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.opensn.schemas.avro.Verdict;

/**
 * Time from a verdict written to the topic (just before {@code producer.send}, acks=all) to the
 * first HTTP look-up that answers it, polled back to back on one keep-alive connection. Samples
 * run one at a time, each for a new ref, with the table already holding {@code verdicts} entries.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar org.opensn.benchmarks.cache.VerdictFreshnessProbe [samples=300] [verdicts=100000]
 * </pre>
 */
public final class VerdictFreshnessProbe {

    private VerdictFreshnessProbe() {
    }

    public static void main(String[] args) throws Exception {
        try {
            measure(args);
        } finally {
            System.exit(0); // never leave a broker thread holding the JVM
        }
    }

    private static void measure(String[] args) throws Exception {
        int samples = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        int verdicts = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        if (samples < 1 || samples > 10_000) {
            throw new IllegalArgumentException("samples 1-10000");
        }
        try (CacheFixture f = new CacheFixture(verdicts, 3)) {
            URI base = URI.create(f.service.baseUrl());
            Histogram micros = new Histogram(TimeUnit.MINUTES.toMicros(1), 3);
            try (RawHttpConnection conn = new RawHttpConnection(base.getHost(), base.getPort())) {
                for (int s = -20; s < samples; s++) { // 20 warm-up samples
                    String ref = CacheFixture.ref(10_000_000 + s + 20);
                    String path = "/v1/reputation/" + ref;
                    long t0 = System.nanoTime();
                    f.producer.send(new ProducerRecord<>(f.topic, ref, CacheFixture.verdict(ref, Verdict.MALICIOUS, 1)));
                    while (true) {
                        if (conn.get(path) == 200 && conn.body().contains("MALICIOUS")) {
                            break;
                        }
                        if (System.nanoTime() - t0 > TimeUnit.SECONDS.toNanos(60)) {
                            throw new IllegalStateException("verdict for " + ref + " not visible after 60 s");
                        }
                    }
                    if (s >= 0) {
                        micros.recordValue(Math.min((System.nanoTime() - t0) / 1000, micros.getHighestTrackableValue()));
                    }
                }
            }
            System.out.printf("samples=%d verdicts=%d write->visible over HTTP: p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                    samples, verdicts, micros.getValueAtPercentile(50) / 1000.0, micros.getValueAtPercentile(90) / 1000.0,
                    micros.getValueAtPercentile(99) / 1000.0, micros.getMaxValue() / 1000.0);
        }
    }
}
