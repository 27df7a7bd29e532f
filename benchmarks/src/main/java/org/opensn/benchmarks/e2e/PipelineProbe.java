package org.opensn.benchmarks.e2e;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A quick throughput probe of one streams-app configuration, for tuning (the full benchmark is
 * {@link EndToEndBenchmark}): starts the broker and registry, runs the app with the given
 * {@code kafka.*} overrides and reports processed and committed events/s, either fed live through the
 * collector ({@code live}) or catching up a backlog of N published while it was paused ({@code backlog}); or, with
 * {@code latency}, the benchmark's report -> cache latency phase at N events/s for {@code -Dprobe.latency.seconds} (60), after a
 * warm-up of {@code -Dprobe.latency.warmup} detections (5,000; 500,000 fills the stores as the benchmark's throughput run does); or, with
 * {@code alone}, the benchmark's guarantees-alone rounds ({@link InterleavedRun}; {@code -Dopensn.e2e.turns=true} prints every turn); or,
 * with {@code bare}, the backlog's catch-up by Kafka Streams alone with the app's settings, copying each raw record ({@link BareStreamsApp}).
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar org.opensn.benchmarks.e2e.PipelineProbe N live|backlog|producer|latency|alone|bare [rounds] [key=value ...]
 * </pre>
 */
public final class PipelineProbe {

    private PipelineProbe() {
    }

    /**
     * Per thread-name family (digits folded, the probe's app ids as "app"): the CPU nanoseconds, for where the time goes,
     * and the heap bytes allocated, for where the garbage comes from; both read in one pass over the live threads.
     */
    private record ThreadCounters(Map<String, Long> cpu, Map<String, Long> allocated) {

        static ThreadCounters now() {
            com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            Map<String, Long> cpu = new java.util.HashMap<>();
            Map<String, Long> allocated = new java.util.HashMap<>();
            for (java.lang.management.ThreadInfo info : mx.getThreadInfo(mx.getAllThreadIds())) {
                if (info == null) {
                    continue;
                }
                String family = info.getThreadName().replaceAll("probe-[0-9a-f]+-[0-9]+-[0-9a-f-]+", "app").replaceAll("[0-9]+", "N");
                add(cpu, family, mx.getThreadCpuTime(info.getThreadId()));
                add(allocated, family, mx.getThreadAllocatedBytes(info.getThreadId()));
            }
            return new ThreadCounters(cpu, allocated);
        }

        private static void add(Map<String, Long> counters, String family, long value) {
            if (value > 0) {
                counters.merge(family, value, Long::sum);
            }
        }
    }

    /** Process CPU nanoseconds (all threads, the JIT compiler's and the GC's included), JIT compilation ms, GC pause ms. */
    static long[] processCpu() {
        long cpu = Machine.processCpuNanos();
        long jit = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
        long gc = ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(java.lang.management.GarbageCollectorMXBean::getCollectionTime).sum();
        return new long[] {cpu, jit, gc};
    }

    /**
     * The JVM's counters at one moment (CPU and heap allocation per thread family, the process's CPU, the machine's ticks,
     * the wall clock), to print what was used since.
     */
    private record CpuMark(ThreadCounters threads, long[] process, long[] ticks, long wallNanos) {

        static CpuMark now() {
            return new CpuMark(ThreadCounters.now(), processCpu(), Machine.cpuTicks(), System.nanoTime());
        }

        /** Prints the CPU used and the bytes allocated since this mark, by thread family ({@link #printCpu}, {@link #printAllocated}). */
        void printSince() {
            ThreadCounters after = ThreadCounters.now();
            printCpu(since(threads.cpu(), after.cpu()), System.nanoTime() - wallNanos, process);
            printAllocated(since(threads.allocated(), after.allocated()));
        }
    }

    /** Per thread family, how much a counter grew from {@code before} to {@code after}. */
    private static Map<String, Long> since(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> delta = new java.util.HashMap<>();
        after.forEach((k, v) -> delta.put(k, v - before.getOrDefault(k, 0L)));
        return delta;
    }

    /** The {@code limit} largest of {@code delta}, one line each, largest first, with the amount as {@code amount} writes it. */
    private static void printLargest(Map<String, Long> delta, int limit, java.util.function.LongFunction<String> amount) {
        delta.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(limit)
                .forEach(e -> System.out.printf(Locale.ROOT, "[probe]   %s  %s%n", amount.apply(e.getValue()), e.getKey()));
    }

    /** The heap bytes allocated in a round by each thread family (the largest six). */
    private static void printAllocated(Map<String, Long> delta) {
        System.out.printf(Locale.ROOT, "[probe] allocated %,d MB on the heap, by thread family:%n",
                delta.values().stream().mapToLong(Long::longValue).sum() >> 20);
        printLargest(delta, 6, bytes -> String.format(Locale.ROOT, "%,8d MB", bytes >> 20));
    }

    /** The CPU a round used: the process's, and each thread family's (the largest fourteen). */
    private static void printCpu(Map<String, Long> delta, long wallNanos, long[] processBefore) {
        long total = delta.values().stream().mapToLong(Long::longValue).sum();
        long[] processAfter = processCpu();
        long process = processAfter[0] - processBefore[0];
        System.out.printf(Locale.ROOT, "[probe] process CPU %.2f s in %.2f s wall (%.2f cores; Java threads %.2f s, the rest %.2f s is the JIT "
                        + "compilers', the GC's and other VM threads); JIT compiling %.2f s, GC pauses %.2f s%n", process / 1e9, wallNanos / 1e9,
                process / (double) wallNanos, total / 1e9, (process - total) / 1e9, (processAfter[1] - processBefore[1]) / 1e3,
                (processAfter[2] - processBefore[2]) / 1e3);
        System.out.printf(Locale.ROOT, "[probe] CPU %.2f s in %.2f s wall (%.2f cores), by thread family:%n", total / 1e9, wallNanos / 1e9,
                total / (double) wallNanos);
        printLargest(delta, 14, nanos -> String.format(Locale.ROOT, "%6.2f s", nanos / 1e9));
    }

    /**
     * A wall-clock sampler of the stream threads (-Dprobe.wall=true): every 2 ms, the top frames of each
     * stream thread, whatever its state (running, parked, in a native select), classified by the first
     * frame that says what the thread is doing. JFR samples only threads running Java code, so it cannot
     * say where a thread waits.
     */
    static final class WallSampler implements AutoCloseable {
        private final Map<String, Long> counts = new java.util.concurrent.ConcurrentHashMap<>();
        private final boolean topFrames = Boolean.getBoolean("probe.wall.top");
        private final Thread thread;
        private volatile boolean running = true;

        WallSampler() {
            java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
            thread = new Thread(() -> {
                long[] ids = {};
                long refreshed = 0;
                while (running) {
                    if (System.nanoTime() - refreshed > 500_000_000L) { // the stream threads' ids, twice a second
                        ids = java.util.Arrays.stream(mx.getThreadInfo(mx.getAllThreadIds(), 0)).filter(java.util.Objects::nonNull)
                                .filter(i -> i.getThreadName().contains("StreamThread-") && !i.getThreadName().contains("producer")
                                        && !i.getThreadName().contains("anonymize-ahead"))
                                .mapToLong(java.lang.management.ThreadInfo::getThreadId).toArray();
                        refreshed = System.nanoTime();
                    }
                    for (java.lang.management.ThreadInfo info : mx.getThreadInfo(ids, 120)) {
                        if (info != null && info.getStackTrace().length > 0) {
                            String kind = classify(info.getStackTrace());
                            counts.merge(kind, 1L, Long::sum);
                            if (topFrames) {
                                StackTraceElement top = info.getStackTrace()[0];
                                counts.merge("  top of '" + kind + "': " + top.getClassName() + "." + top.getMethodName(), 1L, Long::sum);
                                if (top.getClassName().startsWith("org.rocksdb")) {
                                    counts.merge("  " + top.getMethodName() + " of RocksDB from " + opensnCallers(info.getStackTrace()), 1L, Long::sum);
                                }
                            }
                        }
                    }
                    try {
                        Thread.sleep(2);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "probe-wall-sampler");
            thread.setDaemon(true);
            thread.start();
        }

        /** The first two OpenSN frames of {@code stack} (which store a RocksDB call is for), or "Kafka Streams". */
        private static String opensnCallers(StackTraceElement[] stack) {
            String callers = java.util.Arrays.stream(stack).filter(e -> e.getClassName().startsWith("org.opensn")).limit(2)
                    .map(e -> e.getClassName().substring(e.getClassName().lastIndexOf('.') + 1) + "." + e.getMethodName())
                    .collect(java.util.stream.Collectors.joining(" <- "));
            return callers.isEmpty() ? "Kafka Streams" : callers;
        }

        private static String classify(StackTraceElement[] stack) {
            String[][] kinds = {
                    {"awaitFlushCompletion", "commit: producer flush (waits for acks)"},
                    {"sendOffsetsToTransaction", "commit: sendOffsetsToTransaction"},
                    {"commitTransaction", "commit: commitTransaction"},
                    {"maybeCommit", "commit: other (store flush, write-back)"},
                    {"pollPhase", "poll"},
                    {"punctuate", "punctuate"},
                    {"TaskManager.process", "process"},
            };
            for (StackTraceElement e : stack) {
                String where = e.getClassName() + "." + e.getMethodName();
                for (String[] k : kinds) {
                    if (where.contains(k[0])) {
                        String top = stack[0].getClassName() + "." + stack[0].getMethodName();
                        String state = top.contains("Unsafe.park") || top.contains("EPoll.wait") || top.contains("Object.wait")
                                || top.contains("Thread.sleep") ? " [waiting: " + top.replaceAll(".*\\.([^.]+\\.[^.]+)$", "$1") + "]" : "";
                        return k[1] + state;
                    }
                }
            }
            return "other: " + stack[0].getClassName() + "." + stack[0].getMethodName();
        }

        /** A sampler if -Dprobe.wall=true, else null. */
        static WallSampler ifRequested() {
            return Boolean.getBoolean("probe.wall") ? new WallSampler() : null;
        }

        @Override
        public void close() {
            running = false;
            long total = counts.entrySet().stream().filter(e -> !e.getKey().startsWith(" ")).mapToLong(Map.Entry::getValue).sum();
            System.out.printf(Locale.ROOT, "[probe] stream threads, wall-clock samples: %,d%n", total);
            counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(topFrames ? 40 : 16)
                    .forEach(e -> System.out.printf(Locale.ROOT, "[probe]   %5.1f %%  %s%n", 100.0 * e.getValue() / total, e.getKey()));
        }
    }

    /**
     * From the app's client metrics, in one pass: Kafka Streams' own split of each stream thread's time (KIP-444
     * thread metrics) with its mean commit and poll latency, the first stream thread's main consumer fetches, and
     * the records and bytes the app produced to each topic.
     */
    static void printThreadRatios(org.apache.kafka.streams.KafkaStreams streams) {
        Map<String, Map<String, Double>> byThread = new java.util.TreeMap<>();
        Map<String, Double> fetches = new java.util.TreeMap<>();
        Map<String, double[]> byTopic = new java.util.TreeMap<>();
        streams.metrics().forEach((name, metric) -> {
            if (!(metric.metricValue() instanceof Double v)) {
                return;
            }
            Map<String, String> tags = name.tags();
            switch (name.group()) {
                case "stream-thread-metrics" -> {
                    if (name.name().matches("(process|commit|poll|punctuate)-ratio|(commit|poll)-latency-avg")) {
                        byThread.computeIfAbsent(tags.getOrDefault("thread-id", "?").replaceAll(".*-(StreamThread-[0-9]+)", "$1"),
                                k -> new java.util.TreeMap<>()).put(name.name(), v);
                    }
                }
                case "consumer-fetch-manager-metrics" -> {
                    if (!tags.containsKey("topic") && !tags.containsKey("partition")
                            && tags.getOrDefault("client-id", "").endsWith("StreamThread-1-consumer")
                            && name.name().matches("fetch-latency-avg|fetch-latency-max|fetch-size-avg|records-per-request-avg|fetch-rate")) {
                        fetches.put(name.name(), v);
                    }
                }
                case "producer-topic-metrics" -> {
                    if (name.name().matches("record-send-total|byte-total")) {
                        byTopic.computeIfAbsent(tags.getOrDefault("topic", "?"), k -> new double[2])[name.name().startsWith("record") ? 0 : 1] += v;
                    }
                }
                default -> {
                }
            }
        });
        System.out.printf(Locale.ROOT, "[probe] StreamThread-1 main consumer (last 30 s): %s%n", fetches.entrySet().stream()
                .map(e -> e.getKey() + " " + String.format(Locale.ROOT, "%,.1f", e.getValue())).collect(java.util.stream.Collectors.joining(", ")));
        byTopic.forEach((topic, t) -> System.out.printf(Locale.ROOT, "[probe] produced to %s (app so far): %,.0f records, %,.0f bytes (%,.0f a record)%n",
                topic, t[0], t[1], t[0] == 0 ? 0 : t[1] / t[0]));
        byThread.forEach((thread, m) -> System.out.printf(Locale.ROOT, "[probe] %s (last 30 s): %s%n", thread,
                m.entrySet().stream().map(e -> e.getKey() + " " + String.format(Locale.ROOT, e.getKey().contains("latency") ? "%.1f ms" : "%.2f", e.getValue()))
                        .collect(java.util.stream.Collectors.joining(", "))));
    }

    @SuppressWarnings("unchecked")
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0].replace("_", "")) : 100_000;
        boolean backlog = args.length > 1 && args[1].equals("backlog");
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        Map<String, String> overrides = new LinkedHashMap<>();
        for (int i = 3; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            overrides.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        byte[] s = new byte[32];
        new SecureRandom().nextBytes(s);
        String secret = HexFormat.of().formatHex(s);
        Path work = Files.createTempDirectory("opensn-probe-");
        String run = HexFormat.of().formatHex(new SecureRandom().generateSeed(3));
        boolean latency = args.length > 1 && args[1].equals("latency");
        // latency: -Dprobe.latency.warmup=500000 first fills the stores as the benchmark's throughput run before its latency phase does
        int warmup = latency ? Integer.getInteger("probe.latency.warmup", 5_000) : 5_000;
        int partitions = Integer.getInteger("probe.partitions", 3);
        try (Services services = Services.start(partitions)) {
            // latency: the background load replays the catalog, which is at least as large as the benchmark's (5,000 + N = 1,000,000)
            EventCatalog catalog = EventCatalog.generate(latency ? Math.max(warmup, 1_005_000) : warmup + n, services.registryUrl(),
                    "probe-" + run + "-sizing");
            if (args.length > 1 && args[1].equals("producer")) { // the raw baseline alone: Kafka's ProducerPerformance, N records a round
                for (int r = 1; r <= rounds; r++) {
                    String topic = "probe-" + run + "-producer-perf-" + r;
                    services.createTopic(topic, partitions);
                    ProducerPerfResult pp = ProducerPerfBaseline.run(services.bootstrapServers(), topic, n, catalog.meanRecordBytes());
                    System.out.printf(Locale.ROOT, "[probe] ProducerPerformance round %d: %,.0f records/s (%d-byte records), load %s%n", r,
                            pp.rate(), pp.recordBytes(), Machine.loadAverage());
                }
                System.exit(0);
            }
            if (args.length > 1 && args[1].equals("alone")) { // the guarantees compared alone, in turns, as the benchmark does
                BenchSettings d = BenchSettings.defaults(n, null);
                BenchSettings settings = new BenchSettings(n, warmup, partitions, d.producerPerfRecords(), d.latencyDuration(), d.loadShare(),
                        d.rounds(), Duration.ofMinutes(5), null);
                List<AlonePair> pairs = EndToEndBenchmark.guaranteesAlone(services, "probe-" + run, catalog, settings, rounds, secret, work);
                if (!pairs.isEmpty()) {
                    System.out.printf(Locale.ROOT, "[probe] alone, all %d rounds together: exactly-once %,.0f/s, at-least-once %,.0f/s: cost "
                                    + "%.1f %%, extra CPU %.1f %%; load %s%n", pairs.size(), AlonePair.pooledRate(pairs, true),
                            AlonePair.pooledRate(pairs, false), AlonePair.pooledCost(pairs) * 100, AlonePair.pooledCpuCost(pairs) * 100,
                            Machine.loadAverage());
                }
                System.exit(0);
            }
            if (args.length > 1 && args[1].equals("bare")) { // Kafka Streams' own ceiling: the app's settings, a topology that only copies
                for (int r = 1; r <= rounds; r++) {
                    try (BareStreamsApp bare = BareStreamsApp.start(services, "probe-" + run + "-" + r, overrides, partitions, secret, work)) {
                        CpuMark[] atResume = {null};
                        ThroughputResult t = ThroughputRun.measureBacklog(bare, catalog, warmup, n, Duration.ofMinutes(5),
                                () -> atResume[0] = CpuMark.now());
                        atResume[0].printSince();
                        System.out.printf(Locale.ROOT, "[probe] backlog %s round %d: processed %.1f s (%,.0f/s), committed %.1f s (%,.0f/s), "
                                        + "processed %,d, load %s%n", t.settings(), r, t.processedSeconds(), t.processedRate(), t.committedSeconds(),
                                t.committedRate(), t.processed(), Machine.loadAverage());
                    }
                }
                System.exit(0);
            }
            if (latency) { // report -> cache latency at N events/s, as the benchmark's latency phase
                Duration length = Duration.ofSeconds(Integer.getInteger("probe.latency.seconds", 60));
                for (int r = 1; r <= rounds; r++) {
                    try (PipelineInstance p = PipelineInstance.start(services, "probe-" + run + "-latency-" + r, overrides, partitions, secret, work)) {
                        ThroughputRun.warmUp(p, catalog, warmup, Duration.ofMinutes(5));
                        CpuMark before = CpuMark.now();
                        LatencyResult l = EndToEndBenchmark.latency(services, p, n, length, catalog);
                        before.printSince();
                        printThreadRatios(p.streams());
                        System.out.printf(Locale.ROOT, "[probe] latency %s round %d at %,d events/s: %s; steal %s, load %s%n", p.settings(), r, n,
                                l == null ? "failed" : String.format(Locale.ROOT, "p50 %.0f ms, p99 %.0f ms, p99.9 %.0f ms, max %.0f ms",
                                        l.p50Ms(), l.p99Ms(), l.p999Ms(), l.maxMs()), Machine.stealSince(before.ticks()), Machine.loadAverage());
                    }
                }
                System.exit(0);
            }
            for (int r = 1; r <= rounds; r++) {
                String name = "probe-" + run + "-" + r;
                try (PipelineInstance p = PipelineInstance.start(services, name, overrides, partitions, secret, work)) {
                    CpuMark[] before = {CpuMark.now()};
                    WallSampler[] sampler = {null};
                    Runnable atResume = () -> {
                        before[0] = CpuMark.now();
                        sampler[0] = WallSampler.ifRequested();
                    };
                    if (!backlog) {
                        sampler[0] = WallSampler.ifRequested();
                    }
                    ThroughputResult t = backlog
                            ? ThroughputRun.measureBacklog(p, catalog, warmup, n, Duration.ofMinutes(5), atResume)
                            : ThroughputRun.measure(p, catalog, warmup, n, Duration.ofMinutes(5), p.exactlyOnce());
                    System.out.printf(Locale.ROOT, "[probe] %s %s round %d: processed %.1f s (%,.0f/s), committed %.1f s (%,.0f/s), "
                                    + "acked %.1f s, processed %,d, dead %d, load %s%n", backlog ? "backlog" : "live", p.settings(), r,
                            t.processedSeconds(), t.processedRate(), t.committedSeconds(), t.committedRate(), t.ackedSeconds(),
                            t.processed(), t.deadLetters(), Machine.loadAverage());
                    System.out.printf(Locale.ROOT, "[probe] object repartition records: %,d%n", p.objectRepartitionRecords());
                    var ahead = p.anonymizeAheadCounts();
                    System.out.printf(Locale.ROOT, "[probe] raw records anonymized ahead by the workers: %,d; on the stream thread: %,d, of them "
                            + "%,d taken over from a preempted worker (this app so far)%n", ahead.anonymizedAhead(), ahead.anonymizedOnStreamThread(),
                            ahead.takenOver());
                    before[0].printSince();
                    System.out.printf(Locale.ROOT, "[probe] CPU steal by the hypervisor meanwhile: %s%n", Machine.stealSince(before[0].ticks()));
                    printThreadRatios(p.streams());
                    if (sampler[0] != null) {
                        sampler[0].close();
                    }
                    if (!p.exactlyOnce()) {
                        Thread.sleep(1_000); // after the round's figures and samples: a commit flushes what the app's producer still holds
                        long written = p.anonymizedOffsets();
                        System.out.printf(Locale.ROOT, "[probe] anonymized detections written: %,d for %,d reported (%+,d: a difference is "
                                + "detections processed twice, or lost)%n", written, warmup + n, written - warmup - n);
                    }
                }
            }
        }
        System.exit(0);
    }
}
