package org.opensn.anonymizer;

import java.util.function.UnaryOperator;

/**
 * Applies a scrubbing rule until its output no longer changes, so that anonymizing an anonymized
 * value changes nothing. One pass almost always suffices (the second only confirms); values glued
 * together without a separator (an SID running into a MAC) can need another because a placeholder
 * written by one pass is a boundary the first pass did not see. Each extra pass only removes more.
 */
final class FixedPoint {

    /** Passes before giving up and returning the fallback. */
    static final int MAX_PASSES = 4;

    private FixedPoint() {
    }

    /** The first {@code rule} output that {@code rule} maps to itself; null stays null; {@code fallback} if none within {@link #MAX_PASSES}. */
    static String of(String input, UnaryOperator<String> rule, String fallback) {
        String current = rule.apply(input);
        for (int pass = 1; pass < MAX_PASSES; pass++) {
            if (current == null) {
                return null;
            }
            String next = rule.apply(current);
            if (next == current || (next != null && next.equals(current))) {
                return current;
            }
            current = next;
        }
        return fallback;
    }
}
