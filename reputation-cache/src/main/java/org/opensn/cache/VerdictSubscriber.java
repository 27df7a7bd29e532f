package org.opensn.cache;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.serialization.Deserializer;
import org.opensn.schemas.avro.ReputationVerdict;

/**
 * Keeps a local table of the network's current verdicts, read from the compacted verdicts topic
 * ({@code opensn.verdicts}): from the beginning on first start, then every change as it comes. A
 * tombstone withdraws a verdict. Any number of subscribers may read the same topic: each assigns
 * itself every partition (no consumer group, no coordination) and holds the full table.
 *
 * <p>With a {@linkplain Builder#stateDir(Path) state dir} the table and its offsets are written
 * there periodically and on close, and a restart resumes from them instead of re-reading the
 * topic. A snapshot older than {@linkplain Builder#maxStateAge(Duration) maxStateAge} (keep it
 * below the topic's {@code delete.retention.ms}, or withdrawals could be missed) or behind the
 * topic's log start is discarded and the topic re-read.
 *
 * <pre>{@code
 * try (VerdictSubscriber verdicts = VerdictSubscriber.builder()
 *         .topic("opensn.verdicts")
 *         .kafkaProperty("bootstrap.servers", "127.0.0.1:9092")
 *         .serdeConfig(Map.of("schema.registry.url", "http://127.0.0.1:8081"))
 *         .stateDir(Path.of("state"))
 *         .build()
 *         .start()) {
 *     verdicts.awaitReady(Duration.ofMinutes(1));
 *     CachedVerdict v = verdicts.lookup("domain:example.com");
 * }
 * }</pre>
 */
public interface VerdictSubscriber extends VerdictView, AutoCloseable {

    /** A builder with the defaults described on each option. */
    static Builder builder() {
        return new Builder();
    }

    /** Starts reading on a background thread; returns at once. Call it once. */
    VerdictSubscriber start();

    /** Waits until {@link #isReady()}; returns false if {@code timeout} passed first. */
    boolean awaitReady(Duration timeout) throws InterruptedException;

    /** Adds a listener for changes applied from now on. */
    void addListener(VerdictListener listener);

    /** Removes a listener. */
    void removeListener(VerdictListener listener);

    /**
     * Per partition, the offset the consumer was positioned at when it started reading: 0 (or the
     * log start) on a fresh start, the stored offsets when resuming from the state dir. Empty
     * until the partitions are assigned.
     */
    Map<Integer, Long> startOffsets();

    /** True if the table was loaded from the state dir rather than read from the beginning. */
    boolean resumedFromState();

    /** Records applied to the table since start (records read, not re-read, from Kafka). */
    long recordsApplied();

    /** Writes the state-dir snapshot now (no-op without a state dir). */
    void saveState();

    /** Stops reading, writes a final snapshot (with a state dir) and releases the state dir. */
    @Override
    void close();

    /** Options for a {@link VerdictSubscriber}. */
    final class Builder {
        String topic = "opensn.verdicts";
        final Map<String, Object> kafka = new HashMap<>();
        final Map<String, Object> serdeConfig = new HashMap<>();
        Deserializer<ReputationVerdict> deserializer;
        Path stateDir;
        Duration snapshotInterval = Duration.ofMinutes(1);
        Duration maxStateAge = Duration.ofHours(12);
        Duration tombstoneRetention = Duration.ofHours(12);
        Duration pollTimeout = Duration.ofMillis(200);
        Clock clock = Clock.systemUTC();
        VerdictListener listener;

        Builder() {
        }

        /** The verdicts topic; default {@code opensn.verdicts}. */
        public Builder topic(String topic) {
            this.topic = requireText(topic, "topic");
            return this;
        }

        /** A Kafka consumer property (e.g. {@code bootstrap.servers}, security settings). */
        public Builder kafkaProperty(String key, Object value) {
            kafka.put(requireText(key, "kafka property name"), Objects.requireNonNull(value, "value of kafka property " + key));
            return this;
        }

        /** Kafka consumer properties, added to those already set. */
        public Builder kafkaProperties(Map<String, ?> properties) {
            properties.forEach(this::kafkaProperty);
            return this;
        }

        /**
         * Configuration of the Avro value deserializer ({@code schema.registry.url},
         * {@code basic.auth.user.info}, ...); ignored if {@link #deserializer} is set.
         */
        public Builder serdeConfig(Map<String, ?> config) {
            serdeConfig.putAll(config);
            return this;
        }

        /** A ready-configured value deserializer, instead of one made from {@link #serdeConfig}. */
        public Builder deserializer(Deserializer<ReputationVerdict> deserializer) {
            this.deserializer = Objects.requireNonNull(deserializer, "deserializer");
            return this;
        }

        /** Where the table is persisted; default none (in memory only, re-read on every start). */
        public Builder stateDir(Path dir) {
            this.stateDir = Objects.requireNonNull(dir, "stateDir");
            return this;
        }

        /** How often the snapshot is rewritten when the table changed; default 1 minute. */
        public Builder snapshotInterval(Duration interval) {
            this.snapshotInterval = requirePositive(interval, "snapshotInterval");
            return this;
        }

        /** A snapshot older than this is discarded on start; default 12 hours. */
        public Builder maxStateAge(Duration age) {
            this.maxStateAge = requirePositive(age, "maxStateAge");
            return this;
        }

        /**
         * How long a withdrawal is remembered so that {@link #changesSince} can report it; tokens
         * older than that get a full snapshot. Default 12 hours.
         */
        public Builder tombstoneRetention(Duration retention) {
            this.tombstoneRetention = requirePositive(retention, "tombstoneRetention");
            return this;
        }

        /** The clock for staleness and retention; default UTC system clock. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** A listener registered before the first record is applied. */
        public Builder listener(VerdictListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** Builds a subscriber; call {@link VerdictSubscriber#start()} on it. */
        public VerdictSubscriber build() {
            if (!kafka.containsKey("bootstrap.servers")) {
                throw new IllegalStateException("kafka property bootstrap.servers is not set: call kafkaProperty(\"bootstrap.servers\", \"host:port\")");
            }
            if (deserializer == null && !serdeConfig.containsKey("schema.registry.url")) {
                throw new IllegalStateException("neither a deserializer nor serdeConfig with schema.registry.url is set: "
                        + "call serdeConfig(Map.of(\"schema.registry.url\", ...)) or deserializer(...)");
            }
            return new KafkaVerdictSubscriber(this);
        }

        private static String requireText(String s, String what) {
            if (s == null || s.isBlank()) {
                throw new IllegalArgumentException(what + " is empty");
            }
            return s;
        }

        private static Duration requirePositive(Duration d, String what) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + " must be positive, was " + d);
            }
            return d;
        }
    }
}
