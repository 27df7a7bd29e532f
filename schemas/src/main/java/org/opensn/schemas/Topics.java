package org.opensn.schemas;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.opensn.schemas.avro.AnalystVerdict;
import org.opensn.schemas.avro.AnonymizedDetection;
import org.opensn.schemas.avro.AnonymizedThreatSource;
import org.opensn.schemas.avro.DetectionEvent;
import org.opensn.schemas.avro.ReputationVerdict;
import org.opensn.schemas.avro.ThreatSourceEvent;
import org.opensn.schemas.avro.ThreatStatistic;

/**
 * The contract topics (CONTRACT.md) with their configured names. Immutable; build one with
 * {@link #defaults()} or {@link #load(Properties, Map)}.
 *
 * <p>Configuration keys are {@code topic.<default name without the "opensn." prefix>}, e.g.
 * {@code topic.detections.raw=acme.detections.raw}; environment overrides use
 * {@code OPENSN_TOPIC_DETECTIONS_RAW}. A common prefix replaces {@code opensn.} for all of them
 * with {@code topic.prefix} / {@code OPENSN_TOPIC_PREFIX}.
 */
public record Topics(
        Topic<DetectionEvent> detectionsRaw,
        Topic<ThreatSourceEvent> threatSourcesRaw,
        Topic<AnonymizedDetection> detectionsAnon,
        Topic<AnonymizedThreatSource> threatSourcesAnon,
        Topic<ThreatStatistic> threatStats,
        Topic<ReputationVerdict> verdicts,
        Topic<AnalystVerdict> analystVerdicts,
        String deadLettersRaw) {

    /** Retention of the raw ingest topics and the dead-letter topic. */
    public static final Duration RAW_RETENTION = Duration.ofHours(24);
    /** Retention of the anonymized topics. */
    public static final Duration ANON_RETENTION = Duration.ofDays(30);

    public Topics {
        if (deadLettersRaw == null || deadLettersRaw.isBlank()) {
            throw new IllegalArgumentException("dead-letter topic name is empty");
        }
    }

    /** The names in CONTRACT.md. */
    public static Topics defaults() {
        return withPrefix("opensn.");
    }

    /** The contract names with {@code opensn.} replaced by {@code prefix} (e.g. for unique per-test names). */
    public static Topics withPrefix(String prefix) {
        return new Topics(
                new Topic<>(prefix + "detections.raw", DetectionEvent.class),
                new Topic<>(prefix + "threat-sources.raw", ThreatSourceEvent.class),
                new Topic<>(prefix + "detections.anon", AnonymizedDetection.class),
                new Topic<>(prefix + "threat-sources.anon", AnonymizedThreatSource.class),
                new Topic<>(prefix + "threat-stats", ThreatStatistic.class),
                new Topic<>(prefix + "verdicts", ReputationVerdict.class),
                new Topic<>(prefix + "analyst-verdicts", AnalystVerdict.class),
                prefix + "dead-letters.raw");
    }

    /** Defaults, then {@code properties}, then {@code env} (see the class comment for the keys). */
    public static Topics load(Properties properties, Map<String, String> env) {
        String prefix = pick(properties, env, "prefix", "opensn.");
        Topics d = withPrefix(prefix);
        return new Topics(
                new Topic<>(pick(properties, env, "detections.raw", d.detectionsRaw.name()), DetectionEvent.class),
                new Topic<>(pick(properties, env, "threat-sources.raw", d.threatSourcesRaw.name()), ThreatSourceEvent.class),
                new Topic<>(pick(properties, env, "detections.anon", d.detectionsAnon.name()), AnonymizedDetection.class),
                new Topic<>(pick(properties, env, "threat-sources.anon", d.threatSourcesAnon.name()), AnonymizedThreatSource.class),
                new Topic<>(pick(properties, env, "threat-stats", d.threatStats.name()), ThreatStatistic.class),
                new Topic<>(pick(properties, env, "verdicts", d.verdicts.name()), ReputationVerdict.class),
                new Topic<>(pick(properties, env, "analyst-verdicts", d.analystVerdicts.name()), AnalystVerdict.class),
                pick(properties, env, "dead-letters.raw", d.deadLettersRaw));
    }

    /** Every topic name, raw ones first. */
    public List<String> allNames() {
        return List.of(detectionsRaw.name(), threatSourcesRaw.name(), detectionsAnon.name(), threatSourcesAnon.name(),
                threatStats.name(), verdicts.name(), analystVerdicts.name(), deadLettersRaw);
    }

    /** Topics that may hold identifying values (raw ingest and dead letters of raw ingest). */
    public List<String> rawNames() {
        return List.of(detectionsRaw.name(), threatSourcesRaw.name(), deadLettersRaw);
    }

    /** Names of the compacted topics. */
    public List<String> compactedNames() {
        return List.of(threatStats.name(), verdicts.name(), analystVerdicts.name());
    }

    /**
     * The contract topics as {@link NewTopic}s with CONTRACT.md's cleanup policies and retention:
     * raw and dead letters delete after 24 h, anonymized after 30 d, stats, verdicts and analyst
     * verdicts compacted.
     */
    public List<NewTopic> newTopics(int partitions, short replicationFactor) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1, was " + partitions);
        }
        Map<String, String> raw = Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                TopicConfig.RETENTION_MS_CONFIG, Long.toString(RAW_RETENTION.toMillis()));
        Map<String, String> anon = Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                TopicConfig.RETENTION_MS_CONFIG, Long.toString(ANON_RETENTION.toMillis()));
        Map<String, String> compact = Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        List<NewTopic> topics = new ArrayList<>();
        for (String name : List.of(detectionsRaw.name(), threatSourcesRaw.name(), deadLettersRaw)) {
            topics.add(new NewTopic(name, partitions, replicationFactor).configs(raw));
        }
        for (String name : List.of(detectionsAnon.name(), threatSourcesAnon.name())) {
            topics.add(new NewTopic(name, partitions, replicationFactor).configs(anon));
        }
        for (String name : compactedNames()) {
            topics.add(new NewTopic(name, partitions, replicationFactor).configs(compact));
        }
        return List.copyOf(topics);
    }

    private static String pick(Properties properties, Map<String, String> env, String key, String fallback) {
        String envKey = "OPENSN_TOPIC_" + key.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_');
        String fromEnv = env.get(envKey);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv.trim();
        }
        String fromFile = properties.getProperty("topic." + key);
        return fromFile != null && !fromFile.isBlank() ? fromFile.trim() : fallback;
    }
}
