package org.opensn.embedded.containers;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.opensn.embedded.EmbeddedKafka;
import org.opensn.embedded.KafkaSecurity;
import org.testcontainers.containers.Network;
import org.testcontainers.kafka.KafkaContainer;

/**
 * An {@link EmbeddedKafka} backed by an {@code apache/kafka} container. It cannot be stopped and
 * restarted on the same port, nor secured: tests that need that build their own in-process broker,
 * which works with or without Docker.
 */
final class ContainerKafka implements EmbeddedKafka {

    static final String NETWORK_BOOTSTRAP = "kafka:19092";

    private final KafkaContainer container;

    ContainerKafka(String image, Network network) {
        this.container = new KafkaContainer(image)
                .withNetwork(network)
                .withListener(NETWORK_BOOTSTRAP)
                .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0")
                .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "true");
    }

    @Override
    public ContainerKafka start() {
        if (!container.isRunning()) {
            container.start();
        }
        return this;
    }

    @Override
    public void stop() {
        throw unsupported("stop and restart on the same port");
    }

    @Override
    public boolean isRunning() {
        return container.isRunning();
    }

    @Override
    public String bootstrapServers() {
        return container.getBootstrapServers().replaceFirst("^PLAINTEXT://", "");
    }

    @Override
    public int port() {
        String b = bootstrapServers();
        return Integer.parseInt(b.substring(b.lastIndexOf(':') + 1));
    }

    @Override
    public Path dataDir() {
        throw unsupported("expose its data directory");
    }

    @Override
    public Map<String, Object> clientProperties() {
        Map<String, Object> p = new HashMap<>();
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return p;
    }

    @Override
    public Map<String, Object> clientProperties(String user, String password) {
        throw unsupported("use SASL");
    }

    @Override
    public KafkaSecurity security() {
        return KafkaSecurity.plaintext();
    }

    @Override
    public void createUser(String name, String password) {
        throw unsupported("create SCRAM users");
    }

    @Override
    public void createTopic(String name, int partitions, Map<String, String> configs) {
        try (Admin admin = Admin.create(clientProperties())) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1).configs(configs))).all().get(60, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not create topic " + name + " on the Kafka container at " + bootstrapServers() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topic " + name, e);
        }
    }

    @Override
    public void close() {
        container.stop();
    }

    @Override
    public String toString() {
        return "Kafka container " + container.getDockerImageName() + " at " + bootstrapServers();
    }

    private static UnsupportedOperationException unsupported(String what) {
        return new UnsupportedOperationException("the Kafka container cannot " + what
                + "; build an in-process broker with EmbeddedKafka.builder() for such a test");
    }
}
