package org.opensn.schemas.serde;

import org.opensn.schemas.registry.SchemaRegistryClientConfig;

/**
 * Configuration keys of the serdes. The registry keys are those of
 * {@link SchemaRegistryClientConfig}; one Kafka client config map can hold them all.
 */
public final class SerdeConfig {

    /** One or more comma-separated registry base URLs, or {@code mock://<scope>} for an in-memory registry. Required. */
    public static final String SCHEMA_REGISTRY_URL = SchemaRegistryClientConfig.URL;
    /** {@code user:password} for HTTP basic authentication against the registry. */
    public static final String BASIC_AUTH_USER_INFO = SchemaRegistryClientConfig.BASIC_AUTH_USER_INFO;
    /**
     * Whether the serializer registers a schema it has not seen (default {@code true}); when
     * {@code false} it only looks the schema up and fails if it is not registered.
     */
    public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";
    public static final boolean AUTO_REGISTER_SCHEMAS_DEFAULT = true;
    /** Generated class (name or {@code Class}) the specific deserializer reads keys into. */
    public static final String SPECIFIC_AVRO_KEY_TYPE = "specific.avro.key.type";
    /**
     * Generated class (name or {@code Class}) the specific deserializer reads values into; when
     * unset, the class named by the writer schema's full name.
     */
    public static final String SPECIFIC_AVRO_VALUE_TYPE = "specific.avro.value.type";

    public static final String SSL_TRUSTSTORE_LOCATION = SchemaRegistryClientConfig.SSL_TRUSTSTORE_LOCATION;
    public static final String SSL_TRUSTSTORE_PASSWORD = SchemaRegistryClientConfig.SSL_TRUSTSTORE_PASSWORD;
    public static final String SSL_TRUSTSTORE_TYPE = SchemaRegistryClientConfig.SSL_TRUSTSTORE_TYPE;
    public static final String SSL_KEYSTORE_LOCATION = SchemaRegistryClientConfig.SSL_KEYSTORE_LOCATION;
    public static final String SSL_KEYSTORE_PASSWORD = SchemaRegistryClientConfig.SSL_KEYSTORE_PASSWORD;
    public static final String SSL_KEYSTORE_TYPE = SchemaRegistryClientConfig.SSL_KEYSTORE_TYPE;
    public static final String SSL_KEY_PASSWORD = SchemaRegistryClientConfig.SSL_KEY_PASSWORD;
    /** Registry TCP connect timeout, ms (default 10000). */
    public static final String CONNECT_TIMEOUT_MS = SchemaRegistryClientConfig.CONNECT_TIMEOUT_MS;
    /** Registry request timeout, ms (default 30000). */
    public static final String REQUEST_TIMEOUT_MS = SchemaRegistryClientConfig.REQUEST_TIMEOUT_MS;
    /** Retries on I/O errors and 5xx answers (default 3). */
    public static final String MAX_RETRIES = SchemaRegistryClientConfig.MAX_RETRIES;
    /** First retry back-off, ms (default 200), doubling up to {@link #RETRY_BACKOFF_MAX_MS} (default 5000). */
    public static final String RETRY_BACKOFF_MS = SchemaRegistryClientConfig.RETRY_BACKOFF_MS;
    public static final String RETRY_BACKOFF_MAX_MS = SchemaRegistryClientConfig.RETRY_BACKOFF_MAX_MS;

    private SerdeConfig() {
    }
}
