package org.opensn.anonymizer;

import java.util.function.UnaryOperator;

/**
 * The results of one {@link Versions} rule for the version strings seen last: a fleet runs few
 * distinct product and OS versions, so most events repeat one. Direct-mapped, {@value #SLOTS}
 * slots, strings over {@value #MAX_CACHED_LENGTH} chars not cached; thread-safe as
 * {@link OwnValuesCache} is (immutable entries, a race costs a miss). The rule is a pure
 * function, so a hit returns what it would.
 */
final class VersionCache {

    static final int SLOTS = 256;
    static final int MAX_CACHED_LENGTH = 64;

    private record Entry(String raw, String result) {
    }

    private final UnaryOperator<String> rule;
    private final Entry[] slots = new Entry[SLOTS];

    VersionCache(UnaryOperator<String> rule) {
        this.rule = rule;
    }

    String apply(String raw) {
        if (raw.length() > MAX_CACHED_LENGTH) {
            return rule.apply(raw);
        }
        int h = raw.hashCode();
        int slot = (h ^ (h >>> 16)) & (SLOTS - 1);
        Entry e = slots[slot];
        if (e != null && e.raw.equals(raw)) {
            return e.result;
        }
        String result = rule.apply(raw);
        slots[slot] = new Entry(raw, result);
        return result;
    }
}
