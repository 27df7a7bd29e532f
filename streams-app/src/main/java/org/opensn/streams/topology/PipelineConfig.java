package org.opensn.streams.topology;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import org.opensn.anonymizer.AnonymizationPolicy;
import org.opensn.schemas.Topics;

/**
 * What {@link PipelineTopology} needs to build the topology (a slice of the app's config).
 *
 * @param topics              the contract topic names
 * @param serdeConfig         config of the registry serdes (at least {@code schema.registry.url})
 * @param policy              the anonymization policy
 * @param deviceHashSecret    master secret of the keyed device hash (at least 16 bytes)
 * @param deviceHashRotation  how often the device hash key rotates (at most one day)
 * @param statsGrace          how long an hourly window accepts late events after it ends
 * @param statsRetention      how long hourly windows stay queryable (at least 7 days + grace for the 7d view)
 * @param maxThreatNames      how many threat names to keep per object
 * @param rules               the verdict rules
 * @param overrideExpiryCheck how often expired analyst overrides are looked for (wall clock)
 * @param maxFutureSkew       how far past its record timestamp an event time is believed
 * @param internalPartitions  partitions of the object and analyst repartition topics (they must match)
 * @param anonymizeThreads    threads per stream thread that anonymize raw records ahead of it (0: the stream thread does it all)
 */
public record PipelineConfig(
        Topics topics,
        Map<String, Object> serdeConfig,
        AnonymizationPolicy policy,
        byte[] deviceHashSecret,
        Duration deviceHashRotation,
        Duration statsGrace,
        Duration statsRetention,
        int maxThreatNames,
        VerdictRules rules,
        Duration overrideExpiryCheck,
        Duration maxFutureSkew,
        int internalPartitions,
        int anonymizeThreads) {

    /** Size of the statistics windows. */
    public static final Duration WINDOW = Duration.ofHours(1);

    public PipelineConfig {
        Objects.requireNonNull(topics, "topics");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(rules, "rules");
        serdeConfig = Map.copyOf(serdeConfig);
        if (deviceHashSecret == null || deviceHashSecret.length < 16) {
            throw new IllegalArgumentException("device hash secret must be at least 16 bytes: set OPENSN_DEVICE_HASH_SECRET "
                    + "(or device-hash.secret-file) to a long random value");
        }
        deviceHashSecret = deviceHashSecret.clone();
        requirePositive(deviceHashRotation, "device-hash.rotation");
        if (deviceHashRotation.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException("device-hash.rotation must be at most 1 day (P1D), got " + deviceHashRotation);
        }
        if (statsGrace == null || statsGrace.isNegative()) {
            throw new IllegalArgumentException("stats.grace must be zero or positive, got " + statsGrace);
        }
        requirePositive(statsRetention, "stats.retention");
        if (statsRetention.compareTo(WINDOW.plus(statsGrace)) < 0) {
            throw new IllegalArgumentException("stats.retention (" + statsRetention + ") must be at least one window plus grace ("
                    + WINDOW.plus(statsGrace) + ")");
        }
        requirePositive(overrideExpiryCheck, "verdicts.override-expiry-check");
        if (maxFutureSkew == null || maxFutureSkew.isNegative()) {
            throw new IllegalArgumentException("events.max-future-skew must be zero or positive, got " + maxFutureSkew);
        }
        if (maxThreatNames < 1 || maxThreatNames > 1000) {
            throw new IllegalArgumentException("objects.max-threat-names must be within 1..1000, got " + maxThreatNames);
        }
        if (internalPartitions < 1) {
            throw new IllegalArgumentException("internal.partitions must be >= 1, got " + internalPartitions);
        }
        if (anonymizeThreads < 0 || anonymizeThreads > 64) {
            throw new IllegalArgumentException("anonymize.threads must be within 0..64 (0: the stream threads anonymize every record "
                    + "themselves), got " + anonymizeThreads);
        }
    }

    private static void requirePositive(Duration d, String key) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(key + " must be a positive duration, got " + d);
        }
    }

    @Override
    public byte[] deviceHashSecret() {
        return deviceHashSecret.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PipelineConfig p && topics.equals(p.topics) && Arrays.equals(deviceHashSecret, p.deviceHashSecret)
                && toString().equals(p.toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }

    /** Never prints the secret. */
    @Override
    public String toString() {
        return "PipelineConfig[topics=" + topics + ", policy=" + policy + ", deviceHashRotation=" + deviceHashRotation
                + ", statsGrace=" + statsGrace + ", statsRetention=" + statsRetention + ", maxThreatNames=" + maxThreatNames
                + ", rules=" + rules + ", overrideExpiryCheck=" + overrideExpiryCheck + ", maxFutureSkew=" + maxFutureSkew
                + ", internalPartitions=" + internalPartitions + "]";
    }
}
