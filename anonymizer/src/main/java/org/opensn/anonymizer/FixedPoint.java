package org.opensn.anonymizer;

/**
 * Why the scrubbing rules loop: anonymizing an anonymized value must change nothing. A single
 * pass is a fixed point unless a pattern pass (identifiers, IP addresses, tokens, the late e-mail
 * pass) claimed chars, because only those claims come after decisions they could have changed
 * (an SID running into a MAC without a separator: the MAC's placeholder is a boundary the SID
 * scanner did not see). {@link Marks#needsConfirmation()} says when; the rule then runs again on
 * its own output, up to {@link #MAX_PASSES} times, each pass only removing more. A value that does
 * not settle falls back to the most conservative output (dropped or {@code unknown}).
 */
final class FixedPoint {

    /** Passes before giving up and returning the fallback. */
    static final int MAX_PASSES = 4;

    private FixedPoint() {
    }
}
