package org.opensn.schemas.registry;

import java.util.Locale;

/** The compatibility levels of Confluent's Schema Registry API. */
public enum Compatibility {
    NONE, BACKWARD, BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE, FULL, FULL_TRANSITIVE;

    /**
     * Parses a level as the registry writes it (case-insensitive).
     *
     * @throws IllegalArgumentException naming the accepted levels
     */
    public static Compatibility parse(String text) {
        if (text != null) {
            String upper = text.trim().toUpperCase(Locale.ROOT);
            for (Compatibility c : values()) {
                if (c.name().equals(upper)) {
                    return c;
                }
            }
        }
        throw new IllegalArgumentException("unknown compatibility level '" + text
                + "': expected one of NONE, BACKWARD, BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE, FULL, FULL_TRANSITIVE");
    }

    /** True when a new schema must be able to read data written with older ones. */
    boolean checksBackward() {
        return this == BACKWARD || this == BACKWARD_TRANSITIVE || this == FULL || this == FULL_TRANSITIVE;
    }

    /** True when older schemas must be able to read data written with a new one. */
    boolean checksForward() {
        return this == FORWARD || this == FORWARD_TRANSITIVE || this == FULL || this == FULL_TRANSITIVE;
    }

    /** True when every earlier version is checked, not only the latest. */
    boolean isTransitive() {
        return name().endsWith("_TRANSITIVE");
    }
}
