package org.opensn.benchmarks.e2e;

/**
 * The report → verdict-in-cache latency phase.
 *
 * @param offeredRate   events/s planned (share of the measured pipeline rate)
 * @param achievedRate  events/s actually reported through the collector
 * @param seconds       length of the phase
 * @param minDevices    {@code verdicts.min-devices}: the report that crosses the MALICIOUS threshold
 * @param probes        objects driven across the threshold
 * @param samples       verdicts seen in the cache after their crossing report (the histogram)
 * @param early         verdicts seen before the crossing report was sent (none expected)
 * @param missing       probes whose verdict never appeared within the wait after the phase
 * @param p50Ms         median latency, milliseconds
 * @param p99Ms         99th percentile
 * @param p999Ms        99.9th percentile
 * @param maxMs         maximum
 * @param leadIn        the probes of the load's first seconds, not in the figures above
 */
record LatencyResult(double offeredRate, double achievedRate, double seconds, int minDevices, int probes, long samples, long early,
                     long missing, double p50Ms, double p99Ms, double p999Ms, double maxMs, LeadIn leadIn) {

    /** The lead-in: {@code seconds} of the same load before the measured window, and its probes' latencies. */
    record LeadIn(long seconds, long samples, double p50Ms, double p99Ms, double maxMs) {
    }
}
