package org.opensn.benchmarks.e2e;

/**
 * One round of the guarantees compared alone: the exactly-once app and the same app at-least-once,
 * one after the other (order alternating by round), each catching up the same backlog of N with the
 * machine to itself.
 *
 * @param eosFirst   whether the exactly-once app ran first in this round
 * @param eos        the exactly-once run
 * @param eosCpuUs   JVM CPU time per detection during its catch-up (µs: broker, app, GC, JIT)
 * @param alos       the at-least-once run
 * @param alosCpuUs  the same for it
 */
record AlonePair(boolean eosFirst, ThroughputResult eos, double eosCpuUs, ThroughputResult alos, double alosCpuUs) {

    /** Share of at-least-once's processed rate that exactly-once loses (negative: it was faster). */
    double cost() {
        return 1 - eos.processedRate() / alos.processedRate();
    }

    /** Extra CPU per detection that exactly-once takes, as a share of at-least-once's. */
    double cpuCost() {
        return eosCpuUs / alosCpuUs - 1;
    }
}
