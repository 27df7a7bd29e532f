package org.opensn.benchmarks.e2e;

import java.util.List;

/**
 * One round of the guarantees compared alone: the exactly-once app and the same app at-least-once,
 * each catching up the same backlog of N in turns with the other, one app running at a time
 * ({@link InterleavedRun}).
 *
 * @param eosFirst   whether the exactly-once app took the first turn in this round
 * @param eos        the exactly-once run ({@code processedSeconds}: the sum of its turns)
 * @param eosCpuUs   JVM CPU time per detection over its turns (µs: broker, both apps, GC, JIT)
 * @param alos       the at-least-once run
 * @param alosCpuUs  the same for it
 */
record AlonePair(boolean eosFirst, ThroughputResult eos, double eosCpuUs, ThroughputResult alos, double alosCpuUs) {

    /**
     * The cost over all {@code rounds} together: exactly-once's detections over the time of all its turns against
     * at-least-once's. A turn's rate swings by a quarter or more (a stall, a GC), a round has ~10 turns per app, so one
     * round's ratio still moves by ±10 %; the pooled turns of all rounds move less, and unlike a median of rounds they
     * keep every slow turn in the figure.
     */
    static double pooledCost(List<AlonePair> rounds) {
        return 1 - pooledRate(rounds, true) / pooledRate(rounds, false);
    }

    /** Extra CPU per detection that exactly-once takes over all {@code rounds} together. */
    static double pooledCpuCost(List<AlonePair> rounds) {
        return pooledCpuUs(rounds, true) / pooledCpuUs(rounds, false) - 1;
    }

    /** Detections per second of one app's turns in all {@code rounds}. */
    static double pooledRate(List<AlonePair> rounds, boolean exactlyOnce) {
        double events = 0;
        double seconds = 0;
        for (AlonePair r : rounds) {
            ThroughputResult app = exactlyOnce ? r.eos() : r.alos();
            events += app.events();
            seconds += app.processedSeconds();
        }
        return events / seconds;
    }

    /** JVM CPU per detection over one app's turns in all {@code rounds} (µs). */
    static double pooledCpuUs(List<AlonePair> rounds, boolean exactlyOnce) {
        double cpu = 0;
        double events = 0;
        for (AlonePair r : rounds) {
            ThroughputResult app = exactlyOnce ? r.eos() : r.alos();
            cpu += (exactlyOnce ? r.eosCpuUs() : r.alosCpuUs()) * app.events();
            events += app.events();
        }
        return cpu / events;
    }

    /** Share of at-least-once's processed rate that exactly-once loses (negative: it was faster). */
    double cost() {
        return 1 - eos.processedRate() / alos.processedRate();
    }

    /** Extra CPU per detection that exactly-once takes, as a share of at-least-once's. */
    double cpuCost() {
        return eosCpuUs / alosCpuUs - 1;
    }
}
