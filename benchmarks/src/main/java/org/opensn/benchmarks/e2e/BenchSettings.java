package org.opensn.benchmarks.e2e;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What one run of {@link EndToEndBenchmark} does.
 *
 * @param events            N, detection events per throughput run
 * @param warmupEvents      events published and processed before each throughput run's clock starts
 * @param partitions        partitions of every contract topic (and of the internal ones)
 * @param producerPerfRecords records sent by Kafka's ProducerPerformance
 * @param latencyDuration   how long the 60 %-load latency phase offers load
 * @param loadShare         share of the measured pipeline rate offered in the latency phase (0.6)
 * @param rounds            runs of the exactly-once pipeline alone (the best one counts)
 * @param phaseTimeout      longest wait for one throughput run to finish
 * @param doc               the PERFORMANCE.md to update, or null to print only
 */
record BenchSettings(int events, int warmupEvents, int partitions, int producerPerfRecords, Duration latencyDuration,
                     double loadShare, int rounds, Duration phaseTimeout, Path doc) {

    BenchSettings {
        if (events < 1_000 || events > 5_000_000) {
            throw new IllegalArgumentException("N must be between 1,000 and 5,000,000 events, got " + events);
        }
        if (partitions < 1 || partitions > 32) {
            throw new IllegalArgumentException("partitions must be between 1 and 32, got " + partitions);
        }
        if (latencyDuration.isNegative() || latencyDuration.toSeconds() < 10) {
            throw new IllegalArgumentException("the latency phase needs at least 10 s, got " + latencyDuration);
        }
        if (rounds < 1 || rounds > 10) {
            throw new IllegalArgumentException("rounds must be between 1 and 10, got " + rounds);
        }
        if (!(loadShare > 0 && loadShare <= 1)) {
            throw new IllegalArgumentException("load share must be within (0, 1], got " + loadShare);
        }
    }

    /** Defaults for {@code events}: warm-up N/10 (at most 5,000), 3 partitions, ProducerPerformance max(N, 500,000), 60 s at 60 %, 2 rounds. */
    static BenchSettings defaults(int events, Path doc) {
        return new BenchSettings(events, Math.min(5_000, Math.max(500, events / 10)), 3, Math.max(events, 500_000),
                Duration.ofSeconds(60), 0.6, 2, Duration.ofMinutes(4), doc);
    }
}
