package org.opensn.benchmarks.e2e;

import java.util.Map;

/** The streams-app configurations a run compares; only {@code kafka.*} overrides of the shipped defaults. */
enum Variant {
    /** As shipped: exactly_once_v2 (Kafka Streams then commits every 100 ms). */
    EXACTLY_ONCE("eos", Map.of()),
    /** {@code kafka.processing.guarantee=at_least_once} (commit every 30 s, Kafka's default). */
    AT_LEAST_ONCE("alos", Map.of("processing.guarantee", "at_least_once")),
    /** At-least-once committing as often as exactly-once does: separates the cost of transactions from that of frequent commits. */
    AT_LEAST_ONCE_100MS("alos100", Map.of("processing.guarantee", "at_least_once", "commit.interval.ms", "100"));

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
