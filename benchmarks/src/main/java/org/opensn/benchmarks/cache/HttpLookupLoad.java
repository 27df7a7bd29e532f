package org.opensn.benchmarks.cache;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;

/**
 * HTTP look-ups per second of {@code GET /v1/reputation/{ref}} against the constant-answer
 * endpoint {@code GET /v1/benchmark/constant} of the same server, with the same load generator
 * ({@link RawHttpConnection}: keep-alive, one request in flight per connection) and the same
 * number of connections, in alternating rounds. Only 127.0.0.1; bounded in time.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar org.opensn.benchmarks.cache.HttpLookupLoad \
 *     [connections=8] [seconds per round=10] [rounds=3] [verdicts=100000]
 * </pre>
 */
public final class HttpLookupLoad {

    private HttpLookupLoad() {
    }

    public static void main(String[] args) throws Exception {
        try {
            measure(args);
        } finally {
            System.exit(0); // never leave a broker thread holding the JVM
        }
    }

    private static void measure(String[] args) throws Exception {
        int connections = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        int verdicts = args.length > 3 ? Integer.parseInt(args[3]) : 100_000;
        if (connections < 1 || connections > 64 || seconds < 1 || seconds > 120 || rounds < 1 || rounds > 10) {
            throw new IllegalArgumentException("connections 1-64, seconds 1-120, rounds 1-10");
        }
        try (CacheFixture f = new CacheFixture(verdicts, 3)) {
            URI base = URI.create(f.service.baseUrl());
            String[] paths = new String[1 << 16];
            Random random = new Random(1);
            for (int i = 0; i < paths.length; i++) {
                // about 3 in 4 known, like CacheLookupBenchmark
                paths[i] = "/v1/reputation/" + CacheFixture.ref(random.nextInt(verdicts * 4 / 3));
            }
            String[] constant = {"/v1/benchmark/constant"};
            System.out.printf("verdicts=%d connections=%d seconds/round=%d rounds=%d%n", verdicts, connections, seconds, rounds);
            run(base, constant, connections, 3, null); // warm-up
            run(base, paths, connections, 3, null);
            long lookups = 0;
            long constants = 0;
            Histogram lookupLatency = new Histogram(60_000_000L, 3);
            Histogram constantLatency = new Histogram(60_000_000L, 3);
            for (int r = 0; r < rounds; r++) {
                boolean constantFirst = r % 2 == 0;
                long a = run(base, constantFirst ? constant : paths, connections, seconds, constantFirst ? constantLatency : lookupLatency);
                long b = run(base, constantFirst ? paths : constant, connections, seconds, constantFirst ? lookupLatency : constantLatency);
                long c = constantFirst ? a : b;
                long l = constantFirst ? b : a;
                constants += c;
                lookups += l;
                System.out.printf("round %d: lookup %.0f req/s, constant %.0f req/s, ratio %.2f%n", r + 1,
                        (double) l / seconds, (double) c / seconds, (double) l / c);
            }
            System.out.printf("TOTAL lookup %.0f req/s (p50 %d us, p99 %d us), constant %.0f req/s (p50 %d us, p99 %d us), ratio %.2f%n",
                    (double) lookups / (seconds * rounds), lookupLatency.getValueAtPercentile(50), lookupLatency.getValueAtPercentile(99),
                    (double) constants / (seconds * rounds), constantLatency.getValueAtPercentile(50),
                    constantLatency.getValueAtPercentile(99), (double) lookups / constants);
        }
    }

    /** Runs {@code connections} connections for {@code seconds}; returns the number of 200 answers. */
    private static long run(URI base, String[] paths, int connections, int seconds, Histogram latency) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        LongAdder ok = new LongAdder();
        LongAdder failed = new LongAdder();
        List<Thread> threads = new ArrayList<>();
        List<Histogram> histograms = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            int start = c * 7919;
            Histogram h = new Histogram(60_000_000L, 3);
            histograms.add(h);
            Thread t = new Thread(() -> {
                try (RawHttpConnection conn = new RawHttpConnection(base.getHost(), base.getPort())) {
                    int i = start;
                    while (!stop.get()) {
                        long t0 = System.nanoTime();
                        int status = conn.get(paths[i++ & (paths.length - 1)]);
                        h.recordValue(Math.min((System.nanoTime() - t0) / 1000, 59_999_999L));
                        if (status == 200) {
                            ok.increment();
                        } else {
                            failed.increment();
                        }
                    }
                } catch (Exception e) {
                    failed.increment();
                    System.err.println("connection failed: " + e);
                }
            }, "load-" + c);
            threads.add(t);
            t.start();
        }
        Thread.sleep(seconds * 1000L);
        stop.set(true);
        for (Thread t : threads) {
            t.join();
        }
        if (latency != null) {
            histograms.forEach(latency::add);
        }
        if (failed.sum() > 0) {
            System.err.println(failed.sum() + " requests failed");
        }
        return ok.sum();
    }
}
