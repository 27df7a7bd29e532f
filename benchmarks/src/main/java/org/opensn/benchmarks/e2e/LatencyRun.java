package org.opensn.benchmarks.e2e;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.opensn.cache.VerdictListener;
import org.opensn.cache.VerdictSubscriber;
import org.opensn.collector.EndpointCollector;
import org.opensn.collector.ReportStatus;
import org.opensn.collector.sim.EventSink;
import org.opensn.collector.sim.FleetSimulator;
import org.opensn.schemas.ObjectRef;
import org.opensn.schemas.avro.DetectionEvent;
import org.opensn.schemas.avro.DetectionTechnology;
import org.opensn.schemas.avro.Verdict;

/**
 * Latency from a report to its verdict being visible in a reputation cache, under a steady load.
 *
 * <p>Two threads report through the same collector: the fleet simulator at the background rate,
 * and a probe thread. Each probe is a new file hash that {@code minDevices} distinct new devices
 * report as a definitive (signature) detection, {@value #SPACING_MS} ms apart; the last of those
 * reports is the one that crosses the MALICIOUS rule's threshold, so its <em>scheduled</em> send
 * time (scheduled, not actual, so a late sender counts against us) is the start of the sample, and
 * the cache listener's call with MALICIOUS for that ref its end. Probe reports make up at most
 * half of the offered load.
 */
final class LatencyRun {

    static final long SPACING_MS = 200;
    private static final int MAX_PROBES_PER_SECOND = 20;
    private static final Duration DRAIN = Duration.ofSeconds(30);

    private LatencyRun() {
    }

    private record Send(long atNanos, int probe, int report) {
    }

    static LatencyResult measure(EndpointCollector collector, VerdictSubscriber cache, int minDevices, double rate, Duration duration)
            throws InterruptedException {
        int k = minDevices;
        double probeRate = Math.min(MAX_PROBES_PER_SECOND, rate / (2.0 * k));
        double backgroundRate = rate - probeRate * k;
        long leadNanos = TimeUnit.MILLISECONDS.toNanos(SPACING_MS * (k - 1));
        int probes = (int) Math.floor((duration.toNanos() - leadNanos) / 1e9 * probeRate);
        if (probes < 1) {
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
        AtomicReferenceArray<Boolean> seen = new AtomicReferenceArray<>(probes);
        Histogram micros = new Histogram(TimeUnit.MINUTES.toMicros(5), 3);
        AtomicLong early = new AtomicLong();
        AtomicLong samples = new AtomicLong();
        VerdictListener listener = (ref, previous, current) -> {
            Integer i = probeOf.get(ref);
            if (i == null || current == null || current.verdict() != Verdict.MALICIOUS || !seen.compareAndSet(i, null, Boolean.TRUE)) {
                return;
            }
            long now = System.nanoTime();
            long sent = crossingSentAt.get(i);
            if (sent == 0) {
                early.incrementAndGet();
                return;
            }
            synchronized (micros) {
                micros.recordValue(Math.min(micros.getHighestTrackableValue(), Math.max(0, (now - sent) / 1_000)));
            }
            samples.incrementAndGet();
        };
        cache.addListener(listener);
        try {
            long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
            List<Send> schedule = new ArrayList<>(probes * k);
            for (int i = 0; i < probes; i++) {
                long crossing = start + leadNanos + (long) (i * 1e9 / probeRate);
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
                        LockSupport.parkNanos(Math.max(0, start - System.nanoTime()));
                        FleetSimulator fleet = FleetSimulator.builder().devices(EventCatalog.FLEET_DEVICES).seed(EventCatalog.SEED + 1)
                                .threatSourceShare(0).build();
                        backgroundEvents.set(fleet.run(droppedCounting(collector), backgroundRate, duration, null).events());
                    }
                } catch (Throwable e) {
                    failure.set(e);
                }
            }, "e2e-latency-background");
            background.start();

            FleetSimulator probeTemplates = FleetSimulator.builder().devices(EventCatalog.FLEET_DEVICES).seed(EventCatalog.SEED + 2).build();
            long probeEvents = 0;
            long probeDrops = 0;
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
                } else {
                    probeDrops++;
                }
            }
            background.join(duration.toMillis() + 60_000);
            double seconds = (System.nanoTime() - start) / 1e9;
            if (failure.get() != null) {
                throw new IllegalStateException("background load failed: " + failure.get(), failure.get());
            }
            if (probeDrops > 0) {
                throw new IllegalStateException(probeDrops + " probe reports were not accepted by the collector (queue full?)");
            }
            long drainDeadline = System.nanoTime() + DRAIN.toNanos();
            while (samples.get() + early.get() < probes && System.nanoTime() < drainDeadline) {
                Thread.sleep(50);
            }
            synchronized (micros) {
                return new LatencyResult(rate, (backgroundEvents.get() + probeEvents) / seconds, seconds, k, probes, samples.get(), early.get(),
                        probes - samples.get() - early.get(), micros.getValueAtPercentile(50) / 1000.0, micros.getValueAtPercentile(99) / 1000.0,
                        micros.getValueAtPercentile(99.9) / 1000.0, micros.getMaxValue() / 1000.0);
            }
        } finally {
            cache.removeListener(listener);
        }
    }

    /** The collector as an event sink that fails loudly if a background report is not accepted. */
    private static EventSink droppedCounting(EndpointCollector collector) {
        return new EventSink() {
            @Override
            public void detection(DetectionEvent event) {
                check(collector.reportDetection(event).status());
            }

            @Override
            public void threatSource(org.opensn.schemas.avro.ThreatSourceEvent event) {
                check(collector.reportThreatSource(event).status());
            }

            private void check(ReportStatus status) {
                if (status != ReportStatus.ACCEPTED) {
                    throw new IllegalStateException("the collector did not accept a background report: " + status);
                }
            }
        };
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
