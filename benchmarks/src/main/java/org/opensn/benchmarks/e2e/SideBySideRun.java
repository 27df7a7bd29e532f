package org.opensn.benchmarks.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Compares streams-app configurations under the same conditions: all apps run at once, each fed N
 * detections through its own collector from the same instant, and each app's progress is read at the
 * moment the first one has processed all N. On a shared machine whose load swings from minute to
 * minute this is the fair comparison: every app sees the same load. The apps also compete with each
 * other, so the absolute rates are lower than in a run alone; the ratios are what count.
 */
final class SideBySideRun {

    private SideBySideRun() {
    }

    /** {@code apps.get(i)} runs {@code variants.get(i)}. */
    static List<SideBySideResult> measure(List<Variant> variants, List<PipelineInstance> apps, EventCatalog catalog, int warmup, int n,
            Duration timeout) throws InterruptedException {
        for (PipelineInstance p : apps) {
            ThroughputRun.warmUp(p, catalog, warmup, timeout);
        }
        long[] base = new long[apps.size()];
        for (int i = 0; i < apps.size(); i++) {
            base[i] = apps.get(i).detectionsProcessed();
        }
        long target = n;
        CountDownLatch gate = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> publishers = new ArrayList<>();
        for (PipelineInstance p : apps) {
            Thread t = new Thread(() -> {
                try {
                    gate.await();
                    p.publish(catalog.slice(warmup, warmup + n));
                } catch (Throwable e) {
                    failure.set(e);
                }
            }, "e2e-side-by-side-" + p.name());
            t.start();
            publishers.add(t);
        }
        long t0 = System.nanoTime();
        gate.countDown();
        long deadline = t0 + timeout.toNanos();
        long[] done = new long[apps.size()];
        long at;
        while (true) {
            Thread.sleep(20);
            at = System.nanoTime();
            boolean first = false;
            for (int i = 0; i < apps.size(); i++) {
                done[i] = apps.get(i).detectionsProcessed() - base[i];
                first |= done[i] >= target;
            }
            if (first) {
                break;
            }
            if (failure.get() != null) {
                throw new IllegalStateException("side-by-side publishing failed: " + failure.get(), failure.get());
            }
            if (at > deadline) {
                throw new IllegalStateException("no app of the side-by-side run processed N=" + n + " within " + timeout);
            }
        }
        for (Thread t : publishers) {
            t.join(timeout.toMillis());
        }
        double window = (at - t0) / 1e9;
        List<SideBySideResult> results = new ArrayList<>();
        for (int i = 0; i < apps.size(); i++) {
            results.add(new SideBySideResult(variants.get(i), apps.get(i).settings(),
                    (double) done[i], window));
        }
        return results;
    }
}
