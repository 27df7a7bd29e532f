package org.opensn.anonymizer;

import java.util.function.UnaryOperator;

/**
 * The results of one pure rule for the strings seen last, for values that repeat across events
 * and devices: a fleet runs few distinct product and OS versions, and the same malware (hash) and
 * hosts show up on many machines. Direct-mapped, {@value #SLOTS} slots, strings over the given
 * length not cached; thread-safe as {@link OwnValuesCache} is (immutable entries, a race costs a
 * miss). The rule is a pure function (null results included), so a hit returns what it would.
 */
final class Memo {

    static final int SLOTS = 256;

    private record Entry(String raw, String result) {
    }

    private final UnaryOperator<String> rule;
    private final int maxCachedLength;
    private final Entry[] slots = new Entry[SLOTS];

    Memo(UnaryOperator<String> rule, int maxCachedLength) {
        this.rule = rule;
        this.maxCachedLength = maxCachedLength;
    }

    String apply(String raw) {
        if (raw.length() > maxCachedLength) {
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
