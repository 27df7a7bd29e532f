package org.opensn.embedded;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A real schema registry with the Confluent REST API: Apicurio Registry 3.3.3 run as a child JVM
 * on 127.0.0.1, for tests and the standalone run.
 *
 * <pre>{@code
 * try (EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.builder().build().start()) {
 *     Map<String, Object> serdeConfig = Map.of("schema.registry.url", registry.url());
 *     ...
 * }
 * }</pre>
 *
 * <p>{@link #start()} blocks until the registry answers (default timeout 120 s) and sets the global
 * compatibility level to {@code BACKWARD} (Apicurio's own default is {@code NONE}). Clients use
 * {@link #url()}, the Confluent-compatible base URL {@code http://127.0.0.1:PORT/apis/ccompat/v7}.
 *
 * <p>The application comes from Maven Central as
 * {@code io.apicurio:apicurio-registry-app:3.3.3:tar.gz:all}; building the {@code embedded} module
 * puts it into the local Maven repository. It is unpacked once into
 * {@code ~/.cache/opensn/apicurio-registry-3.3.3} and shared by all later runs. Look-up order of the
 * tarball: {@link Builder#tarball(Path)}, system property {@code opensn.apicurio.tarball}, environment
 * variable {@code OPENSN_APICURIO_TARBALL}, the local Maven repository (system property
 * {@code maven.repo.local}, else {@code ~/.m2/repository}).
 *
 * <p>Storage is in memory by default (schemas are gone when the registry stops). With
 * {@link Builder#kafkaSqlBootstrap(String)} Apicurio keeps them in Kafka topics
 * ({@code kafkasql-journal} and friends) so the same subjects and ids come back after a restart.
 *
 * <p>The child dies with this JVM: on {@link #close()}, in a shutdown hook, and through a watchdog
 * shell that kills it within about a second when this JVM disappears, even after {@code kill -9}.
 * Its output goes to {@link #logFile()}.
 */
public interface EmbeddedSchemaRegistry extends AutoCloseable {

    /** Apicurio Registry version this class runs. */
    String APICURIO_VERSION = "3.3.3";

    /** A builder with defaults: free ports, in-memory storage, the Java running this JVM. */
    static Builder builder() {
        return new Builder();
    }

    /**
     * Starts the registry and blocks until it is healthy and set to {@code BACKWARD}. Does nothing
     * when already running.
     *
     * @return this
     * @throws IllegalStateException when the tarball is missing, the JDK is too old, the port is
     *     busy, the child exits, or it is not healthy in time (the message carries the last lines
     *     of its log and the log's path)
     */
    EmbeddedSchemaRegistry start();

    /** True between a successful {@link #start()} and {@link #close()} while the child lives. */
    boolean isRunning();

    /** The Confluent-compatible base URL, {@code http://127.0.0.1:PORT/apis/ccompat/v7}. */
    String url();

    /** The HTTP port on 127.0.0.1. */
    int port();

    /** Where the child's standard output and error go. */
    Path logFile();

    /** Stops the child (gracefully, then forcibly) and waits for it. Idempotent. */
    @Override
    void close();

    /** Configures an {@link EmbeddedSchemaRegistry}. Not thread-safe. */
    final class Builder {

        int port;
        String kafkaSqlBootstrap;
        Path javaHome;
        Path tarball;
        Path installDir;
        Path logFile;
        Duration startupTimeout = Duration.ofSeconds(120);
        String maxHeap = "384m";
        final Map<String, String> systemProperties = new LinkedHashMap<>();

        Builder() {
        }

        /** HTTP port on 127.0.0.1; default: a free port. */
        public Builder port(int port) {
            this.port = FreePorts.requireValid(port, "EmbeddedSchemaRegistry port");
            return this;
        }

        /** Keep schemas in Kafka at {@code bootstrapServers} (PLAINTEXT) instead of in memory. */
        public Builder kafkaSqlBootstrap(String bootstrapServers) {
            if (bootstrapServers == null || bootstrapServers.isBlank()) {
                throw new IllegalArgumentException("kafkaSqlBootstrap needs host:port of a broker, e.g. kafka.bootstrapServers()");
            }
            this.kafkaSqlBootstrap = bootstrapServers;
            return this;
        }

        /** The JDK (21 or newer) that runs the registry; default: the one running this JVM. */
        public Builder javaHome(Path javaHome) {
            this.javaHome = Objects.requireNonNull(javaHome, "javaHome");
            return this;
        }

        /** The {@code apicurio-registry-app-3.3.3-all.tar.gz} to use instead of looking it up. */
        public Builder tarball(Path tarball) {
            this.tarball = Objects.requireNonNull(tarball, "tarball");
            return this;
        }

        /**
         * Where the application is unpacked; default {@code ~/.cache/opensn/apicurio-registry-3.3.3},
         * or system property {@code opensn.apicurio.home} / environment {@code OPENSN_APICURIO_HOME}.
         */
        public Builder installDir(Path dir) {
            this.installDir = Objects.requireNonNull(dir, "installDir");
            return this;
        }

        /** The child's log; default {@code target/opensn-apicurio-PORT.log} when {@code ./target} exists, else a temp file. */
        public Builder logFile(Path logFile) {
            this.logFile = Objects.requireNonNull(logFile, "logFile");
            return this;
        }

        /** How long {@link EmbeddedSchemaRegistry#start()} waits for health; default 120 s. */
        public Builder startupTimeout(Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("startupTimeout must be positive, but was " + timeout);
            }
            this.startupTimeout = timeout;
            return this;
        }

        /** The child's {@code -Xmx}, e.g. {@code 512m}; default {@code 384m}. */
        public Builder maxHeap(String maxHeap) {
            if (maxHeap == null || !maxHeap.matches("\\d+[kKmMgG]?")) {
                throw new IllegalArgumentException("maxHeap must look like 384m or 1g, but was " + maxHeap);
            }
            this.maxHeap = maxHeap;
            return this;
        }

        /** An extra {@code -Dname=value} for the child, e.g. an Apicurio or Quarkus setting. */
        public Builder systemProperty(String name, String value) {
            Objects.requireNonNull(name, "system property name");
            Objects.requireNonNull(value, () -> "value of system property " + name);
            systemProperties.put(name, value);
            return this;
        }

        /** A new, not yet started registry; call {@link EmbeddedSchemaRegistry#start()}. */
        public EmbeddedSchemaRegistry build() {
            return new ApicurioRegistry(this);
        }
    }
}
