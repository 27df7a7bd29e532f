/**
 * The end-to-end benchmark of the OpenSN pipeline (issue 7): detection events published through the
 * collector library, anonymized and aggregated by the streams app, verdicts seen by a reputation cache,
 * against Kafka's own {@code ProducerPerformance} and a plain consume → produce loop on the same
 * embedded broker.
 *
 * <p>{@link org.opensn.benchmarks.e2e.EndToEndBenchmark} runs everything in one JVM on 127.0.0.1 and
 * writes the table into the "End-to-end pipeline" section of {@code docs/PERFORMANCE.md}:
 *
 * <pre>
 * benchmarks/run-e2e.sh [N]
 * </pre>
 */
package org.opensn.benchmarks.e2e;
