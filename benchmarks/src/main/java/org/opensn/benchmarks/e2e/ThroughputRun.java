package org.opensn.benchmarks.e2e;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Measures how fast one {@link MeasuredApp} (the streams app, or Kafka Streams alone) takes N detections published
 * through its collector as fast as it takes them: warm-up batch first (published, processed and,
 * under exactly-once, committed), then the clock starts at the first report of the measured batch.
 */
final class ThroughputRun {

    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final long WARM_UP_SETTLE_MILLIS = 1_500;
    private static final long COMMIT_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private ThroughputRun() {
    }

    static ThroughputResult measure(MeasuredApp p, EventCatalog catalog, int warmup, int n, Duration timeout, boolean awaitCommit)
            throws InterruptedException {
        requireEvents(catalog, warmup + n);
        warmUp(p, catalog, warmup, timeout);

        long base = p.detectionsProcessed();
        long target = base + n;
        AtomicLong publishedAt = new AtomicLong();
        AtomicLong ackedAt = new AtomicLong();
        AtomicLong retries = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long t0 = System.nanoTime();
        Thread publisher = new Thread(() -> {
            try {
                retries.set(p.publish(catalog.slice(warmup, warmup + n)));
                publishedAt.set(System.nanoTime());
                if (p.collector().flush(timeout)) {
                    ackedAt.set(System.nanoTime());
                }
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "e2e-publisher-" + p.name());
        publisher.start();

        long deadline = t0 + timeout.toNanos();
        Progress progress = awaitProgress(p, target, deadline, awaitCommit, () -> ackedAt.get() != 0, () -> failure.get() != null);
        publisher.join(TimeUnit.NANOSECONDS.toMillis(Math.max(1, deadline - System.nanoTime())) + 1);
        if (failure.get() != null) {
            throw new IllegalStateException(p.name() + ": publishing failed: " + failure.get(), failure.get());
        }
        return new ThroughputResult(p.settings(), n, seconds(t0, publishedAt.get()),
                seconds(t0, ackedAt.get()), seconds(t0, progress.processedAt()), seconds(t0, progress.committedAt()), retries.get(),
                p.detectionsProcessed() - base, p.deadLetters());
    }

    /**
     * Measures how fast {@code p} catches up a backlog: after the warm-up the app is paused, N
     * detections are published through the collector and acknowledged, then the app resumes and the
     * clock runs from the resume until they are processed and (under exactly-once) committed. The
     * pipeline then has the machine to itself, as the producer has in {@code ProducerPerformance}.
     */
    static ThroughputResult measureBacklog(MeasuredApp p, EventCatalog catalog, int warmup, int n, Duration timeout,
            Runnable atResume) throws InterruptedException {
        long retries = pausedWithBacklog(p, catalog, warmup, n, timeout);
        long base = p.detectionsProcessed();
        long target = base + n;
        atResume.run();
        long t0 = System.nanoTime();
        p.streams().resume();
        Progress progress = awaitProgress(p, target, t0 + timeout.toNanos(), p.exactlyOnce(), () -> true, () -> false);
        return new ThroughputResult(p.settings(), n, 0, 0, seconds(t0, progress.processedAt()), seconds(t0, progress.committedAt()), retries,
                p.detectionsProcessed() - base, p.deadLetters());
    }

    /**
     * Warms {@code p} up, pauses it and publishes the N detections after the warm-up through its collector until the
     * broker has acknowledged them all: a backlog for {@code p} to catch up once resumed. Returns the reports retried
     * because the collector's queue was full.
     */
    static long pausedWithBacklog(MeasuredApp p, EventCatalog catalog, int warmup, int n, Duration timeout) throws InterruptedException {
        requireEvents(catalog, warmup + n);
        warmUp(p, catalog, warmup, timeout);
        p.streams().pause();
        long retries = p.publish(catalog.slice(warmup, warmup + n));
        if (!p.collector().flush(timeout)) {
            throw new IllegalStateException(p.name() + ": the collector did not get " + n + " reports acknowledged within " + timeout);
        }
        return retries;
    }

    /** When a batch was processed and committed ({@code System.nanoTime()}; 0 for a point not reached). */
    private record Progress(long processedAt, long committedAt) {
    }

    /**
     * Polls {@code p} until its processed detections reach {@code target} and, if {@code awaitCommit}, its
     * committed offsets reach the end of its inputs (checked only once {@code commitCheckable} holds),
     * or until the deadline, {@code failed}, or a commit seen while the metric stays short for 5 s.
     */
    private static Progress awaitProgress(MeasuredApp p, long target, long deadline, boolean awaitCommit, BooleanSupplier commitCheckable,
            BooleanSupplier failed) throws InterruptedException {
        long processedAt = 0;
        long committedAt = 0;
        long nextCommitCheck = 0;
        while (System.nanoTime() < deadline && !failed.getAsBoolean()) {
            long now = System.nanoTime();
            if (processedAt == 0 && p.detectionsProcessed() >= target) {
                processedAt = now;
                nextCommitCheck = now;
            }
            if (awaitCommit && committedAt == 0 && commitCheckable.getAsBoolean() && now >= nextCommitCheck) {
                if (p.committedToEnd()) {
                    committedAt = System.nanoTime();
                }
                nextCommitCheck = System.nanoTime() + (processedAt == 0 ? COMMIT_CHECK_NANOS : POLL_NANOS); // then the commit is all that is left to time
            }
            boolean done = processedAt != 0 && (!awaitCommit || committedAt != 0);
            boolean metricStuck = committedAt != 0 && processedAt == 0 && now - committedAt > TimeUnit.SECONDS.toNanos(5);
            if (done || metricStuck) {
                break;
            }
            Thread.sleep(POLL_NANOS / 1_000_000);
        }
        return new Progress(processedAt, committedAt);
    }

    private static void requireEvents(EventCatalog catalog, int needed) {
        if (needed > catalog.size()) {
            throw new IllegalArgumentException("the catalog holds " + catalog.size() + " events, the run needs " + needed);
        }
    }

    /**
     * Publishes the first {@code warmup} events and waits until they are processed (and, under exactly-once,
     * committed), then until their threat partials are merged.
     */
    static void warmUp(MeasuredApp p, EventCatalog catalog, int warmup, Duration timeout) throws InterruptedException {
        long warmupBase = p.detectionsProcessed();
        p.publish(catalog.slice(0, warmup));
        long warmupDeadline = System.nanoTime() + timeout.toNanos();
        while (p.detectionsProcessed() < warmupBase + warmup
                || (p.exactlyOnce() && !p.committedToEnd())) {
            if (System.nanoTime() > warmupDeadline) {
                throw new IllegalStateException(p.name() + ": warm-up of " + warmup + " events not processed within " + timeout
                        + " (processed " + (p.detectionsProcessed() - warmupBase) + ", state " + p.state() + ")");
            }
            Thread.sleep(50);
        }
        // the warm-up's partial threat windows reach the merge within a second plus a commit: let them, so
        // that none is fetched but not yet processed when a measurement takes its base (it would count as +1)
        Thread.sleep(WARM_UP_SETTLE_MILLIS);
    }

    /** Seconds from {@code t0} to {@code at} ({@code System.nanoTime()}s); NaN for a point not reached (0). */
    static double seconds(long t0, long at) {
        return at == 0 ? Double.NaN : (at - t0) / 1e9;
    }
}
