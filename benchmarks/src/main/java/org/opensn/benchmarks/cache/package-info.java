/**
 * Reputation cache benchmarks: in-process look-ups against {@code ConcurrentHashMap.get}
 * ({@link org.opensn.benchmarks.cache.CacheLookupBenchmark}, JMH), HTTP look-ups against a
 * constant-answer endpoint ({@link org.opensn.benchmarks.cache.HttpLookupLoad}), and write-to-visible
 * latency ({@link org.opensn.benchmarks.cache.VerdictFreshnessProbe}). Results and commands are in
 * docs/PERFORMANCE.md.
 */
package org.opensn.benchmarks.cache;
