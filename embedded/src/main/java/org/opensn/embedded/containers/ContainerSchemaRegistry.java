package org.opensn.embedded.containers;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.opensn.embedded.EmbeddedSchemaRegistry;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;

/** An {@link EmbeddedSchemaRegistry} backed by a Confluent Schema Registry container, compatibility BACKWARD. */
final class ContainerSchemaRegistry implements EmbeddedSchemaRegistry {

    private static final int PORT = 8081;

    private final GenericContainer<?> container;

    @SuppressWarnings("resource")
    ContainerSchemaRegistry(String image, Network network, String kafkaBootstrap) {
        this.container = new GenericContainer<>(image)
                .withNetwork(network)
                .withNetworkAliases("schema-registry")
                .withExposedPorts(PORT)
                .withEnv("SCHEMA_REGISTRY_HOST_NAME", "schema-registry")
                .withEnv("SCHEMA_REGISTRY_LISTENERS", "http://0.0.0.0:" + PORT)
                .withEnv("SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS", "PLAINTEXT://" + kafkaBootstrap)
                .withEnv("SCHEMA_REGISTRY_SCHEMA_COMPATIBILITY_LEVEL", "backward")
                .waitingFor(Wait.forHttp("/subjects").forStatusCode(200).withStartupTimeout(Duration.ofMinutes(2)));
    }

    @Override
    public ContainerSchemaRegistry start() {
        if (!container.isRunning()) {
            container.start();
            setBackward();
        }
        return this;
    }

    private void setBackward() {
        HttpRequest put = HttpRequest.newBuilder(URI.create(url() + "/config"))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"compatibility\":\"BACKWARD\"}"))
                .timeout(Duration.ofSeconds(30))
                .build();
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(put, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("registry container at " + url() + " refused compatibility BACKWARD: " + r.statusCode() + " " + r.body());
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException("registry container at " + url() + " did not answer: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while configuring the registry container", e);
        }
    }

    @Override
    public boolean isRunning() {
        return container.isRunning();
    }

    @Override
    public String url() {
        return "http://" + container.getHost() + ":" + container.getMappedPort(PORT);
    }

    @Override
    public int port() {
        return container.getMappedPort(PORT);
    }

    @Override
    public Path logFile() {
        throw new UnsupportedOperationException("the registry container logs to Docker: docker logs " + container.getContainerId());
    }

    @Override
    public void close() {
        container.stop();
    }

    @Override
    public String toString() {
        return "Schema Registry container " + container.getDockerImageName() + " at " + url();
    }
}
