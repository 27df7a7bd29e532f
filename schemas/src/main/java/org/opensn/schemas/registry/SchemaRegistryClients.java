package org.opensn.schemas.registry;

import java.util.Map;
import java.util.Objects;

/**
 * Creates {@link SchemaRegistryClient}s from a Kafka-style config map (keys in
 * {@link SchemaRegistryClientConfig}).
 *
 * <pre>{@code
 * try (SchemaRegistryClient registry = SchemaRegistryClients.create(Map.of(
 *         "schema.registry.url", "http://127.0.0.1:8081",
 *         "basic.auth.user.info", "user:secret"))) {
 *     int id = registry.register("opensn.verdicts-value", ReputationVerdict.getClassSchema());
 * }
 * }</pre>
 */
public final class SchemaRegistryClients {

    private SchemaRegistryClients() {
    }

    /**
     * A client for {@code schema.registry.url}: an HTTP client, or the in-memory registry of the
     * scope for {@code mock://<scope>}.
     *
     * @throws IllegalArgumentException when the URL is missing or malformed, or a TLS/timeout setting is invalid
     */
    public static SchemaRegistryClient create(Map<String, ?> config) {
        Objects.requireNonNull(config, "config");
        String url = ConfigValues.string(config, SchemaRegistryClientConfig.URL);
        if (url != null && url.startsWith(SchemaRegistryClientConfig.MOCK_SCHEME)) {
            return MockSchemaRegistry.client(MockSchemaRegistry.scopeOf(url));
        }
        return create(config, Thread::sleep);
    }

    /** An HTTP client with an injected sleeper (tests). */
    static SchemaRegistryClient create(Map<String, ?> config, RegistryTransport.Sleeper sleeper) {
        RegistrySettings settings = RegistrySettings.from(config);
        return new HttpSchemaRegistryClient(new RegistryTransport(settings, sleeper));
    }
}
