package org.opensn.cache;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The verdict table: current verdict per ref for look-ups, plus a per-partition index by offset so
 * that "changes since offsets T" costs as much as the changes, not the table.
 *
 * <p>One writer (the subscriber thread) applies records in offset order; any number of readers
 * get a consistent view at the positions current when they opened, without copying and without
 * blocking the writer: while a reader is open, versions it may still need stay in the index
 * (their removal is queued until every reader that could see them has closed), and each version
 * records what superseded it, so a reader skips what is newer than its positions.
 *
 * <p>Withdrawals (tombstones) at or above the horizon are kept as entries so deltas can report
 * them; {@link #purgeTombstones(long)} drops old ones and raises the horizon. A token below the
 * horizon gets the full table.
 */
final class VerdictTable {

    /** What {@link #apply} did. */
    record Applied(CachedVerdict previous, CachedVerdict current) {
    }

    private final String topic;
    private final int partitions;
    private final ConcurrentHashMap<String, TableEntry> byRef = new ConcurrentHashMap<>();
    private final List<ConcurrentSkipListMap<Long, TableEntry>> index;

    private final ReentrantLock lock = new ReentrantLock();
    // guarded by lock
    private final long[] positions;
    private final long[] horizon;
    private final TableChecksum checksum = new TableChecksum();
    private long writeSeq;
    private final TreeMap<Long, Integer> openReaders = new TreeMap<>();
    private final ArrayDeque<Pending> pendingRemovals = new ArrayDeque<>();
    private final ArrayDeque<TableEntry> tombstones = new ArrayDeque<>();
    private volatile int size;

    private record Pending(long seq, TableEntry entry) {
    }

    /**
     * An empty table.
     *
     * @param horizon per partition, the offset below which withdrawals are not kept (tokens below it get the full table)
     */
    VerdictTable(String topic, int partitions, long[] horizon) {
        if (partitions <= 0) {
            throw new IllegalArgumentException("topic " + topic + " has " + partitions + " partitions");
        }
        if (horizon.length != partitions) {
            throw new IllegalArgumentException("horizon has " + horizon.length + " partitions, topic " + topic + " has " + partitions);
        }
        this.topic = topic;
        this.partitions = partitions;
        this.positions = new long[partitions];
        this.horizon = horizon.clone();
        List<ConcurrentSkipListMap<Long, TableEntry>> idx = new ArrayList<>(partitions);
        for (int i = 0; i < partitions; i++) {
            idx.add(new ConcurrentSkipListMap<>());
        }
        this.index = List.copyOf(idx);
    }

    String topic() {
        return topic;
    }

    int partitions() {
        return partitions;
    }

    /** Look-up: one hash-map read. */
    CachedVerdict lookup(String ref) {
        TableEntry e = byRef.get(ref);
        return e == null ? null : e.value;
    }

    int size() {
        return size;
    }

    /** Next offset to read per partition. */
    long[] positions() {
        lock.lock();
        try {
            return positions.clone();
        } finally {
            lock.unlock();
        }
    }

    long position(int partition) {
        lock.lock();
        try {
            return positions[partition];
        } finally {
            lock.unlock();
        }
    }

    long[] horizon() {
        lock.lock();
        try {
            return horizon.clone();
        } finally {
            lock.unlock();
        }
    }

    String checksum() {
        lock.lock();
        try {
            return checksum.hex();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Applies the record at {@code partition}/{@code offset}: {@code value == null} withdraws.
     * Records below the partition's position (already applied) are ignored.
     *
     * @return what changed, or {@code null} if the record was already applied
     */
    Applied apply(int partition, long offset, String ref, CachedVerdict value, long nowMillis) {
        lock.lock();
        try {
            if (offset < positions[partition]) {
                return null;
            }
            positions[partition] = offset + 1;
            writeSeq++;
            TableEntry previous = byRef.get(ref);
            CachedVerdict previousValue = previous == null ? null : previous.value;
            TableEntry entry = new TableEntry(ref, value, partition, offset, nowMillis);
            if (value == null && offset < horizon[partition]) {
                // a withdrawal below the horizon is never served as a delta: forget the ref outright
                if (previous != null) {
                    byRef.remove(ref);
                }
            } else {
                index.get(partition).put(offset, entry);
                byRef.put(ref, entry);
                if (value == null) {
                    tombstones.addLast(entry);
                } else {
                    checksum.toggle(value);
                }
            }
            if (previous != null) {
                previous.supersededBy = entry;
                removeFromIndex(previous);
            }
            if (previousValue != null) {
                checksum.toggle(previousValue);
            }
            size += (value != null ? 1 : 0) - (previousValue != null ? 1 : 0);
            drainPendingRemovals();
            return new Applied(previousValue, value);
        } finally {
            lock.unlock();
        }
    }

    /** Moves a partition's position forward past offsets that carried no record (compaction gaps, markers). */
    void advance(int partition, long position) {
        lock.lock();
        try {
            if (position > positions[partition]) {
                positions[partition] = position;
                writeSeq++;
            }
        } finally {
            lock.unlock();
        }
    }

    /** Sets the starting position of a partition of an empty table (used when resuming). */
    void seed(int partition, long position) {
        lock.lock();
        try {
            positions[partition] = position;
        } finally {
            lock.unlock();
        }
    }

    /** Counter that moves with every change, to tell whether a new snapshot is worth writing. */
    long writeSeq() {
        lock.lock();
        try {
            return writeSeq;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Forgets withdrawals applied before {@code cutoffMillis} and raises the horizon past them.
     *
     * @return the number dropped
     */
    int purgeTombstones(long cutoffMillis) {
        lock.lock();
        try {
            int dropped = 0;
            while (!tombstones.isEmpty() && tombstones.peekFirst().appliedAtMillis < cutoffMillis) {
                TableEntry t = tombstones.pollFirst();
                if (byRef.remove(t.ref, t)) {
                    horizon[t.partition] = Math.max(horizon[t.partition], t.offset + 1);
                    writeSeq++;
                    removeFromIndex(t);
                    dropped++;
                }
            }
            return dropped;
        } finally {
            lock.unlock();
        }
    }

    private void removeFromIndex(TableEntry e) {
        if (openReaders.isEmpty()) {
            index.get(e.partition).remove(e.offset, e);
        } else {
            pendingRemovals.addLast(new Pending(writeSeq, e));
        }
    }

    private void drainPendingRemovals() {
        long oldestReader = openReaders.isEmpty() ? Long.MAX_VALUE : openReaders.firstKey();
        while (!pendingRemovals.isEmpty() && pendingRemovals.peekFirst().seq() <= oldestReader) {
            TableEntry e = pendingRemovals.pollFirst().entry();
            index.get(e.partition).remove(e.offset, e);
        }
    }

    /** Entries loaded from a snapshot; only for a table not yet read from. */
    void restore(TableEntry e) {
        lock.lock();
        try {
            index.get(e.partition).put(e.offset, e);
            byRef.put(e.ref, e);
            if (e.value == null) {
                tombstones.addLast(e);
            } else {
                checksum.toggle(e.value);
                size++;
            }
        } finally {
            lock.unlock();
        }
    }

    /** Restores the horizon of a table loaded from a snapshot. */
    void restoreHorizon(long[] h) {
        lock.lock();
        try {
            System.arraycopy(h, 0, horizon, 0, partitions);
        } finally {
            lock.unlock();
        }
    }

    /** Sorts restored withdrawals by age so purging stays in order. */
    void restoreDone() {
        lock.lock();
        try {
            List<TableEntry> list = new ArrayList<>(tombstones);
            list.sort((a, b) -> Long.compare(a.appliedAtMillis, b.appliedAtMillis));
            tombstones.clear();
            tombstones.addAll(list);
        } finally {
            lock.unlock();
        }
    }

    /** A consistent view at the current positions; close it. */
    Reader openReader() {
        lock.lock();
        try {
            openReaders.merge(writeSeq, 1, Integer::sum);
            return new Reader(writeSeq, positions.clone(), horizon.clone(), checksum.hex());
        } finally {
            lock.unlock();
        }
    }

    /** See {@link VerdictView#changesSince(UpdateToken)}. */
    ChangeSet changesSince(UpdateToken token) {
        Reader r = openReader();
        try {
            String fullReason = fullReason(token, r);
            long[] from = new long[partitions];
            if (fullReason.isEmpty()) {
                for (int p = 0; p < partitions; p++) {
                    from[p] = token.offset(p);
                    if (from[p] > r.positions[p]) {
                        throw new VerdictView.TokenAheadException("the token is ahead of this cache on partition " + p
                                + " (" + from[p] + " > " + r.positions[p] + "): this instance is still catching up, retry shortly");
                    }
                }
            }
            return new TableChangeSet(r, from, fullReason);
        } catch (RuntimeException e) {
            r.close();
            throw e;
        }
    }

    private String fullReason(UpdateToken token, Reader r) {
        if (token == null) {
            return "no token: full snapshot";
        }
        if (!token.topic().equals(topic)) {
            return "the token is for topic " + token.topic() + ", this cache reads " + topic;
        }
        if (token.partitions() != partitions) {
            return "the token covers " + token.partitions() + " partitions, the topic now has " + partitions;
        }
        for (int p = 0; p < partitions; p++) {
            if (token.offset(p) < r.horizon[p]) {
                return "the token is older than the history this cache keeps (partition " + p + " offset "
                        + token.offset(p) + " < " + r.horizon[p] + ")";
            }
        }
        return "";
    }

    /** A consistent view at fixed positions. */
    final class Reader implements AutoCloseable {
        private final long seq;
        final long[] positions;
        final long[] horizon;
        final String checksum;
        private boolean closed;

        private Reader(long seq, long[] positions, long[] horizon, String checksum) {
            this.seq = seq;
            this.positions = positions;
            this.horizon = horizon;
            this.checksum = checksum;
        }

        /**
         * Entries visible at this view's positions with offsets at or above {@code from}, partition
         * by partition in offset order; withdrawals included only if {@code withWithdrawals}.
         */
        Iterator<TableEntry> entries(long[] from, boolean withWithdrawals) {
            return new Iterator<>() {
                private int partition = -1;
                private Iterator<TableEntry> current = java.util.Collections.emptyIterator();
                private TableEntry next;

                @Override
                public boolean hasNext() {
                    while (next == null) {
                        if (current.hasNext()) {
                            TableEntry e = current.next();
                            if (e.visibleAt(positions) && (withWithdrawals || e.value != null)) {
                                next = e;
                            }
                        } else if (partition + 1 < partitions) {
                            partition++;
                            current = index.get(partition).subMap(from[partition], positions[partition]).values().iterator();
                        } else {
                            return false;
                        }
                    }
                    return true;
                }

                @Override
                public TableEntry next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    TableEntry e = next;
                    next = null;
                    return e;
                }
            };
        }

        @Override
        public void close() {
            lock.lock();
            try {
                if (closed) {
                    return;
                }
                closed = true;
                openReaders.computeIfPresent(seq, (k, n) -> n == 1 ? null : n - 1);
                drainPendingRemovals();
            } finally {
                lock.unlock();
            }
        }
    }

    private final class TableChangeSet implements ChangeSet {
        private final Reader reader;
        private final long[] from;
        private final String reason;
        private boolean iterated;

        TableChangeSet(Reader reader, long[] from, String reason) {
            this.reader = reader;
            this.from = from;
            this.reason = reason;
        }

        @Override
        public boolean full() {
            return !reason.isEmpty();
        }

        @Override
        public String reason() {
            return reason;
        }

        @Override
        public UpdateToken nextToken() {
            return UpdateToken.of(topic, reader.positions);
        }

        @Override
        public String checksum() {
            return reader.checksum;
        }

        @Override
        public Iterator<Change> iterator() {
            if (iterated) {
                throw new IllegalStateException("a ChangeSet can be iterated once; ask the table again");
            }
            iterated = true;
            Iterator<TableEntry> it = reader.entries(from, !full());
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return it.hasNext();
                }

                @Override
                public Change next() {
                    TableEntry e = it.next();
                    return new Change(e.ref, e.value);
                }
            };
        }

        @Override
        public void close() {
            reader.close();
        }

        @Override
        public String toString() {
            return (full() ? "FULL(" + reason + ")" : "DELTA") + " to " + Arrays.toString(reader.positions);
        }
    }
}
