package org.opensn.security;

import java.util.List;

/**
 * The contract topic names the role ACLs refer to (CONTRACT.md; {@code org.opensn.schemas.Topics}
 * holds the configured names, this module does not depend on it).
 */
public record AclTopics(String detectionsRaw, String threatSourcesRaw, String detectionsAnon, String threatSourcesAnon,
        String threatStats, String verdicts, String analystVerdicts, String deadLetters) {

    public AclTopics {
        for (String t : List.of(detectionsRaw, threatSourcesRaw, detectionsAnon, threatSourcesAnon, threatStats, verdicts,
                analystVerdicts, deadLetters)) {
            if (t == null || t.isBlank()) {
                throw new IllegalArgumentException("a contract topic name is empty");
            }
        }
    }

    /** The contract names with {@code opensn.} replaced by {@code prefix}. */
    public static AclTopics withPrefix(String prefix) {
        return new AclTopics(prefix + "detections.raw", prefix + "threat-sources.raw", prefix + "detections.anon",
                prefix + "threat-sources.anon", prefix + "threat-stats", prefix + "verdicts", prefix + "analyst-verdicts",
                prefix + "dead-letters.raw");
    }

    /** The names in CONTRACT.md. */
    public static AclTopics defaults() {
        return withPrefix("opensn.");
    }
}
