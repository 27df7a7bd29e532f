package org.opensn.streams.topology;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.TimestampedBytesStore;
import org.apache.kafka.streams.state.internals.WrappedStateStore;

/**
 * Holds the latest value written to each key of a byte store (RocksDB) in memory and writes them into it in one
 * batch: when it holds {@code maxPending} keys, before the store records which changelog offsets it contains
 * ({@link #commit}, {@link #flush}), and at close. A key written again in the meantime costs one write into the
 * store instead of two.
 *
 * <p>It sits below Kafka Streams' change-logging layer, so every write still sends its changelog record at once,
 * in the current transaction: what is committed, and what a restore or a standby rebuilds, is unchanged. Only the
 * local copy is written later, and since a store records its changelog offsets only through {@link #commit}
 * (Kafka Streams' checkpoint: at each commit under at-least-once once enough has changed, under exactly-once at a
 * clean close or suspend), it never claims an offset whose records it does not hold. After a crash under
 * exactly-once Kafka Streams rebuilds the store from its changelog anyway; under at-least-once it replays the
 * changelog from the recorded offset, which covers everything pending was holding. Restores and standby updates
 * write into the wrapped store directly; they meet no pending values, since a store is initialized (emptied)
 * before it restores and an active task's stores are committed (written out) before they become a standby's.
 *
 * <p>Reads (this thread or interactive queries) see the pending values first; an iterator merges a sorted copy
 * of the pending keys in its range, taken before the store's own iterator, so a value being written into the
 * store meanwhile is seen in one or the other. IQv2 queries ({@link #query}) read the store only and may trail
 * by what is pending; the pipeline's HTTP API uses key look-ups, which do not.
 *
 * <p>Used for the stores the commit's flush writes on every commit for the same keys over and over (object
 * statistics, verdict state): a wall-clock profile had their RocksDB puts at 8-11 % of the stream thread.
 */
class CoalescingBytesStore extends WrappedStateStore<KeyValueStore<Bytes, byte[]>, Bytes, byte[]>
        implements KeyValueStore<Bytes, byte[]> {

    /**
     * Keys a store holds before it writes them into the wrapped store (about 1 KB each for the object statistics
     * with their sketches, so ~10 MB per task at most).
     */
    static final int DEFAULT_PENDING_KEYS = 10_000;

    /** Marks a pending delete (compared by identity; a stored value is never this array). */
    private static final byte[] DELETED = new byte[0];

    private final int maxPending;
    private final ConcurrentHashMap<Bytes, byte[]> pending = new ConcurrentHashMap<>();

    CoalescingBytesStore(KeyValueStore<Bytes, byte[]> store, int maxPending) {
        super(Objects.requireNonNull(store, "store"));
        if (maxPending < 1) {
            throw new IllegalArgumentException("maxPending must be >= 1, got " + maxPending);
        }
        this.maxPending = maxPending;
    }

    /**
     * A supplier of {@code store}'s stores, each behind a coalescing store holding up to {@code maxPending} keys;
     * a timestamped store stays timestamped (its changelog is restored with timestamps).
     */
    static KeyValueBytesStoreSupplier supplier(KeyValueBytesStoreSupplier store, int maxPending) {
        return new KeyValueBytesStoreSupplier() {
            @Override
            public String name() {
                return store.name();
            }

            @Override
            public KeyValueStore<Bytes, byte[]> get() {
                KeyValueStore<Bytes, byte[]> inner = store.get();
                return inner instanceof TimestampedBytesStore ? new Timestamped(inner, maxPending) : new CoalescingBytesStore(inner, maxPending);
            }

            @Override
            public String metricsScope() {
                return store.metricsScope();
            }
        };
    }

    /** Keys written and not yet in the wrapped store. */
    int pendingKeys() {
        return pending.size();
    }

    @Override
    public void put(Bytes key, byte[] value) {
        Objects.requireNonNull(key, "key");
        pending.put(key, value == null ? DELETED : value);
        if (pending.size() >= maxPending) {
            writeOut();
        }
    }

    @Override
    public byte[] putIfAbsent(Bytes key, byte[] value) {
        byte[] current = get(key);
        if (current == null) {
            put(key, value);
        }
        return current;
    }

    @Override
    public void putAll(List<KeyValue<Bytes, byte[]>> entries) {
        entries.forEach(kv -> put(kv.key, kv.value));
    }

    @Override
    public byte[] delete(Bytes key) {
        byte[] old = get(key);
        put(key, null);
        return old;
    }

    @Override
    public byte[] get(Bytes key) {
        byte[] value = pending.get(key);
        if (value == null) {
            return wrapped().get(key);
        }
        return value == DELETED ? null : value;
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> range(Bytes from, Bytes to) {
        // an inverted range matches no pending key, so it gets the wrapped store's answer (empty, with a warning)
        return merged(k -> inRange(k, from, to), () -> wrapped().range(from, to), false);
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> reverseRange(Bytes from, Bytes to) {
        return merged(k -> inRange(k, from, to), () -> wrapped().reverseRange(from, to), true);
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> all() {
        return merged(k -> true, () -> wrapped().all(), false);
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> reverseAll() {
        return merged(k -> true, () -> wrapped().reverseAll(), true);
    }

    @Override
    public <PS extends Serializer<P>, P> KeyValueIterator<Bytes, byte[]> prefixScan(P prefix, PS prefixKeySerializer) {
        byte[] start = prefixKeySerializer.serialize(null, prefix);
        return merged(k -> startsWith(k.get(), start), () -> wrapped().prefixScan(prefix, prefixKeySerializer), false);
    }

    @Override
    public long approximateNumEntries() {
        return wrapped().approximateNumEntries();
    }

    /** Reads through the pending values like {@link #get}; the stores here are not transactional, so any level sees the same. */
    @Override
    public ReadOnlyKeyValueStore<Bytes, byte[]> readOnly(IsolationLevel isolationLevel) {
        return this;
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        pending.clear(); // a store initialized again after Kafka Streams wiped it holds nothing of before
        super.init(context, root);
    }

    @Override
    public void flush() {
        writeOut();
        wrapped().flush();
    }

    @Override
    public void commit(Map<TopicPartition, Long> changelogOffsets) {
        writeOut();
        super.commit(changelogOffsets);
    }

    @Override
    public void close() {
        if (wrapped().isOpen()) {
            writeOut();
        }
        pending.clear();
        super.close();
    }

    /** Writes every pending value into the wrapped store (one batch), then forgets the ones not written again since. */
    void writeOut() {
        if (pending.isEmpty()) {
            return;
        }
        List<Map.Entry<Bytes, byte[]>> written = List.copyOf(pending.entrySet()); // each entry with the value it had
        List<KeyValue<Bytes, byte[]>> batch = new ArrayList<>(written.size());
        written.forEach(e -> batch.add(KeyValue.pair(e.getKey(), e.getValue() == DELETED ? null : e.getValue())));
        wrapped().putAll(batch);
        written.forEach(e -> pending.remove(e.getKey(), e.getValue()));
    }

    /**
     * The pending values whose keys pass {@code keys}, in order, merged with the wrapped store's iterator; the copy
     * of the pending values is taken first, so a value written into the store meanwhile is seen in one or the other.
     */
    private KeyValueIterator<Bytes, byte[]> merged(Predicate<Bytes> keys, Supplier<KeyValueIterator<Bytes, byte[]>> stored, boolean reverse) {
        NavigableMap<Bytes, byte[]> slice = new TreeMap<>();
        pending.forEach((key, value) -> {
            if (keys.test(key)) {
                slice.put(key, value);
            }
        });
        KeyValueIterator<Bytes, byte[]> storedValues = stored.get();
        return slice.isEmpty() ? storedValues : new Merged(reverse ? slice.descendingMap() : slice, storedValues, reverse);
    }

    private static boolean inRange(Bytes key, Bytes from, Bytes to) {
        return (from == null || key.compareTo(from) >= 0) && (to == null || key.compareTo(to) <= 0);
    }

    private static boolean startsWith(byte[] key, byte[] prefix) {
        return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }

    /** The pending values in a range and the stored ones, in key order; a pending value (or delete) hides the stored one. */
    private static final class Merged implements KeyValueIterator<Bytes, byte[]> {
        private final Iterator<Map.Entry<Bytes, byte[]>> pendingEntries;
        private final KeyValueIterator<Bytes, byte[]> stored;
        private final int direction;
        private Map.Entry<Bytes, byte[]> nextPending;
        private KeyValue<Bytes, byte[]> next;

        Merged(NavigableMap<Bytes, byte[]> pendingSlice, KeyValueIterator<Bytes, byte[]> stored, boolean reverse) {
            this.pendingEntries = pendingSlice.entrySet().iterator();
            this.stored = stored;
            this.direction = reverse ? -1 : 1;
            this.nextPending = pendingEntries.hasNext() ? pendingEntries.next() : null;
        }

        @Override
        public boolean hasNext() {
            while (next == null) {
                Bytes storedKey = stored.hasNext() ? stored.peekNextKey() : null;
                if (nextPending == null && storedKey == null) {
                    return false;
                }
                int order = nextPending == null ? 1 : storedKey == null ? -1 : direction * nextPending.getKey().compareTo(storedKey);
                if (order > 0) {
                    next = stored.next();
                    continue;
                }
                if (order == 0) {
                    stored.next(); // hidden by the pending value
                }
                Map.Entry<Bytes, byte[]> p = nextPending;
                nextPending = pendingEntries.hasNext() ? pendingEntries.next() : null;
                if (p.getValue() != DELETED) {
                    next = KeyValue.pair(p.getKey(), p.getValue());
                }
            }
            return true;
        }

        @Override
        public KeyValue<Bytes, byte[]> next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            KeyValue<Bytes, byte[]> result = next;
            next = null;
            return result;
        }

        @Override
        public Bytes peekNextKey() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return next.key;
        }

        @Override
        public void close() {
            stored.close();
        }
    }

    /** The same in front of a timestamped store, so that Kafka Streams still sees one (restore converter, builder). */
    static final class Timestamped extends CoalescingBytesStore implements TimestampedBytesStore {
        Timestamped(KeyValueStore<Bytes, byte[]> store, int maxPending) {
            super(store, maxPending);
        }
    }
}
