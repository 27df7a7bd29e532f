package org.opensn.collector;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.opensn.schemas.Topics;
import org.opensn.security.EndpointLogin;
import org.opensn.security.LicenceKey;

/**
 * Configuration of an {@link EndpointCollector} and of the {@code opensn-collector} command line.
 *
 * <p>{@link #load(Properties, Map)} applies defaults, then the properties file, then the
 * environment. Keys (file) and their environment names:
 * <table>
 *   <caption>keys</caption>
 *   <tr><th>key</th><th>environment</th><th>default</th></tr>
 *   <tr><td>bootstrap.servers, or kafka.bootstrap.servers as the streams app and the cache spell it</td>
 *       <td>OPENSN_BOOTSTRAP_SERVERS or OPENSN_KAFKA_BOOTSTRAP_SERVERS</td><td>127.0.0.1:9092 (the two spellings may not
 *       disagree within the file, nor within the environment; the environment wins over the file)</td></tr>
 *   <tr><td>schema.registry.url</td><td>OPENSN_SCHEMA_REGISTRY_URL</td><td>http://127.0.0.1:8081</td></tr>
 *   <tr><td>state.dir</td><td>OPENSN_STATE_DIR</td><td>~/.opensn/collector</td></tr>
 *   <tr><td>spool.max.bytes</td><td>OPENSN_SPOOL_MAX_BYTES</td><td>64m (suffixes k, m, g)</td></tr>
 *   <tr><td>sent.log.max.bytes</td><td>OPENSN_SENT_LOG_MAX_BYTES</td><td>8m</td></tr>
 *   <tr><td>queue.capacity</td><td>OPENSN_QUEUE_CAPACITY</td><td>100000 reports</td></tr>
 *   <tr><td>delivery.timeout.ms</td><td>OPENSN_DELIVERY_TIMEOUT_MS</td><td>30000: after this a record goes to the spool</td></tr>
 *   <tr><td>max.block.ms</td><td>OPENSN_MAX_BLOCK_MS</td><td>10000: longest wait of the sender thread for broker metadata (reports never wait)</td></tr>
 *   <tr><td>retry.backoff.max.ms</td><td>OPENSN_RETRY_BACKOFF_MAX_MS</td><td>10000: longest pause between spool resend attempts</td></tr>
 *   <tr><td>close.timeout.ms</td><td>OPENSN_CLOSE_TIMEOUT_MS</td><td>10000: on close, wait this long for acks, then spool the rest</td></tr>
 *   <tr><td>product.version</td><td>OPENSN_PRODUCT_VERSION</td><td>0.1.0</td></tr>
 *   <tr><td>topic.*</td><td>OPENSN_TOPIC_*</td><td>see {@link Topics#load(Properties, Map)}</td></tr>
 *   <tr><td>licence.key</td><td>OPENSN_LICENCE_KEY</td><td>none; when set, the Kafka login (SCRAM-SHA-512 as
 *       {@code endpoint-<licence id>}, password derived from the key) and {@code security.protocol=SASL_SSL} unless
 *       kafka.security.protocol says SASL_PLAINTEXT; see {@code org.opensn.security.LicenceKey}</td></tr>
 *   <tr><td>kafka.*</td><td>OPENSN_KAFKA_* ('_' becomes '.')</td><td>passed to the Kafka clients, e.g. kafka.security.protocol=SASL_SSL</td></tr>
 *   <tr><td>registry.*</td><td>OPENSN_REGISTRY_* ('_' becomes '.')</td><td>passed to the Avro serdes, e.g. registry.basic.auth.user.info</td></tr>
 * </table>
 * Secrets (SASL JAAS config, registry credentials) belong in the environment or a file readable only
 * by the service, never in code; they are never logged.
 */
public record CollectorConfig(
        String bootstrapServers,
        String schemaRegistryUrl,
        Path stateDir,
        long spoolMaxBytes,
        long sentLogMaxBytes,
        int queueCapacity,
        Duration deliveryTimeout,
        Duration maxBlock,
        Duration retryBackoffMax,
        Duration closeTimeout,
        String productVersion,
        Topics topics,
        Map<String, String> kafka,
        Map<String, String> registry) {

    public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
    public static final String STATE_DIR = "state.dir";
    public static final String SPOOL_MAX_BYTES = "spool.max.bytes";
    public static final String SENT_LOG_MAX_BYTES = "sent.log.max.bytes";
    public static final String QUEUE_CAPACITY = "queue.capacity";
    public static final String DELIVERY_TIMEOUT_MS = "delivery.timeout.ms";
    public static final String MAX_BLOCK_MS = "max.block.ms";
    public static final String RETRY_BACKOFF_MAX_MS = "retry.backoff.max.ms";
    public static final String CLOSE_TIMEOUT_MS = "close.timeout.ms";
    public static final String PRODUCT_VERSION = "product.version";
    public static final String LICENCE_KEY = "licence.key";
    public static final String KAFKA_PREFIX = "kafka.";
    public static final String REGISTRY_PREFIX = "registry.";

    public CollectorConfig {
        requireText(bootstrapServers, BOOTSTRAP_SERVERS, "e.g. 127.0.0.1:9092");
        requireText(schemaRegistryUrl, SCHEMA_REGISTRY_URL, "e.g. http://127.0.0.1:8081");
        Objects.requireNonNull(stateDir, STATE_DIR + " is not set: give a directory the collector may write, e.g. ~/.opensn/collector");
        if (spoolMaxBytes < 4096) {
            throw new IllegalArgumentException(SPOOL_MAX_BYTES + " was " + spoolMaxBytes + ": give at least 4096 bytes (e.g. 64m)");
        }
        if (sentLogMaxBytes < 4096) {
            throw new IllegalArgumentException(SENT_LOG_MAX_BYTES + " was " + sentLogMaxBytes + ": give at least 4096 bytes (e.g. 8m)");
        }
        if (queueCapacity < 1) {
            throw new IllegalArgumentException(QUEUE_CAPACITY + " was " + queueCapacity + ": give a positive number of reports");
        }
        requirePositive(deliveryTimeout, DELIVERY_TIMEOUT_MS);
        requirePositive(maxBlock, MAX_BLOCK_MS);
        requirePositive(retryBackoffMax, RETRY_BACKOFF_MAX_MS);
        Objects.requireNonNull(closeTimeout, CLOSE_TIMEOUT_MS);
        if (closeTimeout.isNegative()) {
            throw new IllegalArgumentException(CLOSE_TIMEOUT_MS + " was negative: give 0 or more milliseconds");
        }
        if (deliveryTimeout.toMillis() < 1000) {
            throw new IllegalArgumentException(DELIVERY_TIMEOUT_MS + " was " + deliveryTimeout.toMillis() + ": give at least 1000 ms");
        }
        requireText(productVersion, PRODUCT_VERSION, "e.g. 0.1.0");
        Objects.requireNonNull(topics, "topics");
        kafka = Map.copyOf(Objects.requireNonNull(kafka, "kafka"));
        registry = Map.copyOf(Objects.requireNonNull(registry, "registry"));
    }

    /** Defaults only, with the given state directory, broker and registry (handy in tests). */
    public static CollectorConfig of(Path stateDir, String bootstrapServers, String schemaRegistryUrl) {
        Properties p = new Properties();
        p.setProperty(STATE_DIR, stateDir.toString());
        p.setProperty(BOOTSTRAP_SERVERS, bootstrapServers);
        p.setProperty(SCHEMA_REGISTRY_URL, schemaRegistryUrl);
        return load(p, Map.of());
    }

    /** Defaults, then {@code properties}, then {@code env} (see the class comment for the keys). */
    public static CollectorConfig load(Properties properties, Map<String, String> env) {
        Map<String, String> v = new HashMap<>();
        for (String name : properties.stringPropertyNames()) {
            v.put(name, properties.getProperty(name).trim());
        }
        for (Map.Entry<String, String> e : env.entrySet()) {
            String key = e.getKey();
            if (!key.startsWith("OPENSN_") || key.startsWith("OPENSN_TOPIC_") || e.getValue() == null) {
                continue;
            }
            String rest = key.substring("OPENSN_".length()).toLowerCase(Locale.ROOT);
            v.put(rest.replace('_', '.'), e.getValue().trim());
        }
        Map<String, String> kafka = new HashMap<>();
        Map<String, String> registry = new HashMap<>();
        for (Map.Entry<String, String> e : v.entrySet()) {
            if (e.getKey().startsWith(KAFKA_PREFIX)) {
                kafka.put(e.getKey().substring(KAFKA_PREFIX.length()), e.getValue());
            } else if (e.getKey().startsWith(REGISTRY_PREFIX)) {
                registry.put(e.getKey().substring(REGISTRY_PREFIX.length()), e.getValue());
            }
        }
        String licence = v.get(LICENCE_KEY);
        if (licence != null && !licence.isBlank()) {
            kafka = new HashMap<>(EndpointLogin.withLicence(kafka, LicenceKey.parse(licence)));
        }
        String home = System.getProperty("user.home", ".");
        String stateDir = v.getOrDefault(STATE_DIR, Path.of(home, ".opensn", "collector").toString());
        if (stateDir.startsWith("~/")) {
            stateDir = home + stateDir.substring(1);
        }
        kafka.remove(BOOTSTRAP_SERVERS);
        String fromEnv = bootstrap(env.get("OPENSN_BOOTSTRAP_SERVERS"), env.get("OPENSN_KAFKA_BOOTSTRAP_SERVERS"),
                "OPENSN_BOOTSTRAP_SERVERS", "OPENSN_KAFKA_BOOTSTRAP_SERVERS");
        String fromFile = bootstrap(properties.getProperty(BOOTSTRAP_SERVERS), properties.getProperty(KAFKA_PREFIX + BOOTSTRAP_SERVERS),
                BOOTSTRAP_SERVERS, KAFKA_PREFIX + BOOTSTRAP_SERVERS);
        return new CollectorConfig(
                fromEnv != null ? fromEnv : fromFile != null ? fromFile : "127.0.0.1:9092",
                v.getOrDefault(SCHEMA_REGISTRY_URL, "http://127.0.0.1:8081"),
                Path.of(stateDir),
                bytes(v, SPOOL_MAX_BYTES, 64L << 20),
                bytes(v, SENT_LOG_MAX_BYTES, 8L << 20),
                (int) number(v, QUEUE_CAPACITY, 100_000),
                Duration.ofMillis(number(v, DELIVERY_TIMEOUT_MS, 30_000)),
                Duration.ofMillis(number(v, MAX_BLOCK_MS, 10_000)),
                Duration.ofMillis(number(v, RETRY_BACKOFF_MAX_MS, 10_000)),
                Duration.ofMillis(number(v, CLOSE_TIMEOUT_MS, 10_000)),
                v.getOrDefault(PRODUCT_VERSION, "0.1.0"),
                Topics.load(properties, env),
                kafka,
                registry);
    }

    /** One source's broker list under either spelling; null when that source sets neither. */
    private static String bootstrap(String plain, String prefixed, String plainName, String prefixedName) {
        String a = plain == null ? null : plain.trim();
        String b = prefixed == null ? null : prefixed.trim();
        if (a != null && b != null && !a.equals(b)) {
            throw new IllegalArgumentException(plainName + "='" + a + "' and " + prefixedName + "='" + b
                    + "' disagree: they are the same setting, set only one");
        }
        return a != null ? a : b;
    }

    /** A copy with another state directory (the CLI's {@code --state-dir}). */
    public CollectorConfig withStateDir(Path dir) {
        return new CollectorConfig(bootstrapServers, schemaRegistryUrl, dir, spoolMaxBytes, sentLogMaxBytes, queueCapacity,
                deliveryTimeout, maxBlock, retryBackoffMax, closeTimeout, productVersion, topics, kafka, registry);
    }

    /** A copy with other topics (tests use {@link Topics#withPrefix(String)}). */
    public CollectorConfig withTopics(Topics other) {
        return new CollectorConfig(bootstrapServers, schemaRegistryUrl, stateDir, spoolMaxBytes, sentLogMaxBytes, queueCapacity,
                deliveryTimeout, maxBlock, retryBackoffMax, closeTimeout, productVersion, other, kafka, registry);
    }

    /** A copy with another delivery timeout and resend back-off (tests shorten them). */
    public CollectorConfig withTimeouts(Duration delivery, Duration backoffMax) {
        return new CollectorConfig(bootstrapServers, schemaRegistryUrl, stateDir, spoolMaxBytes, sentLogMaxBytes, queueCapacity,
                delivery, maxBlock, backoffMax, closeTimeout, productVersion, topics, kafka, registry);
    }

    /** A copy with another spool bound. */
    public CollectorConfig withSpoolMaxBytes(long max) {
        return new CollectorConfig(bootstrapServers, schemaRegistryUrl, stateDir, max, sentLogMaxBytes, queueCapacity,
                deliveryTimeout, maxBlock, retryBackoffMax, closeTimeout, productVersion, topics, kafka, registry);
    }

    /** The settings for the Avro serdes: {@code schema.registry.url} plus every {@code registry.*} key. */
    public Map<String, Object> serdeConfig() {
        Map<String, Object> m = new HashMap<>(registry);
        m.put("schema.registry.url", schemaRegistryUrl);
        return m;
    }

    /** Safe to log: no pass-through values (they may hold secrets), only their keys. */
    @Override
    public String toString() {
        return "CollectorConfig[bootstrap.servers=" + bootstrapServers + ", schema.registry.url=" + schemaRegistryUrl
                + ", state.dir=" + stateDir + ", spool.max.bytes=" + spoolMaxBytes + ", sent.log.max.bytes=" + sentLogMaxBytes
                + ", queue.capacity=" + queueCapacity + ", delivery.timeout=" + deliveryTimeout + ", max.block=" + maxBlock
                + ", retry.backoff.max=" + retryBackoffMax + ", close.timeout=" + closeTimeout + ", topics=" + topics.rawNames()
                + ", kafka keys=" + kafka.keySet() + ", registry keys=" + registry.keySet() + "]";
    }

    private static void requireText(String value, String key, String example) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(key + " is empty: set it in the config file or the environment (" + example + ")");
        }
    }

    private static void requirePositive(Duration d, String key) {
        Objects.requireNonNull(d, key);
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(key + " was " + d.toMillis() + ": give a positive number of milliseconds");
        }
    }

    private static long number(Map<String, String> v, String key, long fallback) {
        String s = v.get(key);
        if (s == null || s.isBlank()) {
            return fallback;
        }
        try {
            return Long.parseLong(s.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + "='" + s + "' is not a whole number", e);
        }
    }

    static long bytes(Map<String, String> v, String key, long fallback) {
        String s = v.get(key);
        if (s == null || s.isBlank()) {
            return fallback;
        }
        String t = s.trim().toLowerCase(Locale.ROOT).replace("_", "");
        if (t.endsWith("ib")) {
            t = t.substring(0, t.length() - 2);
        } else if (t.endsWith("b")) {
            t = t.substring(0, t.length() - 1);
        }
        long factor = 1;
        char last = t.isEmpty() ? ' ' : t.charAt(t.length() - 1);
        switch (last) {
            case 'k' -> factor = 1L << 10;
            case 'm' -> factor = 1L << 20;
            case 'g' -> factor = 1L << 30;
            default -> { }
        }
        if (factor > 1) {
            t = t.substring(0, t.length() - 1);
        }
        try {
            return Math.multiplyExact(Long.parseLong(t.trim()), factor);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException(key + "='" + s + "' is not a size: give bytes, optionally with k, m or g (e.g. 64m)", e);
        }
    }
}
