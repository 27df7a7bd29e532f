package org.opensn.embedded.containers;

import org.opensn.embedded.EmbeddedKafka;
import org.opensn.embedded.EmbeddedSchemaRegistry;
import org.testcontainers.containers.Network;

/**
 * Starts the container-backed broker and registry on one Docker network, where the registry
 * reaches the broker at {@code kafka:19092}. Used by {@link org.opensn.embedded.junit.EmbeddedServices}.
 */
public final class ContainerServices {

    /** The broker image: the Apache Kafka project's own. */
    public static final String KAFKA_IMAGE = "apache/kafka:4.1.1";
    /** The registry image: Confluent's, the production default our client speaks to. */
    public static final String REGISTRY_IMAGE = "confluentinc/cp-schema-registry:8.0.0";

    private static final Network NETWORK = Network.newNetwork();
    private static ContainerKafka kafka;

    private ContainerServices() {
    }

    /** The broker container, started on the first call. */
    public static synchronized EmbeddedKafka kafka() {
        if (kafka == null) {
            kafka = new ContainerKafka(KAFKA_IMAGE, NETWORK).start();
        }
        return kafka;
    }

    /** A registry container on the broker's network (starts the broker first). */
    public static synchronized EmbeddedSchemaRegistry registry() {
        kafka();
        return new ContainerSchemaRegistry(REGISTRY_IMAGE, NETWORK, ContainerKafka.NETWORK_BOOTSTRAP).start();
    }
}
