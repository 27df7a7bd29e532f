package org.opensn.cache;

/**
 * One version of one ref in a {@link VerdictTable}: the record at {@code partition}/{@code offset}.
 * {@code value == null} marks a withdrawal kept so deltas can report it.
 */
final class TableEntry {

    final String ref;
    final CachedVerdict value;
    final int partition;
    final long offset;
    final long appliedAtMillis;
    /** The version that replaced this one (or the withdrawal that removed it); null while current. */
    volatile TableEntry supersededBy;

    TableEntry(String ref, CachedVerdict value, int partition, long offset, long appliedAtMillis) {
        this.ref = ref;
        this.value = value;
        this.partition = partition;
        this.offset = offset;
        this.appliedAtMillis = appliedAtMillis;
    }

    /** True if this version is the one a reader positioned at {@code positions} sees. */
    boolean visibleAt(long[] positions) {
        if (offset >= positions[partition]) {
            return false;
        }
        TableEntry s = supersededBy;
        return s == null || s.offset >= positions[s.partition];
    }
}
