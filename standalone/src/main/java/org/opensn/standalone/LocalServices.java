package org.opensn.standalone;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.opensn.embedded.EmbeddedKafka;
import org.opensn.embedded.EmbeddedSchemaRegistry;
import org.opensn.schemas.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker and registry of a local run, with their data kept under one directory so that a
 * restart finds every retained record and every schema again (the registry keeps its schemas in
 * the broker, Apicurio's KafkaSQL storage).
 */
final class LocalServices implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalServices.class);

    private final EmbeddedKafka kafka;
    private final EmbeddedSchemaRegistry registry;

    private LocalServices(EmbeddedKafka kafka, EmbeddedSchemaRegistry registry) {
        this.kafka = kafka;
        this.registry = registry;
    }

    /** Starts the broker on {@code kafkaPort} and the registry on {@code registryPort}, then creates the contract topics. */
    static LocalServices start(Path dataDir, int kafkaPort, int registryPort, Topics topics, int partitions) throws Exception {
        return start(dataDir, kafkaPort, registryPort, topics, partitions, org.opensn.embedded.KafkaSecurity.plaintext());
    }

    /**
     * As above with {@code security}. A SASL broker's registry keeps its schemas in memory: Apicurio's KafkaSQL
     * storage speaks SASL only with OAUTHBEARER, so in secure mode schemas are registered again after a restart.
     */
    static LocalServices start(Path dataDir, int kafkaPort, int registryPort, Topics topics, int partitions,
            org.opensn.embedded.KafkaSecurity security) throws Exception {
        Files.createDirectories(dataDir);
        EmbeddedKafka.Builder builder = EmbeddedKafka.builder();
        if (security.isSasl()) {
            // clients log in again every 10 minutes, so a revoked licence also ends connections already open
            builder.brokerProperty("connections.max.reauth.ms", Long.toString(java.time.Duration.ofMinutes(10).toMillis()));
        }
        EmbeddedKafka kafka = builder
                .security(security)
                .dataDir(dataDir.resolve("kafka"))
                .port(kafkaPort)
                .partitions(partitions)
                .closeAtJvmExit(false) // closed last by the launcher's own shutdown hook, after its clients
                .build()
                .start();
        try {
            createTopics(kafka.clientProperties(), topics, partitions);
            EmbeddedSchemaRegistry.Builder registryBuilder = EmbeddedSchemaRegistry.builder().port(registryPort);
            if (!security.isSasl()) {
                registryBuilder.kafkaSqlBootstrap(kafka.bootstrapServers());
            }
            EmbeddedSchemaRegistry registry = registryBuilder.build().start();
            return new LocalServices(kafka, registry);
        } catch (Exception | Error e) {
            kafka.close();
            throw e;
        }
    }

    static void createTopics(String bootstrapServers, Topics topics, int partitions) throws InterruptedException, ExecutionException {
        createTopics(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), topics, partitions);
    }

    static void createTopics(Map<String, Object> adminClient, Topics topics, int partitions) throws InterruptedException, ExecutionException {
        String bootstrapServers = String.valueOf(adminClient.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG));
        Properties props = new Properties();
        props.putAll(adminClient);
        try (Admin admin = Admin.create(props)) {
            for (NewTopic topic : topics.newTopics(partitions, (short) 1)) {
                try {
                    admin.createTopics(java.util.List.of(topic)).all().get(60, TimeUnit.SECONDS);
                    LOG.info("created topic {} ({} partitions, {})", topic.name(), topic.numPartitions(), topic.configs());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                } catch (java.util.concurrent.TimeoutException e) {
                    throw new IllegalStateException("broker at " + bootstrapServers + " did not create topic " + topic.name() + " within 60 s", e);
                }
            }
        }
    }

    String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    /** The broker, e.g. for its client settings. */
    EmbeddedKafka kafka() {
        return kafka;
    }

    String registryUrl() {
        return registry.url();
    }

    Map<String, String> clientConfig() {
        return Map.of("bootstrap.servers", bootstrapServers(), "schema.registry.url", registryUrl());
    }

    @Override
    public void close() {
        try {
            registry.close();
        } finally {
            kafka.close();
        }
    }
}
