package org.opensn.benchmarks.e2e;

import java.util.Map;

/** The streams-app configurations a run compares; only {@code kafka.*} overrides of the shipped defaults. */
enum Variant {
    /** As shipped: exactly_once_v2, a commit every 250 ms ({@code StreamsAppConfig.DEFAULT_COMMIT_INTERVAL_MS}). */
    EXACTLY_ONCE("eos", Map.of()),
    /** The same app with {@code kafka.processing.guarantee=at_least_once} (and so the same 250 ms commits). */
    AT_LEAST_ONCE("alos", Map.of("processing.guarantee", "at_least_once")),
    /**
     * At-least-once with Kafka's default commit interval of 30 s: separates the cost of committing often
     * from that of transactions (verdicts would then wait up to 30 s for the stores' caches to flush).
     */
    AT_LEAST_ONCE_30S("alos30s", Map.of("processing.guarantee", "at_least_once", "commit.interval.ms", "30000"));

    private final String shortName;
    private final Map<String, String> kafkaOverrides;

    Variant(String shortName, Map<String, String> kafkaOverrides) {
        this.shortName = shortName;
        this.kafkaOverrides = kafkaOverrides;
    }

    String shortName() {
        return shortName;
    }

    Map<String, String> kafkaOverrides() {
        return kafkaOverrides;
    }

    boolean exactlyOnce() {
        return this == EXACTLY_ONCE;
    }
}
