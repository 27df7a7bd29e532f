package org.opensn.anonymizer;

/**
 * {@link Marks.Summary summaries} of the texts summarized last, for texts that repeat across
 * events and devices (threat names, URL hosts): a hit saves the per-char summary scan for one
 * hash and one comparison. Direct-mapped, {@value #SLOTS} slots, texts over
 * {@value #MAX_CACHED_LENGTH} chars not cached; thread-safe as {@link OwnValuesCache} is
 * (immutable entries, a race costs a miss). A summary is a function of the text alone, so a hit
 * changes nothing.
 */
final class SummaryCache {

    static final int SLOTS = 1024;
    static final int MAX_CACHED_LENGTH = 256;

    private record Entry(String text, Marks.Summary summary) {
    }

    private final Entry[] slots = new Entry[SLOTS];

    Marks.Summary get(String text) {
        if (text.length() > MAX_CACHED_LENGTH) {
            return null;
        }
        Entry e = slots[slot(text)];
        return e != null && e.text.equals(text) ? e.summary : null;
    }

    void put(String text, Marks.Summary summary) {
        if (text.length() <= MAX_CACHED_LENGTH) {
            slots[slot(text)] = new Entry(text, summary);
        }
    }

    private static int slot(String text) {
        int h = text.hashCode();
        return (h ^ (h >>> 16)) & (SLOTS - 1);
    }
}
