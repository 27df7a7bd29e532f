package org.opensn.benchmarks.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.opensn.cache.VerdictListener;
import org.opensn.cache.VerdictSubscriber;
import org.opensn.collector.EndpointCollector;
import org.opensn.collector.ReportStatus;
import org.opensn.collector.sim.FleetSimulator;
import org.opensn.collector.sim.Pacer;
import org.opensn.schemas.ObjectRef;
import org.opensn.schemas.avro.DetectionEvent;
import org.opensn.schemas.avro.DetectionTechnology;
import org.opensn.schemas.avro.Verdict;

/**
 * Latency from a report to its verdict being visible in a reputation cache, under a steady load.
 *
 * <p>Two threads report through the same collector: a background thread at the background rate, and a probe
 * thread. The background thread replays the detections the fleet simulator made up front for the throughput
 * runs, over and over (no step of the pipeline deduplicates): the load is the measured runs' workload, on
 * the same objects and devices, and, as in those runs, whose rate sets the load, the simulator's own work is
 * not on the machine while it is measured. Each probe is a new file hash that {@code minDevices} distinct new devices
 * report as a definitive (signature) detection, {@value #SPACING_MS} ms apart; the last of those
 * reports is the one that crosses the MALICIOUS rule's threshold, so its <em>scheduled</em> send
 * time (scheduled, not actual, so a late sender counts against us) is the start of the sample, and
 * the cache listener's call with MALICIOUS for that ref its end. Probe reports make up at most
 * half of the offered load. The load starts {@link #LEAD_IN} before the measured {@code duration}; the
 * probes of that lead-in go into a histogram of their own, reported apart.
 */
final class LatencyRun {

    static final long SPACING_MS = 200;
    /**
     * The load runs this long before the measured window; its probes are reported apart. In the benchmark
     * the phase follows a burst of N detections, and the load generator's and the new cache's code are cold
     * in that JVM: the first ~3 s then showed 1.0-1.6 s where the rest of the minute showed under 0.6 s.
     */
    static final Duration LEAD_IN = Duration.ofSeconds(10);
    private static final int MAX_PROBES_PER_SECOND = 20;
    private static final long REPLAY_TICK_MS = 1;
    private static final Duration DRAIN = Duration.ofSeconds(30);

    private LatencyRun() {
    }

    private record Send(long atNanos, int probe, int report) {
    }

    /**
     * @param rate     offered reports per second, probes included
     * @param replayed the background load's detections, reported in turn and from the first again after the last
     */
    static LatencyResult measure(EndpointCollector collector, VerdictSubscriber cache, int minDevices, double rate, Duration duration,
            List<DetectionEvent> replayed) throws InterruptedException {
        if (replayed.isEmpty()) {
            throw new IllegalArgumentException("no detections to replay as the background load");
        }
        int k = minDevices;
        double probeRate = Math.min(MAX_PROBES_PER_SECOND, rate / (2.0 * k));
        double backgroundRate = rate - probeRate * k;
        long leadNanos = TimeUnit.MILLISECONDS.toNanos(SPACING_MS * (k - 1));
        int leadInProbes = (int) Math.floor(LEAD_IN.toNanos() / 1e9 * probeRate);
        int probes = leadInProbes + (int) Math.floor((duration.toNanos() - leadNanos) / 1e9 * probeRate);
        if (probes <= leadInProbes) {
            throw new IllegalArgumentException("rate " + rate + "/s over " + duration + " leaves no room for a probe");
        }
        String run = UUID.randomUUID().toString();
        Map<String, Integer> probeOf = new HashMap<>();
        String[] hashes = new String[probes];
        for (int i = 0; i < probes; i++) {
            hashes[i] = sha256("opensn-e2e-probe/" + run + "/" + i);
            probeOf.put(ObjectRef.file(hashes[i]).toString(), i);
        }
        AtomicLongArray crossingSentAt = new AtomicLongArray(probes);
        AtomicLongArray seenAt = new AtomicLongArray(probes); // 0 until the cache first shows the probe MALICIOUS
        Histogram micros = new Histogram(TimeUnit.MINUTES.toMicros(5), 3); // guarded by itself, as is leadInMicros
        Histogram leadInMicros = new Histogram(TimeUnit.MINUTES.toMicros(5), 3);
        AtomicLong early = new AtomicLong();
        AtomicLong samples = new AtomicLong();
        VerdictListener listener = (ref, previous, current) -> {
            Integer i = probeOf.get(ref);
            long now = System.nanoTime();
            if (i == null || current == null || current.verdict() != Verdict.MALICIOUS || !seenAt.compareAndSet(i, 0, now)) {
                return;
            }
            long sent = crossingSentAt.get(i);
            boolean leadIn = i < leadInProbes;
            if (sent == 0) {
                if (!leadIn) {
                    early.incrementAndGet();
                }
                return;
            }
            Histogram into = leadIn ? leadInMicros : micros;
            synchronized (micros) {
                into.recordValue(Math.min(into.getHighestTrackableValue(), Math.max(0, (now - sent) / 1_000)));
            }
            if (!leadIn) {
                samples.incrementAndGet();
            }
        };
        cache.addListener(listener);
        try {
            long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
            List<Send> schedule = new ArrayList<>(probes * k);
            for (int i = 0; i < probes; i++) {
                long crossing = start + leadNanos + (long) (i * 1e9 / probeRate); // the first leadInProbes fall in LEAD_IN
                for (int j = 1; j <= k; j++) {
                    schedule.add(new Send(crossing - TimeUnit.MILLISECONDS.toNanos(SPACING_MS * (k - j)), i, j));
                }
            }
            schedule.sort((a, b) -> Long.compare(a.atNanos(), b.atNanos()));

            AtomicLong backgroundEvents = new AtomicLong();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread background = new Thread(() -> {
                try {
                    if (backgroundRate > 0) {
                        backgroundEvents.set(replay(collector, replayed, start, backgroundRate, LEAD_IN.plus(duration)));
                    }
                } catch (Throwable e) {
                    failure.set(e);
                }
            }, "e2e-latency-background");
            background.start();

            FleetSimulator probeTemplates = FleetSimulator.builder().devices(EventCatalog.FLEET_DEVICES).seed(EventCatalog.SEED + 2).build();
            long probeEvents = 0;
            long probeDrops = 0;
            String firstDrop = null;
            for (Send s : schedule) {
                long wait = s.atNanos() - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                DetectionEvent event = DetectionEvent.newBuilder(probeTemplates.nextDetection())
                        .setEventId(UUID.randomUUID().toString())
                        .setEventTime(Instant.now())
                        .setDeviceInstallId(UUID.nameUUIDFromBytes((run + "/" + s.probe() + "/" + s.report()).getBytes(StandardCharsets.UTF_8)).toString())
                        .setObjectSha256(hashes[s.probe()])
                        .setDetectionTechnology(DetectionTechnology.SIGNATURE)
                        .build();
                if (s.report() == k) {
                    crossingSentAt.set(s.probe(), s.atNanos());
                }
                if (collector.reportDetection(event).status() == ReportStatus.ACCEPTED) {
                    probeEvents++;
                } else if (probeDrops++ == 0) {
                    firstDrop = when(start);
                }
            }
            background.join(LEAD_IN.plus(duration).toMillis() + 60_000);
            double seconds = (System.nanoTime() - start) / 1e9;
            if (failure.get() != null) {
                throw new IllegalStateException("background load failed: " + failure.get(), failure.get());
            }
            if (probeDrops > 0) {
                throw new IllegalStateException(probeDrops + " probe reports were not accepted by the collector (queue full?), the first "
                        + firstDrop);
            }
            long drainDeadline = System.nanoTime() + DRAIN.toNanos();
            while (samples.get() + early.get() < probes - leadInProbes && System.nanoTime() < drainDeadline) {
                Thread.sleep(50);
            }
            writeTrace(start, crossingSentAt, seenAt);
            synchronized (micros) {
                int measured = probes - leadInProbes;
                return new LatencyResult(rate, (backgroundEvents.get() + probeEvents) / seconds, seconds - LEAD_IN.toSeconds(), k, measured,
                        samples.get(), early.get(), measured - samples.get() - early.get(), micros.getValueAtPercentile(50) / 1000.0,
                        micros.getValueAtPercentile(99) / 1000.0, micros.getValueAtPercentile(99.9) / 1000.0, micros.getMaxValue() / 1000.0,
                        new LatencyResult.LeadIn(LEAD_IN.toSeconds(), leadInMicros.getTotalCount(), leadInMicros.getValueAtPercentile(50) / 1000.0,
                                leadInMicros.getValueAtPercentile(99) / 1000.0, leadInMicros.getMaxValue() / 1000.0));
            }
        } finally {
            cache.removeListener(listener);
        }
    }

    /**
     * With {@code -Dopensn.e2e.latency.trace=FILE}: one line per probe, its crossing report's scheduled send time
     * (wall clock, ms since the epoch) and its latency in ms (empty if not seen, or seen early), to line slow probes up with a GC
     * or I/O log. Appends, so the phases of one run share the file.
     */
    private static void writeTrace(long startNanos, AtomicLongArray sentAt, AtomicLongArray seenAt) {
        String file = System.getProperty("opensn.e2e.latency.trace");
        if (file == null) {
            return;
        }
        long epochMillisAtStart = System.currentTimeMillis() - (System.nanoTime() - startNanos) / 1_000_000;
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < sentAt.length(); i++) {
            long sent = sentAt.get(i);
            long seen = seenAt.get(i);
            out.append(epochMillisAtStart + (sent - startNanos) / 1_000_000).append(',')
                    .append(seen == 0 || sent == 0 || seen < sent ? "" : String.valueOf((seen - sent) / 1_000_000)).append('\n');
        }
        try {
            Files.writeString(Path.of(file), out, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            System.err.println("latency trace not written to " + file + ": " + e);
        }
    }

    /**
     * Reports {@code events} in turn, from the first again after the last, at {@code rate} per second from {@code startNanos}
     * for {@code duration}, paced by a {@link Pacer} that sleeps at least {@value #REPLAY_TICK_MS} ms: so about a thousand
     * bursts a second at most, each waking the collector's sender once (with the fleet simulator's 100 µs the two threads
     * woke some thousands of times a second, and this thread took 2.7 µs per report, mostly in the kernel, against 1.6 µs
     * so; the collector's producer batches for 20 ms anyway). Fails loudly if the collector does not accept a report.
     *
     * @return the number reported
     */
    private static long replay(EndpointCollector collector, List<DetectionEvent> events, long startNanos, double rate, Duration duration)
            throws InterruptedException {
        int[] next = {0};
        return new Pacer(rate, Duration.ofMillis(REPLAY_TICK_MS)).run(startNanos, startNanos + duration.toNanos(), () -> {
            ReportStatus status = collector.reportDetection(events.get(next[0])).status();
            if (status != ReportStatus.ACCEPTED) {
                throw new IllegalStateException("the collector did not accept a background report: " + status + ", " + when(startNanos));
            }
            next[0] = next[0] + 1 == events.size() ? 0 : next[0] + 1;
        }, () -> { });
    }

    /** When a report was refused, so that a failed run can be lined up with the GC log and the thread samples. */
    private static String when(long startNanos) {
        return String.format(Locale.ROOT, "%.1f s into the load (%s)", (System.nanoTime() - startNanos) / 1e9, Instant.now());
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
