package org.opensn.streams.topology;

import java.util.Objects;
import org.opensn.schemas.avro.Verdict;

/**
 * What the statistics rules say about one object.
 *
 * @param verdict    MALICIOUS or SUSPICIOUS
 * @param confidence 0..1, two decimals
 * @param reason     rule id and figures
 * @param threatName the threat name reported first for the object
 */
public record RuleVerdict(Verdict verdict, double confidence, String reason, String threatName) {

    public RuleVerdict {
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(reason, "reason");
        if (!(confidence >= 0.0 && confidence <= 1.0)) {
            throw new IllegalArgumentException("confidence must be within 0..1, got " + confidence);
        }
    }
}
