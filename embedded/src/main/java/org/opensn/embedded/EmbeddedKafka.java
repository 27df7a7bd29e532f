package org.opensn.embedded;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A real single-node Apache Kafka (KRaft, broker and controller in one node) running inside this
 * JVM on 127.0.0.1, for tests and the standalone run.
 *
 * <pre>{@code
 * try (EmbeddedKafka kafka = EmbeddedKafka.builder().partitions(3).build().start()) {
 *     kafka.createTopic("orders", 3, Map.of("cleanup.policy", "compact"));
 *     Map<String, Object> producerConfig = new HashMap<>(kafka.clientProperties());
 *     ...
 * }
 * }</pre>
 *
 * <p>Everything a single broker needs is preset: replication factor 1 and min ISR 1 for the
 * internal topics (offsets, transactions, share groups), so consumer groups, idempotent and
 * transactional producers and {@code exactly_once_v2} Kafka Streams applications work;
 * {@code group.initial.rebalance.delay.ms=0}; topics are auto-created with
 * {@link Builder#partitions(int)} partitions. {@link Builder#brokerProperty(String, String)}
 * overrides any broker setting.
 *
 * <p>{@link #stop()} takes the broker down and keeps its port and data; {@link #start()} then
 * brings it back on the same port with the same topics, records and committed offsets, which is
 * how tests simulate a broker outage. {@link #close()} stops it for good and deletes the data
 * directory when it was a temporary one (also done at JVM exit if {@code close()} was never
 * called).
 *
 * <p>Instances are thread-safe.
 */
public interface EmbeddedKafka extends AutoCloseable {

    /** A builder with defaults: free port, temporary data directory, 1 partition per auto-created topic. */
    static Builder builder() {
        return new Builder();
    }

    /**
     * Starts the node, or restarts it after {@link #stop()} on the same port with the same data.
     * Returns once the broker accepts clients. Does nothing when already running.
     *
     * @return this
     * @throws IllegalStateException when closed, when the port is taken by someone else, or when
     *     Kafka fails to start (the message says why)
     */
    EmbeddedKafka start();

    /** Takes the broker down (controlled shutdown); port and data are kept for {@link #start()}. Does nothing when not running. */
    void stop();

    /** True between a successful {@link #start()} and the next {@link #stop()} or {@link #close()}. */
    boolean isRunning();

    /** The bootstrap address {@code 127.0.0.1:PORT}; stable across stop and start. */
    String bootstrapServers();

    /** The client port on 127.0.0.1. */
    int port();

    /** The directory holding the KRaft metadata and the topic data. */
    Path dataDir();

    /**
     * The settings every client needs to reach this broker: {@code bootstrap.servers} and, when the
     * broker requires authentication ({@link Builder#security}), the SASL settings that log in as its
     * admin user. A new mutable map on every call.
     */
    Map<String, Object> clientProperties();

    /**
     * The settings that log a client in as {@code user}: {@code bootstrap.servers} plus the SASL
     * settings of {@link KafkaSecurity#scramClientProperties}. A new mutable map on every call.
     *
     * @throws IllegalStateException when this broker does not use SASL
     */
    Map<String, Object> clientProperties(String user, String password);

    /** How clients authenticate and whether ACLs apply. */
    KafkaSecurity security();

    /**
     * Creates (or changes the password of) a SCRAM user on the running broker and returns once the
     * broker knows it.
     *
     * @throws IllegalStateException when this broker does not use SASL or is not running
     */
    void createUser(String name, String password);

    /**
     * Creates a topic (replication factor 1) and waits until every partition has a leader.
     *
     * @param configs topic configs such as {@code cleanup.policy}; may be empty
     * @throws IllegalStateException when the broker is not running, the topic already exists, or
     *     the broker refuses the topic (the message carries the broker's reason)
     */
    void createTopic(String name, int partitions, Map<String, String> configs);

    /** {@link #createTopic(String, int, Map)} without topic configs. */
    default void createTopic(String name, int partitions) {
        createTopic(name, partitions, Map.of());
    }

    /** Stops the broker for good and deletes a temporary data directory. Idempotent. */
    @Override
    void close();

    /** Configures an {@link EmbeddedKafka}. Not thread-safe; {@link #build()} may be called once or more. */
    final class Builder {

        Path dataDir;
        int port;
        int partitions = 1;
        KafkaSecurity security = KafkaSecurity.plaintext();
        boolean closeAtJvmExit = true;
        final Map<String, String> brokerProperties = new LinkedHashMap<>();

        Builder() {
        }

        /**
         * Keeps the data in {@code dir} (created if missing) instead of a temporary directory; it is
         * not deleted on close, and a directory formatted by an earlier run is reused as it is.
         */
        public Builder dataDir(Path dir) {
            this.dataDir = Objects.requireNonNull(dir, "dataDir");
            return this;
        }

        /** The client port on 127.0.0.1; default: a free port. */
        public Builder port(int port) {
            this.port = FreePorts.requireValid(port, "EmbeddedKafka port");
            return this;
        }

        /** Any broker setting, e.g. {@code log.retention.ms}; wins over the presets. Reserved: {@code node.id}, {@code process.roles}, listeners and log dirs. */
        public Builder brokerProperty(String name, String value) {
            Objects.requireNonNull(name, "broker property name");
            Objects.requireNonNull(value, () -> "value of broker property " + name);
            if (LocalKafka.RESERVED_PROPERTIES.contains(name)) {
                throw new IllegalArgumentException("broker property " + name
                        + " is set by EmbeddedKafka itself; use port(int) / dataDir(Path) instead of overriding it");
            }
            brokerProperties.put(name, value);
            return this;
        }

        /** Default number of partitions of auto-created topics ({@code num.partitions}); default 1. */
        public Builder partitions(int partitions) {
            if (partitions < 1) {
                throw new IllegalArgumentException("partitions must be at least 1, but was " + partitions);
            }
            this.partitions = partitions;
            return this;
        }

        /** Authentication and ACLs; default {@link KafkaSecurity#plaintext()}. */
        public Builder security(KafkaSecurity security) {
            this.security = Objects.requireNonNull(security, "security");
            return this;
        }

        /**
         * Whether a JVM shutdown hook closes the node (default true). Turn it off when the owner closes
         * it in its own shutdown hook after the clients that use it: shutdown hooks run concurrently,
         * so the broker's own hook would otherwise stop it under clients still closing. The owner must
         * then call {@link EmbeddedKafka#close()} itself (which also deletes a temporary data directory).
         */
        public Builder closeAtJvmExit(boolean close) {
            this.closeAtJvmExit = close;
            return this;
        }

        /** A new, not yet started node; call {@link EmbeddedKafka#start()}. */
        public EmbeddedKafka build() {
            return new LocalKafka(this);
        }
    }
}
