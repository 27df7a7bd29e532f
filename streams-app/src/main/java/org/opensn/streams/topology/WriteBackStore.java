package org.opensn.streams.topology;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.processor.internals.InternalProcessorContext;
import org.apache.kafka.streams.processor.internals.ProcessorNode;
import org.apache.kafka.streams.processor.internals.ProcessorRecordContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;
import org.apache.kafka.streams.state.internals.WrappedStateStore;

/**
 * A write-back cache of live values in front of a logged Kafka Streams store, for the stores that
 * every detection updates (object statistics, partial threat windows).
 *
 * <p>Kafka Streams' own record cache holds serialized bytes, so every update of a cached value pays a
 * deserialization and a serialization of the whole value (sketches included), a timestamp wrapper and a
 * sorted-map look-up on the key bytes. This store keeps the values as objects between commits and writes
 * the changed ones into the wrapped store (and so its changelog) once per commit, at the moment Kafka
 * Streams flushes its own caches before it commits: the same point and the same transaction as Kafka's
 * cache, so what is committed is exactly what was processed, under either processing guarantee. A value is
 * read from the wrapped store only the first time a key is seen after a commit that left the cache full,
 * after a restart, or for a key not seen before.
 *
 * <p>At each flush the changed values can also be handed to a {@link FlushListener} that forwards them
 * downstream, as a {@code KTable} forwards its cached updates: one record per key and commit, in the order
 * the keys first changed, with the record context of the key's last update.
 *
 * <p>Values are kept, not copied: a value handed to {@link #put} is held and later serialized as it is, so nothing may
 * change it, with one exception. The function given to {@link #update} may change the current value in place (the
 * object statistics' and threat windows' sketches grow in place, {@link Hll#addInPlace}), because no one else holds a
 * live value: a flush listener is handed it and must take what it needs before it returns (forward it to steps that
 * compute from it or serialize it at once), and interactive queries read the wrapped store. Such a function must
 * change nothing when it throws.
 * {@link #current} on the stream thread sees every update at once; interactive queries of a
 * {@link Queryable} store read the wrapped store, which trails the live values by at most one commit.
 *
 * <p>This is the one class of the pipeline that touches Kafka Streams internals: it extends the internal
 * {@link WrappedStateStore}, so that Kafka Streams sees through it to the wrapped store (a timestamped store's
 * changelog is restored with the timestamps it needs) and calls its {@link CachedStateStore#flushCache()} (the
 * only hook a store gets before a commit); around a flush it sets the record context and the processor node of
 * the {@link InternalProcessorContext}, as Kafka's caching stores do when they forward at a flush.
 * {@code WriteBackStoreTopologyTest} (flushes, forwards, changelog records) and {@code StreamsAppIT} (an
 * instance leaves and the other restores its stores from their changelogs) fail if a Kafka upgrade changes
 * any of these.
 *
 * @param <K> key type (a map key: equals and hashCode)
 * @param <V> value type: changed, if at all, only by an {@link #update} function
 */
class WriteBackStore<K, V> extends WrappedStateStore<StateStore, K, V> {

    /** Reads and writes values of the wrapped store. */
    interface Backing<K, V> {
        /** The stored value of {@code key} with its timestamp, or null when there is none. */
        KeyValue<V, Long> load(K key);

        /** Writes {@code value} with {@code timestamp} (inside the current commit's flush). */
        void save(K key, V value, long timestamp);

        /** Calls {@code action} with every key stored (not the ones only in the cache). */
        void forEachStoredKey(Consumer<K> action);
    }

    /**
     * Receives each changed value at a flush, with the processor node that registered it as current. The value is the
     * live one, which a later {@link #update} may change in place: it must not be kept.
     */
    @FunctionalInterface
    interface FlushListener<K, V> {
        void flushed(K key, V value, long timestamp);
    }

    private static final String NO_DELETES = "value (deletes are not supported)";

    private final Backing<K, V> backing;
    private final int maxEntries;
    private final Map<K, Entry<K, V>> live = new HashMap<>();
    private final List<Entry<K, V>> dirty = new ArrayList<>();
    private InternalProcessorContext<?, ?> context;
    private FlushListener<K, V> listener;
    private ProcessorNode<?, ?, ?, ?> listenerNode;

    WriteBackStore(StateStore inner, Backing<K, V> backing, int maxEntries) {
        super(Objects.requireNonNull(inner, "inner"));
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be >= 1, got " + maxEntries);
        }
        this.backing = Objects.requireNonNull(backing, "backing");
        this.maxEntries = maxEntries;
    }

    /**
     * A builder of a write-back store in front of the store {@code inner} builds, which must log and must not
     * cache (this store is its cache).
     *
     * @param backing    reads and writes the built inner store
     * @param maxEntries how many keys the cache keeps between commits before it writes back early; after a
     *                   commit it is emptied when it holds more
     */
    static <K, V, S extends StateStore> StoreBuilder<WriteBackStore<K, V>> builder(StoreBuilder<S> inner,
            Function<S, Backing<K, V>> backing, int maxEntries) {
        return new Builder<>(inner, s -> new WriteBackStore<>(s, backing.apply(s), maxEntries));
    }

    /**
     * A builder of a {@link Queryable} write-back store in front of a timestamped key-value store: interactive
     * queries of the store's name read the wrapped store.
     */
    static <K, V> StoreBuilder<WriteBackStore<K, V>> queryable(StoreBuilder<TimestampedKeyValueStore<K, V>> inner, int maxEntries) {
        return new Builder<>(inner, s -> new Queryable<>(s, maxEntries));
    }

    /**
     * Called from a processor's {@code init}: {@code listener} receives every changed value at each flush, with
     * that processor as the current node, so it may forward.
     */
    void onFlush(FlushListener<K, V> listener) {
        if (context == null) {
            throw new IllegalStateException("store " + name() + " is not initialized yet: register the flush listener in Processor.init");
        }
        this.listener = Objects.requireNonNull(listener, "listener");
        this.listenerNode = context.currentNode();
    }

    /** The current value of {@code key} (cached, or read from the wrapped store), or null. */
    V current(K key) {
        Entry<K, V> e = entry(key);
        return e == null ? null : e.value;
    }

    /** The timestamp of the current value of {@code key}, or {@link Long#MIN_VALUE} when there is none. */
    long timestampOf(K key) {
        Entry<K, V> e = entry(key);
        return e == null ? Long.MIN_VALUE : e.timestamp;
    }

    /**
     * Sets the value of {@code key}; it reaches the wrapped store at the next flush. The value keeps the later
     * of {@code timestamp} and the timestamp it had, as Kafka's aggregations do.
     */
    void put(K key, V value, long timestamp) {
        Objects.requireNonNull(value, NO_DELETES);
        Entry<K, V> e = live.get(key);
        set(e == null ? insert(key, Long.MIN_VALUE) : e, value, timestamp);
    }

    /**
     * Sets the value of {@code key} to {@code update} applied to its current value (null when there is none),
     * as {@link #current} then {@link #put} would, with one look-up of the cache: every detection updates two
     * of these stores. Nothing changes when {@code update} throws.
     */
    void update(K key, long timestamp, UnaryOperator<V> update) {
        Entry<K, V> e = live.get(key);
        KeyValue<V, Long> stored = e == null ? backing.load(key) : null;
        V value = Objects.requireNonNull(update.apply(e != null ? e.value : stored == null ? null : stored.key), NO_DELETES);
        if (e == null) {
            e = insert(key, stored == null ? Long.MIN_VALUE : stored.value);
        }
        set(e, value, timestamp);
    }

    /** A new cache entry for {@code key} (with no value yet), after writing back a full cache. */
    private Entry<K, V> insert(K key, long timestamp) {
        if (live.size() >= maxEntries) {
            flushCache();
        }
        Entry<K, V> e = new Entry<>(key);
        e.timestamp = timestamp;
        live.put(key, e);
        return e;
    }

    private void set(Entry<K, V> e, V value, long timestamp) {
        e.value = value;
        e.timestamp = Math.max(e.timestamp, timestamp);
        e.recordContext = context.recordContext();
        if (!e.dirty) {
            e.dirty = true;
            dirty.add(e);
        }
    }

    /** Calls {@code action} with every key that has a value, cached or stored. */
    void forEachKey(Consumer<K> action) {
        backing.forEachStoredKey(k -> {
            if (!live.containsKey(k)) {
                action.accept(k);
            }
        });
        live.keySet().forEach(action);
    }

    private Entry<K, V> entry(K key) {
        Entry<K, V> e = live.get(key);
        if (e == null) {
            KeyValue<V, Long> stored = backing.load(key);
            if (stored == null) {
                return null;
            }
            e = insert(key, stored.value);
            e.value = stored.key;
        }
        return e;
    }

    /** Writes every changed value into the wrapped store and hands it to the listener; empties a full cache. */
    @Override
    public void flushCache() {
        if (!dirty.isEmpty()) {
            ProcessorRecordContext previousContext = context.recordContext();
            ProcessorNode<?, ?, ?, ?> previousNode = context.currentNode();
            try {
                for (Entry<K, V> e : dirty) {
                    e.dirty = false;
                    context.setRecordContext(e.recordContext);
                    backing.save(e.key, e.value, e.timestamp);
                    if (listener != null) {
                        context.setCurrentNode(listenerNode);
                        listener.flushed(e.key, e.value, e.timestamp);
                        context.setCurrentNode(previousNode);
                    }
                    e.recordContext = null;
                }
            } finally {
                dirty.clear();
                context.setRecordContext(previousContext);
                context.setCurrentNode(previousNode);
            }
        }
        if (live.size() >= maxEntries) {
            live.clear();
        }
    }

    /** Drops every cached value, changed or not (Kafka Streams calls this when it discards uncommitted state). */
    @Override
    public void clearCache() {
        live.clear();
        dirty.clear();
    }

    @Override
    public boolean setFlushListener(CacheFlushListener<K, V> listener, boolean sendOldValues) {
        return false; // not a KTable store: see onFlush
    }

    @Override
    public void init(StateStoreContext stateStoreContext, StateStore root) {
        if (!(stateStoreContext instanceof InternalProcessorContext<?, ?> internal)) {
            throw new IllegalStateException("store " + name() + " needs Kafka Streams' processor context, got "
                    + stateStoreContext.getClass().getName() + " (Kafka Streams internals changed?)");
        }
        this.context = internal;
        super.init(stateStoreContext, root);
    }

    @Override
    public void close() {
        live.clear();
        dirty.clear();
        super.close();
    }

    private static final class Entry<K, V> {
        final K key;
        V value;
        long timestamp = Long.MIN_VALUE;
        ProcessorRecordContext recordContext;
        boolean dirty;

        Entry(K key) {
            this.key = key;
        }
    }

    /**
     * A write-back store in front of a timestamped key-value store that interactive queries read (the wrapped
     * store's committed side: at most one commit behind the live values).
     */
    static final class Queryable<K, V> extends WriteBackStore<K, V> implements ReadOnlyKeyValueStore<K, V> {

        private final TimestampedKeyValueStore<K, V> store;

        Queryable(TimestampedKeyValueStore<K, V> store, int maxEntries) {
            super(store, new KeyValueBacking<>(store), maxEntries);
            this.store = store;
        }

        @Override
        public V get(K key) {
            return ValueAndTimestamp.getValueOrNull(store.get(key));
        }

        @Override
        public KeyValueIterator<K, V> range(K from, K to) {
            return new Values<>(store.range(from, to));
        }

        @Override
        public KeyValueIterator<K, V> reverseRange(K from, K to) {
            return new Values<>(store.reverseRange(from, to));
        }

        @Override
        public KeyValueIterator<K, V> all() {
            return new Values<>(store.all());
        }

        @Override
        public KeyValueIterator<K, V> reverseAll() {
            return new Values<>(store.reverseAll());
        }

        @Override
        public long approximateNumEntries() {
            return store.approximateNumEntries();
        }
    }

    /** Values of a timestamped store's iterator without their timestamps. */
    private record Values<K, V>(KeyValueIterator<K, ValueAndTimestamp<V>> it) implements KeyValueIterator<K, V> {
        @Override
        public boolean hasNext() {
            return it.hasNext();
        }

        @Override
        public KeyValue<K, V> next() {
            KeyValue<K, ValueAndTimestamp<V>> kv = it.next();
            return KeyValue.pair(kv.key, ValueAndTimestamp.getValueOrNull(kv.value));
        }

        @Override
        public K peekNextKey() {
            return it.peekNextKey();
        }

        @Override
        public void close() {
            it.close();
        }
    }

    /** Backing of a timestamped key-value store. */
    private record KeyValueBacking<K, V>(TimestampedKeyValueStore<K, V> store) implements Backing<K, V> {
        @Override
        public KeyValue<V, Long> load(K key) {
            ValueAndTimestamp<V> stored = store.get(key);
            return stored == null ? null : KeyValue.pair(stored.value(), stored.timestamp());
        }

        @Override
        public void save(K key, V value, long timestamp) {
            store.put(key, ValueAndTimestamp.make(value, timestamp));
        }

        @Override
        public void forEachStoredKey(Consumer<K> action) {
            try (KeyValueIterator<K, ValueAndTimestamp<V>> it = store.all()) {
                it.forEachRemaining(kv -> action.accept(kv.key));
            }
        }
    }

    /** Builds the wrapped store with its own builder and puts a write-back store in front. */
    private static final class Builder<K, V, S extends StateStore> implements StoreBuilder<WriteBackStore<K, V>> {
        private final StoreBuilder<S> inner;
        private final Function<S, WriteBackStore<K, V>> wrap;

        Builder(StoreBuilder<S> inner, Function<S, WriteBackStore<K, V>> wrap) {
            this.inner = inner.withCachingDisabled();
            this.wrap = wrap;
        }

        @Override
        public StoreBuilder<WriteBackStore<K, V>> withCachingEnabled() {
            throw new UnsupportedOperationException("store " + name() + " is a write-back cache itself: do not enable Kafka's record cache on it");
        }

        @Override
        public StoreBuilder<WriteBackStore<K, V>> withCachingDisabled() {
            return this;
        }

        @Override
        public StoreBuilder<WriteBackStore<K, V>> withLoggingEnabled(Map<String, String> config) {
            inner.withLoggingEnabled(config);
            return this;
        }

        @Override
        public StoreBuilder<WriteBackStore<K, V>> withLoggingDisabled() {
            throw new UnsupportedOperationException("store " + name() + " must be logged: its cache is written back at commits, "
                    + "and only a changelog restores it after a failure");
        }

        @Override
        public WriteBackStore<K, V> build() {
            return wrap.apply(inner.build());
        }

        @Override
        public Map<String, String> logConfig() {
            return inner.logConfig();
        }

        @Override
        public boolean loggingEnabled() {
            return inner.loggingEnabled();
        }

        @Override
        public String name() {
            return inner.name();
        }
    }
}
