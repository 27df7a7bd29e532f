package org.opensn.embedded.junit;

import org.opensn.embedded.EmbeddedKafka;
import org.opensn.embedded.containers.ContainerServices;
import org.opensn.embedded.EmbeddedSchemaRegistry;

/**
 * The services shared by all tests of one JVM: one {@link EmbeddedKafka} and one
 * {@link EmbeddedSchemaRegistry} (in-memory storage, compatibility {@code BACKWARD}), each started
 * on first use and closed at JVM exit. The same instances that {@link EmbeddedServicesExtension}
 * injects.
 *
 * <p>The registry is a child JVM that takes 10-30 s to start on a loaded machine, so it starts only
 * when a test asks for it. Since it is shared, use unique subject names (they follow unique topic
 * names) and do not rely on the global compatibility level staying as it is if you change it.
 *
 * <p>With {@code -Dopensn.it.cluster=containers} (the {@code containers} Maven profile) the shared
 * instances are Docker containers instead ({@link ContainerServices}): an {@code apache/kafka}
 * broker and a Confluent Schema Registry.
 *
 * <p>The shared instances refuse {@code stop()} and {@code close()} (other tests use them): a test
 * that needs to stop or restart a broker builds its own with {@link EmbeddedKafka#builder()}.
 */
public final class EmbeddedServices {

    private static final Object KAFKA_LOCK = new Object();
    private static final Object REGISTRY_LOCK = new Object();
    private static SharedKafka kafka;
    private static SharedRegistry registry;
    private static RuntimeException kafkaFailure;
    private static RuntimeException registryFailure;

    /** System property that picks the cluster: {@code embedded} (default) or {@code containers} (Testcontainers, needs Docker). */
    public static final String CLUSTER_PROPERTY = "opensn.it.cluster";

    private EmbeddedServices() {
    }

    /** True when {@value #CLUSTER_PROPERTY} is {@code containers} ({@code mvn -Pcontainers verify}). */
    public static boolean useContainers() {
        String cluster = System.getProperty(CLUSTER_PROPERTY, "embedded");
        return switch (cluster) {
            case "embedded" -> false;
            case "containers" -> true;
            default -> throw new IllegalStateException("-D" + CLUSTER_PROPERTY + "=" + cluster + " is not a cluster: use embedded or containers");
        };
    }

    /**
     * The shared broker, started on the first call. Thread-safe. When it failed to start, later
     * calls fail at once with the same cause instead of trying again for every test.
     */
    public static EmbeddedKafka kafka() {
        synchronized (KAFKA_LOCK) {
            if (kafka == null) {
                if (kafkaFailure != null) {
                    throw new IllegalStateException("the shared EmbeddedKafka failed to start earlier: " + kafkaFailure.getMessage(), kafkaFailure);
                }
                try {
                    kafka = new SharedKafka(useContainers() ? ContainerServices.kafka() : EmbeddedKafka.builder().build().start());
                } catch (RuntimeException e) {
                    kafkaFailure = e;
                    throw e;
                }
            }
            return kafka;
        }
    }

    /**
     * The shared schema registry, started on the first call (blocks until healthy). Thread-safe.
     * When it failed to start, later calls fail at once with the same cause.
     */
    public static EmbeddedSchemaRegistry registry() {
        synchronized (REGISTRY_LOCK) {
            if (registry == null) {
                if (registryFailure != null) {
                    throw new IllegalStateException("the shared EmbeddedSchemaRegistry failed to start earlier: " + registryFailure.getMessage(), registryFailure);
                }
                try {
                    registry = new SharedRegistry(useContainers() ? ContainerServices.registry() : EmbeddedSchemaRegistry.builder().build().start());
                } catch (RuntimeException e) {
                    registryFailure = e;
                    throw e;
                }
            }
            return registry;
        }
    }
}
