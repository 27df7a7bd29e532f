package org.opensn.cache;

import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;
import org.opensn.cache.http.HttpSettings;
import org.opensn.schemas.Topics;

/**
 * Configuration of the {@code opensn-reputation-cache} service: defaults, then a properties
 * file, then the environment ({@code OPENSN_} + the key upper-cased with '.' and '-' as '_',
 * e.g. {@code OPENSN_CACHE_HTTP_PORT}).
 *
 * <table>
 *   <caption>Keys</caption>
 *   <tr><td>{@code cache.http.host} / {@code cache.http.port}</td><td>{@code 127.0.0.1} / {@code 8090}</td></tr>
 *   <tr><td>{@code cache.ttl.known} / {@code cache.ttl.unknown}</td><td>{@code ttlSeconds} answered: 15m / 5m (negative cache)</td></tr>
 *   <tr><td>{@code cache.batch.max-refs}</td><td>1000 (more: 413)</td></tr>
 *   <tr><td>{@code cache.updates.poll-after}</td><td>10s, hint in {@code /v1/updates} answers</td></tr>
 *   <tr><td>{@code cache.updates.tombstone-retention}</td><td>12h: withdrawals remembered for deltas</td></tr>
 *   <tr><td>{@code cache.health.max-staleness}</td><td>5m: {@code /health} answers 503 beyond</td></tr>
 *   <tr><td>{@code cache.state.dir}</td><td>{@code state/reputation-cache}; empty: in memory only</td></tr>
 *   <tr><td>{@code cache.state.snapshot-interval} / {@code cache.state.max-age}</td><td>1m / 12h</td></tr>
 *   <tr><td>{@code cache.http.constant-endpoint}</td><td>false; true serves a fixed-answer baseline for load tests</td></tr>
 *   <tr><td>{@code api.keys.file}</td><td>none: no authentication (quick start). A key file of
 *       {@code opensn-admin apikey create}: then every route but {@code /health} needs an API key
 *       ({@code Authorization: Bearer} or {@code X-API-Key}); look-ups need role ENDPOINT or ANALYST,
 *       {@code /metrics} role OPS. Env {@code OPENSN_API_KEYS_FILE}</td></tr>
 *   <tr><td>{@code topic.verdicts} or {@code topic.prefix}</td><td>{@code opensn.verdicts} (see {@link Topics})</td></tr>
 *   <tr><td>{@code kafka.*}</td><td>consumer properties with the prefix removed; {@code kafka.bootstrap.servers} defaults to {@code 127.0.0.1:9092}.
 *       Env: {@code OPENSN_KAFKA_SASL_JAAS_CONFIG} sets {@code kafka.sasl.jaas.config}</td></tr>
 *   <tr><td>{@code schema.registry.*}, {@code basic.auth.*}</td><td>passed to the Avro deserializer;
 *       {@code schema.registry.url} defaults to {@code http://127.0.0.1:8081}</td></tr>
 * </table>
 * Durations are ISO-8601 ({@code PT15M}) or a number with {@code ms}, {@code s}, {@code m}, {@code h} or {@code d}.
 */
public record CacheConfig(HttpSettings http, Path stateDir, Duration snapshotInterval, Duration maxStateAge,
                          Duration tombstoneRetention, String verdictsTopic, Map<String, Object> kafka,
                          Map<String, Object> serde, Path apiKeysFile) {

    public CacheConfig {
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(verdictsTopic, "verdictsTopic");
        requirePositive(snapshotInterval, "cache.state.snapshot-interval");
        requirePositive(maxStateAge, "cache.state.max-age");
        requirePositive(tombstoneRetention, "cache.updates.tombstone-retention");
        kafka = Map.copyOf(kafka);
        serde = Map.copyOf(serde);
        if (!kafka.containsKey("bootstrap.servers")) {
            throw new IllegalArgumentException("kafka.bootstrap.servers is not set");
        }
        if (!serde.containsKey("schema.registry.url")) {
            throw new IllegalArgumentException("schema.registry.url is not set");
        }
    }

    /** Defaults only. */
    public static CacheConfig defaults() {
        return load(new Properties(), Map.of());
    }

    /** Defaults, then {@code properties}, then {@code env} (see the class comment). */
    public static CacheConfig load(Properties properties, Map<String, String> env) {
        Map<String, String> merged = new TreeMap<>();
        merged.put("kafka.bootstrap.servers", "127.0.0.1:9092");
        merged.put("schema.registry.url", "http://127.0.0.1:8081");
        for (String k : properties.stringPropertyNames()) {
            merged.put(k, properties.getProperty(k).trim());
        }
        Properties topicProps = new Properties();
        topicProps.putAll(properties);
        for (Map.Entry<String, String> e : env.entrySet()) {
            String name = e.getKey();
            if (!name.startsWith("OPENSN_") || name.startsWith("OPENSN_TOPIC_")) {
                continue;
            }
            String key = name.substring("OPENSN_".length()).toLowerCase(Locale.ROOT);
            String mapped = KNOWN.get(key);
            if (mapped != null) {
                merged.put(mapped, e.getValue().trim());
            } else if (key.startsWith("kafka_") || key.startsWith("schema_registry_") || key.startsWith("basic_auth_")) {
                merged.put(key.replace('_', '.'), e.getValue().trim());
            }
        }
        HttpSettings d = HttpSettings.defaults();
        HttpSettings http = new HttpSettings(
                text(merged, "cache.http.host", d.host()),
                integer(merged, "cache.http.port", d.port()),
                duration(merged, "cache.ttl.known", d.knownTtl()),
                duration(merged, "cache.ttl.unknown", d.unknownTtl()),
                integer(merged, "cache.batch.max-refs", d.maxBatch()),
                duration(merged, "cache.updates.poll-after", d.pollAfter()),
                duration(merged, "cache.health.max-staleness", d.maxStaleness()),
                Boolean.parseBoolean(text(merged, "cache.http.constant-endpoint", "false")));
        String dir = text(merged, "cache.state.dir", "state/reputation-cache");
        Map<String, Object> kafka = new TreeMap<>();
        Map<String, Object> serde = new TreeMap<>();
        merged.forEach((k, v) -> {
            if (k.startsWith("kafka.")) {
                kafka.put(k.substring("kafka.".length()), v);
            } else if (k.startsWith("schema.registry.") || k.startsWith("basic.auth.") || k.equals("auto.register.schemas")) {
                serde.put(k, v);
            }
        });
        return new CacheConfig(http, dir.isBlank() ? null : Path.of(dir),
                duration(merged, "cache.state.snapshot-interval", Duration.ofMinutes(1)),
                duration(merged, "cache.state.max-age", Duration.ofHours(12)),
                duration(merged, "cache.updates.tombstone-retention", Duration.ofHours(12)),
                Topics.load(topicProps, env).verdicts().name(), kafka, serde,
                text(merged, "api.keys.file", "").isBlank() ? null : Path.of(text(merged, "api.keys.file", "")));
    }

    private static final Map<String, String> KNOWN = Map.ofEntries(
            Map.entry("cache_http_host", "cache.http.host"),
            Map.entry("cache_http_port", "cache.http.port"),
            Map.entry("cache_ttl_known", "cache.ttl.known"),
            Map.entry("cache_ttl_unknown", "cache.ttl.unknown"),
            Map.entry("cache_batch_max_refs", "cache.batch.max-refs"),
            Map.entry("cache_updates_poll_after", "cache.updates.poll-after"),
            Map.entry("cache_updates_tombstone_retention", "cache.updates.tombstone-retention"),
            Map.entry("cache_health_max_staleness", "cache.health.max-staleness"),
            Map.entry("cache_state_dir", "cache.state.dir"),
            Map.entry("cache_state_snapshot_interval", "cache.state.snapshot-interval"),
            Map.entry("cache_state_max_age", "cache.state.max-age"),
            Map.entry("cache_http_constant_endpoint", "cache.http.constant-endpoint"),
            Map.entry("api_keys_file", "api.keys.file"));

    /** A {@link VerdictSubscriber} builder set up from this configuration. */
    public VerdictSubscriber.Builder subscriber() {
        VerdictSubscriber.Builder b = VerdictSubscriber.builder()
                .topic(verdictsTopic)
                .kafkaProperties(kafka)
                .serdeConfig(serde)
                .snapshotInterval(snapshotInterval)
                .maxStateAge(maxStateAge)
                .tombstoneRetention(tombstoneRetention);
        if (stateDir != null) {
            b.stateDir(stateDir);
        }
        return b;
    }

    /** The same configuration with another state dir ({@code null}: none). */
    public CacheConfig withStateDir(Path dir) {
        return new CacheConfig(http, dir, snapshotInterval, maxStateAge, tombstoneRetention, verdictsTopic, kafka, serde, apiKeysFile);
    }

    /** The same configuration with other HTTP settings. */
    public CacheConfig withHttp(HttpSettings settings) {
        return new CacheConfig(settings, stateDir, snapshotInterval, maxStateAge, tombstoneRetention, verdictsTopic, kafka, serde, apiKeysFile);
    }

    /** The same configuration with API keys from {@code file} ({@code null}: no authentication). */
    public CacheConfig withApiKeysFile(Path file) {
        return new CacheConfig(http, stateDir, snapshotInterval, maxStateAge, tombstoneRetention, verdictsTopic, kafka, serde, file);
    }

    /** Names every setting but shows no Kafka or registry values (they may hold secrets). */
    @Override
    public String toString() {
        return "CacheConfig[http=" + http + ", stateDir=" + stateDir + ", snapshotInterval=" + snapshotInterval
                + ", maxStateAge=" + maxStateAge + ", tombstoneRetention=" + tombstoneRetention + ", verdictsTopic=" + verdictsTopic
                + ", kafka keys=" + kafka.keySet() + ", serde keys=" + serde.keySet() + ", apiKeysFile=" + apiKeysFile + "]";
    }

    private static String text(Map<String, String> m, String key, String fallback) {
        String v = m.get(key);
        return v == null ? fallback : v;
    }

    private static int integer(Map<String, String> m, String key, int fallback) {
        String v = m.get(key);
        if (v == null || v.isEmpty()) {
            return fallback;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number, was '" + v + "'");
        }
    }

    static Duration duration(Map<String, String> m, String key, Duration fallback) {
        String v = m.get(key);
        if (v == null || v.isEmpty()) {
            return fallback;
        }
        try {
            if (v.startsWith("P") || v.startsWith("p")) {
                return Duration.parse(v);
            }
            String lower = v.toLowerCase(Locale.ROOT);
            if (lower.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(lower.substring(0, lower.length() - 2).trim()));
            }
            long n = Long.parseLong(lower.substring(0, lower.length() - 1).trim());
            return switch (lower.charAt(lower.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                case 'd' -> Duration.ofDays(n);
                default -> throw new NumberFormatException();
            };
        } catch (NumberFormatException | DateTimeParseException | StringIndexOutOfBoundsException e) {
            throw new IllegalArgumentException(key + " must be a duration like 30s, 15m, 12h or PT15M, was '" + v + "'");
        }
    }

    private static void requirePositive(Duration d, String key) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(key + " must be a positive duration, was " + d);
        }
    }
}
