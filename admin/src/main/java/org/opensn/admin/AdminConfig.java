package org.opensn.admin;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.opensn.schemas.Topics;
import org.opensn.security.AclTopics;
import org.opensn.security.ServicePrincipals;

/**
 * Configuration of {@code opensn-admin}: defaults, then the {@code --config} properties file, then
 * the environment.
 *
 * <table>
 *   <caption>Keys</caption>
 *   <tr><th>key</th><th>environment</th><th>default</th></tr>
 *   <tr><td>bootstrap.servers</td><td>OPENSN_BOOTSTRAP_SERVERS</td><td>127.0.0.1:9092</td></tr>
 *   <tr><td>kafka.*</td><td>OPENSN_KAFKA_* ('_' becomes '.')</td><td>the admin's own client settings, e.g.
 *       kafka.security.protocol=SASL_SSL, kafka.sasl.mechanism=SCRAM-SHA-512, kafka.sasl.jaas.config=...,
 *       kafka.ssl.truststore.location=...</td></tr>
 *   <tr><td>admin.timeout</td><td>OPENSN_ADMIN_TIMEOUT</td><td>PT30S, per cluster request</td></tr>
 *   <tr><td>principal.streams / principal.analyst / principal.cache</td><td>OPENSN_PRINCIPAL_STREAMS, ...</td>
 *       <td>opensn-streams / opensn-analyst / opensn-cache</td></tr>
 *   <tr><td>streams.application.id</td><td>OPENSN_STREAMS_APPLICATION_ID</td><td>opensn-streams</td></tr>
 *   <tr><td>analyst.group.prefix</td><td>OPENSN_ANALYST_GROUP_PREFIX</td><td>opensn-analyst</td></tr>
 *   <tr><td>topic.partitions / topic.replication.factor</td><td>OPENSN_TOPIC_PARTITIONS / ..._REPLICATION_FACTOR</td>
 *       <td>6 / -1 (the broker's default)</td></tr>
 *   <tr><td>topic.*</td><td>OPENSN_TOPIC_*</td><td>the contract topic names ({@code Topics.load})</td></tr>
 *   <tr><td>api.keys.file</td><td>OPENSN_API_KEYS_FILE</td><td>api-keys (in the working directory)</td></tr>
 * </table>
 */
record AdminConfig(String bootstrapServers, Map<String, String> kafka, Duration timeout, Topics topics,
        ServicePrincipals principals, int partitions, short replicationFactor, Path apiKeysFile) {

    AdminConfig {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("bootstrap.servers is empty: set it (or OPENSN_BOOTSTRAP_SERVERS) to host:port of the cluster");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("admin.timeout must be positive, was " + timeout);
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("topic.partitions must be at least 1, was " + partitions);
        }
        if (replicationFactor < 1 && replicationFactor != -1) {
            throw new IllegalArgumentException("topic.replication.factor must be at least 1 or -1 (broker default), was " + replicationFactor);
        }
        kafka = Map.copyOf(kafka);
    }

    static AdminConfig load(Properties file, Map<String, String> env) {
        Map<String, String> kafka = new HashMap<>();
        for (String name : file.stringPropertyNames()) {
            if (name.startsWith("kafka.")) {
                kafka.put(name.substring("kafka.".length()), file.getProperty(name).trim());
            }
        }
        env.forEach((k, v) -> {
            if (k.startsWith("OPENSN_KAFKA_") && v != null) {
                kafka.put(k.substring("OPENSN_KAFKA_".length()).toLowerCase(Locale.ROOT).replace('_', '.'), v.trim());
            }
        });
        Duration timeout;
        String t = pick(file, env, "admin.timeout", "PT30S");
        try {
            timeout = Duration.parse(t);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("admin.timeout '" + t + "' is not an ISO-8601 duration such as PT30S");
        }
        ServicePrincipals d = ServicePrincipals.defaults();
        ServicePrincipals principals = new ServicePrincipals(
                pick(file, env, "principal.streams", d.streams()),
                pick(file, env, "streams.application.id", d.streamsApplicationId()),
                pick(file, env, "principal.analyst", d.analyst()),
                pick(file, env, "analyst.group.prefix", d.analystGroupPrefix()),
                pick(file, env, "principal.cache", d.cache()));
        return new AdminConfig(pick(file, env, "bootstrap.servers", "127.0.0.1:9092"), kafka, timeout, Topics.load(file, env),
                principals, integer(file, env, "topic.partitions", "6"), (short) integer(file, env, "topic.replication.factor", "-1"),
                Path.of(pick(file, env, "api.keys.file", "api-keys")));
    }

    /** The contract topic names as the security library sees them. */
    AclTopics aclTopics() {
        return new AclTopics(topics.detectionsRaw().name(), topics.threatSourcesRaw().name(), topics.detectionsAnon().name(),
                topics.threatSourcesAnon().name(), topics.threatStats().name(), topics.verdicts().name(),
                topics.analystVerdicts().name(), topics.deadLettersRaw());
    }

    /** Admin client settings: bootstrap, timeouts, then every {@code kafka.*} key. */
    Map<String, Object> adminClientProperties() {
        Map<String, Object> p = new HashMap<>();
        p.put("bootstrap.servers", bootstrapServers);
        p.put("client.id", "opensn-admin");
        p.put("default.api.timeout.ms", (int) timeout.toMillis());
        p.put("request.timeout.ms", (int) Math.min(timeout.toMillis(), 30_000));
        p.put("reconnect.backoff.max.ms", 2_000);
        p.putAll(kafka);
        return p;
    }

    private static int integer(Properties file, Map<String, String> env, String key, String fallback) {
        String v = pick(file, env, key, fallback);
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " '" + v + "' is not a whole number");
        }
    }

    private static String pick(Properties file, Map<String, String> env, String key, String fallback) {
        String envKey = "OPENSN_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
        String v = env.get(envKey);
        if (v != null && !v.isBlank()) {
            return v.trim();
        }
        v = file.getProperty(key);
        return v != null && !v.isBlank() ? v.trim() : fallback;
    }

    @Override
    public String toString() {
        return "AdminConfig[bootstrapServers=" + bootstrapServers + ", kafka keys=" + kafka.keySet() + ", timeout=" + timeout + "]";
    }
}
