package org.opensn.streams.topology;

import java.util.Objects;
import org.opensn.schemas.avro.Verdict;
import org.opensn.schemas.avro.VerdictSource;

/**
 * An effective verdict on an object, before it gets a version.
 *
 * @param verdict    the verdict
 * @param confidence 0..1
 * @param source     RULE or ANALYST
 * @param reason     rule id and figures, or the analyst's reason
 * @param threatName the threat name, may be null
 */
public record Decision(Verdict verdict, double confidence, VerdictSource source, String reason, String threatName) {

    public Decision {
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(source, "source");
    }

    /**
     * Whether publishing this instead of {@code other} is a change a reputation cache must see:
     * verdict, confidence, source or threat name differ. A reason that only restates new figures is not.
     */
    boolean differsFrom(Decision other) {
        return other == null || verdict != other.verdict || Double.compare(confidence, other.confidence) != 0
                || source != other.source || !Objects.equals(threatName, other.threatName);
    }
}
