package org.opensn.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/**
 * The coalescing store in front of Kafka's in-memory byte store: what it reads and iterates is always what was
 * written last, and the wrapped store gets the latest values only when they are written out.
 */
class CoalescingBytesStoreTest {

    private final KeyValueStore<Bytes, byte[]> inner = Stores.inMemoryKeyValueStore("store").get();

    private CoalescingBytesStore store(int maxPending) {
        CoalescingBytesStore store = new CoalescingBytesStore(inner, maxPending);
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
        return store;
    }

    private static Bytes key(String k) {
        return Bytes.wrap(k.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] value(String v) {
        return v.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] v) {
        return v == null ? null : new String(v, StandardCharsets.UTF_8);
    }

    @Test
    void readsSeeWhatIsPendingAndTheWrappedStoreGetsTheLatestValuesAtACommit() {
        CoalescingBytesStore store = store(100);
        store.put(key("a"), value("1"));
        store.put(key("a"), value("2"));
        store.put(key("b"), value("3"));

        assertThat(text(store.get(key("a")))).isEqualTo("2");
        assertThat(inner.get(key("a"))).as("nothing written into the wrapped store yet").isNull();
        assertThat(store.pendingKeys()).isEqualTo(2);

        store.commit(Map.of());
        assertThat(text(inner.get(key("a")))).isEqualTo("2");
        assertThat(text(inner.get(key("b")))).isEqualTo("3");
        assertThat(store.pendingKeys()).isZero();
        assertThat(text(store.get(key("a")))).isEqualTo("2");
    }

    @Test
    void aDeleteHidesTheStoredValueAndReachesTheWrappedStoreAtAFlush() {
        CoalescingBytesStore store = store(100);
        store.put(key("a"), value("1"));
        store.flush();

        assertThat(text(store.delete(key("a")))).isEqualTo("1");
        assertThat(store.get(key("a"))).isNull();
        assertThat(text(inner.get(key("a")))).isEqualTo("1");
        try (KeyValueIterator<Bytes, byte[]> all = store.all()) {
            assertThat(all.hasNext()).isFalse();
        }
        assertThat(text(store.putIfAbsent(key("a"), value("4")))).isNull();
        assertThat(text(store.putIfAbsent(key("a"), value("5")))).isEqualTo("4");
        store.delete(key("a"));

        store.flush();
        assertThat(inner.get(key("a"))).isNull();
    }

    @Test
    void itWritesOutWhenItHoldsMaxPendingKeys() {
        CoalescingBytesStore store = store(3);
        store.put(key("a"), value("1"));
        store.put(key("b"), value("2"));
        assertThat(inner.approximateNumEntries()).isZero();
        store.put(key("c"), value("3"));
        assertThat(store.pendingKeys()).isZero();
        assertThat(text(inner.get(key("c")))).isEqualTo("3");
    }

    @Test
    void initializedAgainItHoldsNothingOfBefore() {
        CoalescingBytesStore store = store(100);
        store.put(key("a"), value("1"));
        // Kafka Streams wipes a store and initializes it again when it discards uncommitted state
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
        assertThat(store.get(key("a"))).isNull();
        assertThat(store.pendingKeys()).isZero();
    }

    /** Random puts, deletes and write-outs against a sorted map: every read and iterator agrees with the map. */
    @Test
    void readsAndIteratorsAgreeWithASortedMapWhateverIsPending() {
        Random random = new Random(42);
        for (int run = 0; run < 50; run++) {
            KeyValueStore<Bytes, byte[]> wrapped = Stores.inMemoryKeyValueStore("store-" + run).get();
            CoalescingBytesStore store = new CoalescingBytesStore(wrapped, 2 + random.nextInt(30));
            store.init(new MockProcessorContext<>().getStateStoreContext(), store);
            NavigableMap<Bytes, String> model = new TreeMap<>();
            for (int op = 0; op < 300; op++) {
                Bytes k = key("k" + random.nextInt(40));
                switch (random.nextInt(10)) {
                    case 0, 1 -> {
                        store.delete(k);
                        model.remove(k);
                    }
                    case 2 -> store.commit(Map.of());
                    default -> {
                        String v = "v" + op;
                        store.put(k, value(v));
                        model.put(k, v);
                    }
                }
                assertThat(text(store.get(k))).isEqualTo(model.get(k));
            }
            Bytes from = key("k1");
            Bytes to = key("k3");
            assertThat(contents(store.all())).isEqualTo(entries(model));
            assertThat(contents(store.reverseAll())).isEqualTo(entries(model.descendingMap()));
            assertThat(contents(store.range(from, to))).isEqualTo(entries(model.subMap(from, true, to, true)));
            assertThat(contents(store.reverseRange(from, to))).isEqualTo(entries(model.subMap(from, true, to, true).descendingMap()));
            assertThat(contents(store.range(null, to))).isEqualTo(entries(model.headMap(to, true)));
            assertThat(contents(store.range(from, null))).isEqualTo(entries(model.tailMap(from, true)));
            assertThat(contents(store.prefixScan("k2", Serdes.String().serializer())))
                    .isEqualTo(entries(model.subMap(key("k2"), true, key("k2\uffff"), true)));
            store.close();
        }
    }

    private static List<String> contents(KeyValueIterator<Bytes, byte[]> it) {
        List<String> out = new ArrayList<>();
        try (it) {
            while (it.hasNext()) {
                Bytes peeked = it.peekNextKey();
                KeyValue<Bytes, byte[]> kv = it.next();
                assertThat(kv.key).isEqualTo(peeked);
                out.add(text(kv.key.get()) + "=" + text(kv.value));
            }
        }
        return out;
    }

    private static List<String> entries(Map<Bytes, String> map) {
        List<String> out = new ArrayList<>();
        map.forEach((k, v) -> out.add(text(k.get()) + "=" + v));
        return out;
    }
}
