package org.opensn.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link WriteBackStore} in a real Kafka Streams task (TopologyTestDriver commits after every input
 * record): a counting processor adds one per key named in each input value. What users of the
 * pipeline would notice if this broke: statistics missing from the changelog (lost on restore),
 * verdict inputs not forwarded, or forwarded once per report instead of once per commit.
 */
class WriteBackStoreTopologyTest {

    private static final String STORE = "counts-v1";
    private static final String APP = "write-back-test";
    private TopologyTestDriver driver;
    private TestInputTopic<String, String> in;
    private TestOutputTopic<String, Long> out;
    private TestOutputTopic<String, Long> changelog;

    private void start(int maxEntries) {
        Topology t = new Topology();
        t.addSource("in", Serdes.String().deserializer(), Serdes.String().deserializer(), "in");
        t.addProcessor("count", Counter::new, "in");
        t.addStateStore(WriteBackStore.queryable(Stores.timestampedKeyValueStoreBuilder(Stores.inMemoryKeyValueStore(STORE),
                Serdes.String(), Serdes.Long()), maxEntries), "count");
        t.addSink("out", "out", Serdes.String().serializer(), Serdes.Long().serializer(), "count");
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, APP);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(t, p);
        in = driver.createInputTopic("in", new StringSerializer(), new StringSerializer());
        out = driver.createOutputTopic("out", new StringDeserializer(), new LongDeserializer());
        changelog = driver.createOutputTopic(APP + "-" + STORE + "-changelog", new StringDeserializer(), new LongDeserializer());
    }

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
    }

    @SuppressWarnings("unchecked")
    private WriteBackStore<String, Long> store() {
        return (WriteBackStore<String, Long>) driver.getAllStateStores().get(STORE);
    }

    /** The store as interactive queries see it. */
    @SuppressWarnings("unchecked")
    private ReadOnlyKeyValueStore<String, Long> query() {
        return (ReadOnlyKeyValueStore<String, Long>) driver.getAllStateStores().get(STORE);
    }

    @Test
    void changedValuesReachTheChangelogTheQueriesAndDownstreamOncePerKeyAndCommit() {
        start(100);
        in.pipeInput("x", "a,a,b,a", Instant.ofEpochMilli(1_000));
        assertThat(out.readKeyValuesToList()).as("one record per changed key at the commit, in the order keys first changed")
                .containsExactly(KeyValue.pair("a", 3L), KeyValue.pair("b", 1L));
        assertThat(changelog.readKeyValuesToList()).as("the changelog gets the committed values only")
                .containsExactly(KeyValue.pair("a", 3L), KeyValue.pair("b", 1L));
        ReadOnlyKeyValueStore<String, Long> query = query();
        assertThat(query.get("a")).isEqualTo(3L);
        assertThat(query.approximateNumEntries()).isEqualTo(2);

        in.pipeInput("x", "b", Instant.ofEpochMilli(2_000));
        assertThat(out.readRecordsToList()).extracting(TestRecord::key, TestRecord::value, TestRecord::timestamp)
                .as("unchanged keys are not forwarded again; the timestamp is the key's latest")
                .containsExactly(org.assertj.core.groups.Tuple.tuple("b", 2L, 2_000L));
        in.pipeInput("x", "", Instant.ofEpochMilli(3_000));
        assertThat(out.isEmpty()).as("nothing changed: nothing forwarded").isTrue();
        assertThat(changelog.readKeyValuesToList()).containsExactly(KeyValue.pair("b", 2L));
    }

    @Test
    void theChangelogRecordsCarryEachValuesTimestampNotTheFlushingRecords() {
        start(100);
        in.pipeInput("x", "a", Instant.ofEpochMilli(5_000));
        changelog.readRecordsToList();
        // one flush writes both keys: a keeps its later timestamp, b gets the record's
        in.pipeInput("x", "a,b", Instant.ofEpochMilli(2_000));
        assertThat(changelog.readRecordsToList()).extracting(TestRecord::key, TestRecord::value, TestRecord::timestamp)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("a", 2L, 5_000L), org.assertj.core.groups.Tuple.tuple("b", 1L, 2_000L));
    }

    @Test
    void aCacheFullOfNewKeysWritesBackEarlyAndLosesNothing() {
        start(2);
        in.pipeInput("x", "a,b,c,d,a,e", Instant.ofEpochMilli(1_000));
        in.pipeInput("x", "a,c", Instant.ofEpochMilli(2_000));
        List<KeyValue<String, Long>> forwarded = out.readKeyValuesToList();
        assertThat(forwarded).contains(KeyValue.pair("a", 3L), KeyValue.pair("b", 1L), KeyValue.pair("c", 2L), KeyValue.pair("d", 1L),
                KeyValue.pair("e", 1L));
        assertThat(changelog.readKeyValuesToList()).as("every forwarded value was written back first").isEqualTo(forwarded);
        ReadOnlyKeyValueStore<String, Long> query = query();
        assertThat(List.of(query.get("a"), query.get("b"), query.get("c"), query.get("d"), query.get("e"))).containsExactly(3L, 1L, 2L, 1L, 1L);
    }

    @Test
    void afterTheCacheIsDroppedValuesAreReadBackFromTheWrappedStore() {
        start(100);
        in.pipeInput("x", "a,a", Instant.ofEpochMilli(1_000));
        store().clearCache();
        assertThat(store().current("a")).isEqualTo(2L);
        assertThat(store().timestampOf("a")).isEqualTo(1_000L);
        in.pipeInput("x", "a", Instant.ofEpochMilli(2_000));
        assertThat(out.readKeyValuesToList()).containsExactly(KeyValue.pair("a", 2L), KeyValue.pair("a", 3L));
    }

    @Test
    void updateAndCurrentThenPutCountTheSameWhetherTheValueIsCachedStoredOrNew() {
        start(2);
        in.pipeInput("x", "a,+a,b,+c,+c,c,d,+a", Instant.ofEpochMilli(1_000));
        store().clearCache();
        in.pipeInput("x", "+b,a,+d,c", Instant.ofEpochMilli(3_000));
        in.pipeInput("x", "a", Instant.ofEpochMilli(2_000));
        ReadOnlyKeyValueStore<String, Long> query = query();
        assertThat(List.of(query.get("a"), query.get("b"), query.get("c"), query.get("d"))).containsExactly(5L, 2L, 4L, 2L);
        assertThat(store().timestampOf("a")).as("the later timestamp is kept").isEqualTo(3_000L);
        assertThat(store().timestampOf("c")).isEqualTo(3_000L);
    }

    @Test
    void anUpdateThatThrowsChangesNothing() {
        start(100);
        in.pipeInput("x", "a,a", Instant.ofEpochMilli(1_000));
        assertThatThrownBy(() -> in.pipeInput("x", "!a", Instant.ofEpochMilli(2_000))).hasRootCauseMessage("refused");
        assertThat(store().current("a")).isEqualTo(2L);
        assertThat(store().timestampOf("a")).isEqualTo(1_000L);
        assertThatThrownBy(() -> in.pipeInput("x", "!new", Instant.ofEpochMilli(2_000))).hasRootCauseMessage("refused");
        assertThat(store().current("new")).isNull();
        assertThat(query().get("new")).isNull();
    }

    @Test
    void refusesKafkasRecordCacheAndAnUnloggedStore() {
        var builder = WriteBackStore.queryable(Stores.timestampedKeyValueStoreBuilder(Stores.inMemoryKeyValueStore(STORE),
                Serdes.String(), Serdes.Long()), 10);
        assertThatThrownBy(builder::withCachingEnabled).hasMessageContaining(STORE).hasMessageContaining("write-back cache");
        assertThatThrownBy(builder::withLoggingDisabled).hasMessageContaining(STORE).hasMessageContaining("must be logged");
    }

    /** Adds one per key named in the (comma-separated) value; forwards the counts the store writes back. */
    private static final class Counter implements Processor<String, String, String, Long> {
        private WriteBackStore<String, Long> counts;

        @Override
        public void init(ProcessorContext<String, Long> context) {
            counts = context.getStateStore(STORE);
            counts.onFlush((key, count, timestamp) -> context.forward(new Record<>(key, count, timestamp)));
        }

        @Override
        public void process(Record<String, String> record) {
            for (String key : record.value().split(",")) {
                if (key.startsWith("!")) {
                    counts.update(key.substring(1), record.timestamp(), n -> {
                        throw new IllegalStateException("refused");
                    });
                } else if (key.startsWith("+")) { // current, then put
                    Long n = counts.current(key.substring(1));
                    counts.put(key.substring(1), n == null ? 1 : n + 1, Math.max(record.timestamp(), counts.timestampOf(key.substring(1))));
                } else if (!key.isEmpty()) {
                    counts.update(key, record.timestamp(), n -> n == null ? 1 : n + 1);
                }
            }
        }
    }
}
