package org.opensn.benchmarks.e2e;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The guarantees compared alone, interleaved: the exactly-once app and the same app at-least-once each get a
 * backlog of N while paused, then take turns catching it up, one turn of {@value #TURN_MILLIS} ms at a time,
 * until both have processed N. Only one app runs at any moment, so neither competes with the other for the
 * cores; and as the turns alternate every second, a slow minute of the host (PERFORMANCE.md, "Session 17")
 * or a GC falls on both apps alike, which whole catch-ups one after the other (8 s each) could not promise.
 * <p>
 * An app's rate is N over the sum of its turns, each timed from its resume to its pause (or to N processed).
 * After a pause the other app waits {@value #SETTLE_MILLIS} ms, a commit interval and more, so that the commit
 * the paused app still owes is not made on the other's clock. CPU is the whole JVM's (broker, both apps, GC,
 * JIT) over an app's turns and the settling after each.
 */
final class InterleavedRun {

    static final long TURN_MILLIS = 1_000;
    static final long SETTLE_MILLIS = 300;
    private static final long CHECK_MILLIS = 5;
    /** Prints every turn: how long the app took to make progress after its resume, and what it processed. */
    private static final boolean PRINT_TURNS = Boolean.getBoolean("opensn.e2e.turns");

    private InterleavedRun() {
    }

    /** One round: both apps warmed up and given a backlog of N, then their turns, {@code eosFirst} deciding who starts. */
    static AlonePair measure(PipelineInstance eos, PipelineInstance alos, boolean eosFirst, EventCatalog catalog, int warmup, int n,
            Duration timeout) throws InterruptedException {
        Lane e = new Lane(eos, ThroughputRun.pausedWithBacklog(eos, catalog, warmup, n, timeout), n);
        Lane a = new Lane(alos, ThroughputRun.pausedWithBacklog(alos, catalog, warmup, n, timeout), n);
        List<Lane> order = eosFirst ? List.of(e, a) : List.of(a, e);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!(e.done && a.done)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("interleaved catch-ups not done within " + timeout + ": " + e + "; " + a);
            }
            for (Lane lane : order) {
                if (!lane.done) {
                    lane.takeTurn();
                }
            }
        }
        return new AlonePair(eosFirst, e.result(), e.cpuMicrosPerDetection(), a.result(), a.cpuMicrosPerDetection());
    }

    /** One app's turns: its target, clock and CPU so far. */
    private static final class Lane {
        private final PipelineInstance p;
        private final long retries;
        private final int n;
        private final long base;
        private long activeNanos;
        private long cpuNanos;
        private int turns;
        private boolean done;
        private long processed;

        Lane(PipelineInstance p, long retries, int n) {
            this.p = p;
            this.retries = retries;
            this.n = n;
            this.base = p.detectionsProcessed();
        }

        /** Resumes the app for one turn (shorter if it reaches N), pauses it and lets it settle. */
        void takeTurn() throws InterruptedException {
            long cpuBefore = Machine.processCpuNanos();
            long t0 = System.nanoTime();
            p.streams().resume();
            long end = t0 + TimeUnit.MILLISECONDS.toNanos(TURN_MILLIS);
            long stop;
            long before = processed;
            long movedAt = 0;
            while (true) {
                long now = System.nanoTime();
                processed = p.detectionsProcessed() - base;
                if (movedAt == 0 && processed > before) {
                    movedAt = now;
                }
                if (processed >= n) {
                    done = true;
                    stop = now;
                    break;
                }
                if (now >= end) {
                    stop = now;
                    break;
                }
                Thread.sleep(CHECK_MILLIS);
            }
            p.streams().pause();
            activeNanos += stop - t0;
            turns++;
            Thread.sleep(SETTLE_MILLIS);
            long cpu = Machine.processCpuNanos() - cpuBefore;
            cpuNanos += cpu;
            if (PRINT_TURNS) {
                System.out.printf(java.util.Locale.ROOT, "[turn] %s: %,d in %.0f ms, first progress after %.0f ms, %.0f ms CPU%n", p.name(),
                        processed - before, (stop - t0) / 1e6, movedAt == 0 ? Double.NaN : (movedAt - t0) / 1e6, cpu / 1e6);
            }
        }

        ThroughputResult result() {
            return new ThroughputResult(p.settings(), n, 0, 0, activeNanos / 1e9, Double.NaN, retries, processed, p.deadLetters());
        }

        double cpuMicrosPerDetection() {
            return cpuNanos / 1e3 / n;
        }

        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "%s processed %,d of %,d in %d turns (%.1f s)", p.name(), processed, n, turns,
                    activeNanos / 1e9);
        }
    }
}
