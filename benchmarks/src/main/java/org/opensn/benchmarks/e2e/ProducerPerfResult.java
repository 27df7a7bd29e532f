package org.opensn.benchmarks.e2e;

/**
 * Kafka's {@code ProducerPerformance}, as it printed its total line.
 *
 * @param records      records sent
 * @param recordBytes  size of each record's value
 * @param rate         records/s
 * @param mbPerSecond  MB/s
 * @param p50Ms        median acknowledgement latency (ms)
 * @param p99Ms        99th percentile acknowledgement latency (ms)
 * @param settings     the producer settings used
 */
record ProducerPerfResult(long records, int recordBytes, double rate, double mbPerSecond, int p50Ms, int p99Ms, String settings) {
}
