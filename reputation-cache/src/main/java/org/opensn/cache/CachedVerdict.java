package org.opensn.cache;

import java.time.Instant;
import java.util.Objects;
import org.opensn.schemas.avro.ReputationVerdict;
import org.opensn.schemas.avro.Verdict;
import org.opensn.schemas.avro.VerdictSource;

/**
 * The network's current verdict on one object, as held by a cache.
 *
 * @param ref        the object ref ({@code <type>:<value>}), the Kafka key it came with
 * @param verdict    MALICIOUS, SUSPICIOUS, CLEAN or UNKNOWN
 * @param confidence 0.0 to 1.0
 * @param version    increases with every change of this object's verdict
 * @param updatedAt  when the verdict was decided
 * @param source     a statistics rule or an analyst
 * @param threatName the threat's name, or {@code null}
 */
public record CachedVerdict(String ref, Verdict verdict, double confidence, long version, Instant updatedAt,
                            VerdictSource source, String threatName) {

    public CachedVerdict {
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(source, "source");
    }

    /** The cached form of a record read from the verdicts topic under {@code key}. */
    public static CachedVerdict of(String key, ReputationVerdict value) {
        return new CachedVerdict(key, value.getVerdict(), value.getConfidence(), value.getVersion(),
                value.getUpdatedAt(), value.getSource(),
                value.getThreatName() == null ? null : value.getThreatName().toString());
    }
}
