package org.opensn.streams;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.opensn.anonymizer.AnonymizationPolicy;
import org.opensn.schemas.Topics;
import org.opensn.schemas.serde.SerdeConfig;
import org.opensn.streams.topology.PipelineConfig;
import org.opensn.streams.topology.VerdictRules;

/**
 * Configuration of the streams app: defaults, then a properties file, then the environment.
 *
 * <p>Every key {@code a.b-c} can be overridden by the environment variable {@code OPENSN_A_B_C}.
 * Keys prefixed {@code kafka.} pass through to Kafka Streams and its clients (prefix removed;
 * environment {@code OPENSN_KAFKA_X_Y} sets {@code kafka.x.y}). Topic names: see {@link Topics#load}.
 * Secrets come only from the environment or files: {@code OPENSN_DEVICE_HASH_SECRET} (or the file
 * named by {@code device-hash.secret-file}), {@code OPENSN_SCHEMA_REGISTRY_USER_INFO}, and registry TLS settings
 * such as {@code OPENSN_SCHEMA_REGISTRY_SSL_TRUSTSTORE_PASSWORD} (any {@code schema.registry.*} key
 * passes to the serdes; in the environment {@code OPENSN_SCHEMA_REGISTRY_X_Y} sets {@code schema.registry.x.y}).
 *
 * @param applicationId     Kafka Streams application id ({@code application.id}, default {@code opensn-streams})
 * @param bootstrapServers  {@code kafka.bootstrap.servers}, default {@code 127.0.0.1:9092}
 * @param serdeConfig       registry serde settings ({@code schema.registry.url}, default {@code http://127.0.0.1:8081})
 * @param httpHost          interface the analyst API binds ({@code http.host}, default 127.0.0.1)
 * @param httpPort          its port ({@code http.port}, default 8080)
 * @param advertisedHost    host other instances reach this one at ({@code http.advertised-host}, default {@code http.host})
 * @param stateDir          Kafka Streams state directory ({@code state.dir})
 * @param k                 minimum distinct devices behind a figure shown in answers ({@code privacy.k}, default 5)
 * @param queryTimeout      timeout of calls to other instances ({@code query.timeout}, default PT10S)
 * @param kafka             the {@code kafka.*} pass-through settings (prefix removed)
 * @param pipeline          the topology settings
 * @param apiKeysFile       API key file of {@code opensn-admin apikey create} ({@code api.keys.file}, env
 *                          {@code OPENSN_API_KEYS_FILE}); null (the default): the analyst API needs no key
 */
public record StreamsAppConfig(
        String applicationId,
        String bootstrapServers,
        Map<String, Object> serdeConfig,
        String httpHost,
        int httpPort,
        String advertisedHost,
        Path stateDir,
        int k,
        Duration queryTimeout,
        Map<String, String> kafka,
        PipelineConfig pipeline,
        Path apiKeysFile) {

    public StreamsAppConfig {
        Objects.requireNonNull(pipeline, "pipeline");
        if (applicationId == null || !applicationId.matches("[a-zA-Z0-9._-]+")) {
            throw new IllegalArgumentException("application.id '" + applicationId + "' must be letters, digits, '.', '_' or '-'");
        }
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("kafka.bootstrap.servers is empty: set it (or OPENSN_KAFKA_BOOTSTRAP_SERVERS) to host:port");
        }
        if (httpPort < 0 || httpPort > 65535) {
            throw new IllegalArgumentException("http.port must be within 0..65535, got " + httpPort);
        }
        if (k < 1) {
            throw new IllegalArgumentException("privacy.k must be at least 1 distinct device, got " + k);
        }
        serdeConfig = Map.copyOf(serdeConfig);
        kafka = Map.copyOf(kafka);
    }

    /** Loads defaults, then {@code properties}, then {@code env}. */
    public static StreamsAppConfig load(Properties properties, Map<String, String> env) {
        Reader r = new Reader(properties, env);
        Topics topics = Topics.load(properties, env);

        Map<String, Object> serde = new HashMap<>();
        serde.put(SerdeConfig.SCHEMA_REGISTRY_URL, r.get("schema.registry.url", "http://127.0.0.1:8081"));
        String userInfo = env.get("OPENSN_SCHEMA_REGISTRY_USER_INFO");
        if (userInfo != null && !userInfo.isBlank()) {
            serde.put(SerdeConfig.BASIC_AUTH_USER_INFO, userInfo);
        }
        for (String key : properties.stringPropertyNames()) {
            if (key.startsWith("schema.registry.") && !key.equals("schema.registry.url")) {
                serde.put(key, properties.getProperty(key).trim());
            }
        }
        for (Map.Entry<String, String> e : env.entrySet()) {
            String key = e.getKey();
            if (key.startsWith("OPENSN_SCHEMA_REGISTRY_") && !key.equals("OPENSN_SCHEMA_REGISTRY_URL")
                    && !key.equals("OPENSN_SCHEMA_REGISTRY_USER_INFO") && e.getValue() != null && !e.getValue().isBlank()) {
                serde.put("schema.registry." + key.substring("OPENSN_SCHEMA_REGISTRY_".length()).toLowerCase(Locale.ROOT).replace('_', '.'),
                        e.getValue().trim());
            }
        }
        serde.put(SerdeConfig.AUTO_REGISTER_SCHEMAS, r.get("auto.register.schemas", "true"));

        Map<String, String> kafka = new TreeMap<>();
        for (String key : properties.stringPropertyNames()) {
            if (key.startsWith("kafka.")) {
                kafka.put(key.substring("kafka.".length()), properties.getProperty(key).trim());
            }
        }
        for (Map.Entry<String, String> e : env.entrySet()) {
            if (e.getKey().startsWith("OPENSN_KAFKA_") && e.getValue() != null && !e.getValue().isBlank()) {
                kafka.put(e.getKey().substring("OPENSN_KAFKA_".length()).toLowerCase(Locale.ROOT).replace('_', '.'), e.getValue().trim());
            }
        }
        String bootstrap = kafka.getOrDefault(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9092");

        VerdictRules rules = new VerdictRules(
                r.integer("verdicts.min-devices", 5),
                r.integer("verdicts.suspicious-min-devices", 5),
                r.duration("verdicts.window", Duration.ofHours(24)),
                r.integer("verdicts.window-buckets", 24));
        PipelineConfig pipeline = new PipelineConfig(
                topics,
                serde,
                AnonymizationPolicy.strict(),
                secret(r, env),
                r.duration("device-hash.rotation", Duration.ofDays(1)),
                r.duration("stats.grace", Duration.ofMinutes(10)),
                r.duration("stats.retention", Duration.ofDays(8)),
                r.integer("objects.max-threat-names", 16),
                rules,
                r.duration("verdicts.override-expiry-check", Duration.ofMinutes(1)),
                r.duration("events.max-future-skew", Duration.ofMinutes(5)),
                r.integer("internal.partitions", 3),
                r.integer("anonymize.threads", 1));
        String httpHost = r.get("http.host", "127.0.0.1");
        return new StreamsAppConfig(
                r.get("application.id", "opensn-streams"),
                bootstrap,
                serde,
                httpHost,
                r.integer("http.port", 8080),
                r.get("http.advertised-host", httpHost),
                Path.of(r.get("state.dir", Path.of(System.getProperty("java.io.tmpdir"), "opensn-streams").toString())),
                r.integer("privacy.k", 5),
                r.duration("query.timeout", Duration.ofSeconds(10)),
                kafka,
                pipeline,
                r.get("api.keys.file", null) == null ? null : Path.of(r.get("api.keys.file", null)));
    }

    private static byte[] secret(Reader r, Map<String, String> env) {
        String fromEnv = env.get("OPENSN_DEVICE_HASH_SECRET");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv.trim().getBytes(StandardCharsets.UTF_8);
        }
        String file = r.get("device-hash.secret-file", null);
        if (file == null) {
            throw new IllegalArgumentException("no device hash secret: set OPENSN_DEVICE_HASH_SECRET to a random value of at least "
                    + "16 characters, or device-hash.secret-file (OPENSN_DEVICE_HASH_SECRET_FILE) to a file holding one");
        }
        try {
            return Files.readString(Path.of(file), StandardCharsets.UTF_8).trim().getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the device hash secret file " + file + ": " + e.getMessage(), e);
        }
    }

    /** {@code host:port} other instances reach this one's HTTP API at ({@code application.server}). */
    public String advertisedEndpoint() {
        return advertisedHost + ":" + httpPort;
    }

    /** Commit interval of either guarantee unless {@code kafka.commit.interval.ms} says otherwise (see {@link #streamsProperties()}). */
    public static final int DEFAULT_COMMIT_INTERVAL_MS = 250;

    /** Named by its string: the constant is deprecated from the start, as the setting goes in Kafka Streams 5.0. */
    static final String GLOBAL_PROCESSING_EXCEPTIONS = "processing.exception.handler.global.enabled";

    /** {@code producer.batch.size} unless {@code kafka.producer.batch.size} says otherwise (see {@link #streamsProperties()}). */
    public static final int DEFAULT_PRODUCER_BATCH_BYTES = 256 * 1024;

    /**
     * Properties for {@code new KafkaStreams(topology, props)}: exactly_once_v2, a commit every
     * {@value #DEFAULT_COMMIT_INTERVAL_MS} ms, no task idling, application.server, then the kafka.*
     * pass-through (which overrides any of them).
     *
     * <p>The commit interval is set for both guarantees because the statistics stores' caches
     * forward an object's new figures to the verdict rules when they flush, at each commit: with
     * Kafka's at-least-once default of 30 s a verdict would wait up to 30 s, and under exactly-once
     * the verdict is visible to the reputation caches only once its transaction commits. 250 ms keeps
     * report → verdict in the cache well under a second while committing (a producer flush and, under
     * exactly-once, a transaction) 2.5 times less often than Kafka's 100 ms exactly-once default.
     * Task idling is off ({@code max.task.idle.ms=-1}): no step of the pipeline needs records of
     * different partitions in timestamp order (object statistics are order-free, windows have a grace
     * period), and the idling check costs CPU on every record. The producer batches up to
     * {@value #DEFAULT_PRODUCER_BATCH_BYTES} bytes per partition (Kafka's default is 16 KiB): a stream
     * thread writes the anonymized topics, a repartition topic and changelogs between two commits, and
     * with 16 KiB batches the broker and the producer's network thread spent more CPU on requests than
     * the stream thread on the records (measured with {@code PipelineProbe}: CPU per detection in the
     * whole JVM fell from ~65 to ~38 µs).
     */
    public Properties streamsProperties() {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, Integer.toString(DEFAULT_COMMIT_INTERVAL_MS));
        p.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, Long.toString(StreamsConfig.MAX_TASK_IDLE_MS_DISABLED));
        p.put(StreamsConfig.producerPrefix(org.apache.kafka.clients.producer.ProducerConfig.BATCH_SIZE_CONFIG),
                Integer.toString(DEFAULT_PRODUCER_BATCH_BYTES));
        p.put(StreamsConfig.APPLICATION_SERVER_CONFIG, advertisedEndpoint());
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class.getName());
        // Kafka Streams 5.0's behaviour now (KIP-1270), which 4.4 asks for in a warning (one of its two at a start
        // stays: it comes from a config the client makes for itself). The topology has no global store: no change
        p.put(GLOBAL_PROCESSING_EXCEPTIONS, "true");
        p.putAll(kafka);
        return p;
    }

    /** Never prints secrets. */
    @Override
    public String toString() {
        return "StreamsAppConfig[applicationId=" + applicationId + ", bootstrapServers=" + bootstrapServers
                + ", schema.registry.url=" + serdeConfig.get(SerdeConfig.SCHEMA_REGISTRY_URL) + ", http=" + httpHost + ":" + httpPort
                + ", advertised=" + advertisedEndpoint() + ", stateDir=" + stateDir + ", k=" + k + ", queryTimeout=" + queryTimeout
                + ", kafka keys=" + kafka.keySet() + ", pipeline=" + pipeline + "]";
    }

    private record Reader(Properties properties, Map<String, String> env) {
        String get(String key, String fallback) {
            String envKey = "OPENSN_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
            String v = env.get(envKey);
            if (v != null && !v.isBlank()) {
                return v.trim();
            }
            v = properties.getProperty(key);
            return v != null && !v.isBlank() ? v.trim() : fallback;
        }

        int integer(String key, int fallback) {
            String v = get(key, null);
            if (v == null) {
                return fallback;
            }
            try {
                return Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + " must be an integer, got '" + v + "'");
            }
        }

        Duration duration(String key, Duration fallback) {
            String v = get(key, null);
            if (v == null) {
                return fallback;
            }
            try {
                return Duration.parse(v);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(key + " must be an ISO-8601 duration such as PT10M or P1D, got '" + v + "'");
            }
        }
    }
}
