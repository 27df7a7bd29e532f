package org.opensn.embedded;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;

/**
 * The only class that touches Kafka's internal server classes ({@code kafka.server.*} and the
 * KRaft storage {@link Formatter}). A Kafka upgrade that moves them should need changes here only.
 *
 * <p>One instance is one run of a combined broker+controller node: {@link #startup()} once,
 * {@link #shutdown()} once. A restart builds a new instance over the same, already formatted,
 * directory.
 */
final class KRaftNode {

    private final KafkaRaftServer server;

    private KRaftNode(KafkaRaftServer server) {
        this.server = server;
    }

    /** Validates the broker properties; throws {@link org.apache.kafka.common.config.ConfigException} with Kafka's reason. */
    static KRaftNode create(Map<String, String> brokerProperties) {
        KafkaConfig config = new KafkaConfig(brokerProperties, false);
        return new KRaftNode(new KafkaRaftServer(config, Time.SYSTEM));
    }

    /** A fresh random KRaft cluster id. */
    static String newClusterId() {
        return Uuid.randomUuid().toString();
    }

    /** True when {@code logDir} already holds a formatted KRaft node ({@code meta.properties}). */
    static boolean isFormatted(Path logDir) {
        return Files.isRegularFile(logDir.resolve("meta.properties"));
    }

    /**
     * Formats {@code logDir} (which also holds the metadata log) like {@code kafka-storage.sh format}
     * does, with the latest production metadata version.
     *
     * @param scramArguments SCRAM credentials to create at format time, in the
     *     {@code kafka-storage.sh --add-scram} syntax, e.g.
     *     {@code SCRAM-SHA-512=[name=alice,password=secret]}; empty for none
     */
    static void format(Path logDir, int nodeId, String clusterId, String controllerListenerName,
            List<String> scramArguments) throws Exception {
        Formatter formatter = new Formatter()
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                .setNodeId(nodeId)
                .setClusterId(clusterId)
                .setControllerListenerName(controllerListenerName)
                .setMetadataLogDirectory(logDir.toString())
                .addDirectory(logDir.toString());
        if (!scramArguments.isEmpty()) {
            formatter.setScramArguments(scramArguments);
        }
        formatter.run();
    }

    /** Starts controller and broker; returns once the broker is registered and unfenced. */
    void startup() {
        server.startup();
    }

    /** Shuts controller and broker down and waits until they are down. */
    void shutdown() {
        server.shutdown();
        server.awaitShutdown();
    }
}
