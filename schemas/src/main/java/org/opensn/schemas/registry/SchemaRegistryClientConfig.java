package org.opensn.schemas.registry;

/**
 * Configuration keys of {@link SchemaRegistryClients#create(java.util.Map)}. The same keys are
 * read by the serdes ({@code org.opensn.schemas.serde.SerdeConfig} repeats them), so one Kafka
 * client config map configures both. Values may be strings or the matching Java type.
 */
public final class SchemaRegistryClientConfig {

    /** One or more comma-separated base URLs, or {@code mock://<scope>}. Required. */
    public static final String URL = "schema.registry.url";
    /** {@code user:password} for HTTP basic authentication. */
    public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";
    /** Same as {@link #BASIC_AUTH_USER_INFO}, under the name Confluent's clients also accept. */
    public static final String BASIC_AUTH_USER_INFO_ALIAS = "schema.registry.basic.auth.user.info";

    /** Truststore file (JKS or PKCS12) for https URLs; without one the JVM default SSLContext is used. */
    public static final String SSL_TRUSTSTORE_LOCATION = "schema.registry.ssl.truststore.location";
    public static final String SSL_TRUSTSTORE_PASSWORD = "schema.registry.ssl.truststore.password";
    /** Default: PKCS12. */
    public static final String SSL_TRUSTSTORE_TYPE = "schema.registry.ssl.truststore.type";
    /** Keystore file for TLS client authentication. */
    public static final String SSL_KEYSTORE_LOCATION = "schema.registry.ssl.keystore.location";
    public static final String SSL_KEYSTORE_PASSWORD = "schema.registry.ssl.keystore.password";
    /** Default: PKCS12. */
    public static final String SSL_KEYSTORE_TYPE = "schema.registry.ssl.keystore.type";
    /** Password of the private key; default: the keystore password. */
    public static final String SSL_KEY_PASSWORD = "schema.registry.ssl.key.password";

    /** TCP connect timeout in milliseconds. */
    public static final String CONNECT_TIMEOUT_MS = "schema.registry.connect.timeout.ms";
    public static final int CONNECT_TIMEOUT_MS_DEFAULT = 10_000;
    /** Timeout of one HTTP request in milliseconds. */
    public static final String REQUEST_TIMEOUT_MS = "schema.registry.request.timeout.ms";
    public static final int REQUEST_TIMEOUT_MS_DEFAULT = 30_000;
    /** Retries after the first attempt, on I/O errors and 5xx answers only. */
    public static final String MAX_RETRIES = "schema.registry.max.retries";
    public static final int MAX_RETRIES_DEFAULT = 3;
    /** First back-off in milliseconds; doubles per retry up to {@link #RETRY_BACKOFF_MAX_MS}. */
    public static final String RETRY_BACKOFF_MS = "schema.registry.retry.backoff.ms";
    public static final int RETRY_BACKOFF_MS_DEFAULT = 200;
    public static final String RETRY_BACKOFF_MAX_MS = "schema.registry.retry.backoff.max.ms";
    public static final int RETRY_BACKOFF_MAX_MS_DEFAULT = 5_000;

    /** The URL scheme of in-memory registries. */
    public static final String MOCK_SCHEME = "mock://";

    private SchemaRegistryClientConfig() {
    }
}
