package org.opensn.streams.topology;

import org.opensn.schemas.avro.AnalystVerdict;
import org.opensn.schemas.avro.VerdictSource;

/**
 * Decides an object's effective verdict: an analyst override that has not expired wins over the
 * rules (CLEAN for a false positive, or any other verdict); without one the rule verdict stands;
 * without either there is no verdict (a published one is withdrawn).
 */
final class VerdictDecider {

    private VerdictDecider() {
    }

    /** Whether {@code override} has expired at {@code nowMillis}. */
    static boolean expired(AnalystVerdict override, long nowMillis) {
        return override.getExpiresAt() != null && override.getExpiresAt().toEpochMilli() <= nowMillis;
    }

    /** The effective decision, or null for none. */
    static Decision decide(RuleVerdict rule, AnalystVerdict override, long nowMillis) {
        if (override != null && !expired(override, nowMillis)) {
            return new Decision(override.getVerdict(), override.getConfidence(), VerdictSource.ANALYST,
                    abbreviate(override.getReason()), rule == null ? null : rule.threatName());
        }
        if (rule != null) {
            return new Decision(rule.verdict(), rule.confidence(), VerdictSource.RULE, rule.reason(), rule.threatName());
        }
        return null;
    }

    static String abbreviate(String s) {
        return s == null || s.length() <= 1000 ? s : s.substring(0, 997) + "...";
    }
}
