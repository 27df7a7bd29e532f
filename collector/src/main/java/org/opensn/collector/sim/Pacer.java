package org.opensn.collector.sim;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Runs an action at a steady rate, paced by the system's monotonic time: the n-th call is due n / rate after the start,
 * a thread that is ahead sleeps (at least {@code minSleep}, at most 50 ms), and one that is behind catches up in bursts
 * of at most 10,000 calls. The fleet simulator paces its events with it; load generators that replay events do too.
 */
public final class Pacer {

    /** The action paced: one call per event. */
    @FunctionalInterface
    public interface Step {
        void run() throws InterruptedException;
    }

    private static final int MAX_BURST = 10_000;
    private static final long MAX_SLEEP_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final double nanosPerEvent;
    private final long minSleepNanos;

    /**
     * @param ratePerSecond calls per second, positive
     * @param minSleep      the shortest sleep when ahead: a longer one means fewer, larger bursts (and fewer wake-ups)
     */
    public Pacer(double ratePerSecond, Duration minSleep) {
        if (!(ratePerSecond > 0)) {
            throw new IllegalArgumentException("rate must be positive (events per second), got " + ratePerSecond);
        }
        this.nanosPerEvent = 1e9 / ratePerSecond;
        this.minSleepNanos = minSleep.toNanos();
    }

    /**
     * Calls {@code step} once for each event due from {@code startNanos} (which may lie ahead) until {@code endNanos}, and
     * {@code afterPass} after each sleep or burst (for progress reports).
     *
     * @return the number of calls
     */
    public long run(long startNanos, long endNanos, Step step, Runnable afterPass) throws InterruptedException {
        long events = 0;
        for (long now = System.nanoTime(); now < endNanos; now = System.nanoTime()) {
            long due = now < startNanos ? 0 : (long) ((now - startNanos) / nanosPerEvent) + 1;
            if (events >= due) {
                long wait = startNanos + (long) (events * nanosPerEvent) - now;
                TimeUnit.NANOSECONDS.sleep(Math.max(minSleepNanos, Math.min(wait, MAX_SLEEP_NANOS)));
            } else {
                for (long burst = Math.min(due - events, MAX_BURST); burst > 0; burst--) {
                    step.run();
                    events++;
                }
            }
            afterPass.run();
        }
        return events;
    }
}
