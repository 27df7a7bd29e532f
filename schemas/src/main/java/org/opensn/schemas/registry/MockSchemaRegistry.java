package org.opensn.schemas.registry;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * In-memory registries for unit tests, one per scope, shared by every client of that scope in
 * this JVM. Configure serdes or clients with {@code schema.registry.url=mock://<scope>}; use a
 * unique scope per test and {@link #dropScope(String)} it afterwards.
 *
 * <p>A scope behaves like Confluent's registry: global compatibility BACKWARD, one id per distinct
 * schema, 409 (error code 40901) for an incompatible schema, 404 (40403) for an unknown id.
 */
public final class MockSchemaRegistry {

    private static final ConcurrentHashMap<String, InMemoryRegistry> SCOPES = new ConcurrentHashMap<>();

    private MockSchemaRegistry() {
    }

    /** A client of the scope (created on first use). Closing it leaves the scope's data in place. */
    public static SchemaRegistryClient client(String scope) {
        InMemoryRegistry registry = registry(scope);
        return new Client(registry);
    }

    /** Forgets every subject, schema and id of the scope. */
    public static void dropScope(String scope) {
        SCOPES.remove(checkScope(scope));
    }

    /** The scope part of a {@code mock://<scope>} URL. */
    static String scopeOf(String url) {
        return checkScope(url.substring(SchemaRegistryClientConfig.MOCK_SCHEME.length()));
    }

    private static InMemoryRegistry registry(String scope) {
        String checked = checkScope(scope);
        return SCOPES.computeIfAbsent(checked, s -> new InMemoryRegistry(SchemaRegistryClientConfig.MOCK_SCHEME + s));
    }

    private static String checkScope(String scope) {
        Objects.requireNonNull(scope, "scope");
        if (scope.isBlank() || scope.contains(",")) {
            throw new IllegalArgumentException("mock registry scope '" + scope + "' is invalid: use mock://<name>, e.g. mock://"
                    + "my-test (one scope, no commas)");
        }
        return scope;
    }

    /** A client bound to one scope's data. */
    private record Client(InMemoryRegistry registry) implements SchemaRegistryClient {
        @Override
        public String url() {
            return registry.url();
        }

        @Override
        public int register(String subject, Schema schema) {
            return registry.register(subject, schema);
        }

        @Override
        public int lookUpId(String subject, Schema schema) {
            return registry.lookUpId(subject, schema);
        }

        @Override
        public Schema schemaById(int id) {
            return registry.schemaById(id);
        }

        @Override
        public RegisteredSchema latest(String subject) {
            return registry.latest(subject);
        }

        @Override
        public CompatibilityCheck checkCompatibility(String subject, Schema schema) {
            return registry.checkCompatibility(subject, schema);
        }

        @Override
        public Compatibility globalCompatibility() {
            return registry.globalCompatibility();
        }

        @Override
        public void setGlobalCompatibility(Compatibility level) {
            registry.setGlobalCompatibility(Objects.requireNonNull(level, "level"));
        }

        @Override
        public Compatibility compatibility(String subject) {
            return registry.compatibility(subject);
        }

        @Override
        public void setCompatibility(String subject, Compatibility level) {
            registry.setCompatibility(subject, Objects.requireNonNull(level, "level"));
        }

        @Override
        public void close() {
            // the scope outlives its clients; drop it with MockSchemaRegistry.dropScope
        }
    }
}
