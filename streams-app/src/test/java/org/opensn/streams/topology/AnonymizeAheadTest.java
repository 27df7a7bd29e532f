package org.opensn.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The look-ahead on its own, with a step that records every call: each polled record is anonymized once, by a
 * worker or by the stream thread (this test thread), or twice when the stream thread took it over from a worker
 * stuck in it, and the stream thread gets the outcome of the very record it asks for.
 */
class AnonymizeAheadTest {

    private static final String RAW = "raw-topic";

    /** How often each value was anonymized, by any thread. */
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final List<AnonymizeAhead.Interceptor> interceptors = new ArrayList<>();
    private final CountDownLatch workerInSlow = new CountDownLatch(1);
    private final CountDownLatch releaseWorker = new CountDownLatch(1);

    /** Upper-cases its input; "bad..." is invalid; "boom..." throws an Error (on any thread). */
    private final class CountingStep implements AnonymizeStep<String, String> {
        @Override
        public String contribute(String raw) {
            calls.computeIfAbsent(raw, k -> new AtomicInteger()).incrementAndGet();
            if (raw.startsWith("bad")) {
                throw new IllegalArgumentException("invalid " + raw);
            }
            boolean onWorker = Thread.currentThread().getName().contains("anonymize-ahead");
            if (raw.startsWith("boom") && onWorker) {
                throw new AssertionError("a worker failed");
            }
            if (raw.startsWith("slow") && onWorker) {
                workerInSlow.countDown(); // then stays in this record, as a worker preempted in it would, until released
                try {
                    releaseWorker.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return raw.toUpperCase();
        }

        @Override
        public String keyOf(String contribution) {
            return "key:" + contribution;
        }

        @Override
        public Object anonymized(String contribution) {
            return "anonymized:" + contribution;
        }

        @Override
        public long eventTimeOf(String contribution) {
            return 0;
        }
    }

    private RawAnonymizer<String, String> anonymizer() {
        return new RawAnonymizer<>(Serdes.String(), new CountingStep(), "anonymized-topic", Serdes.String(), 0);
    }

    private AnonymizeAhead ahead(int threads) {
        AnonymizeAhead ahead = new AnonymizeAhead(threads);
        ahead.register(RAW, () -> anonymizer());
        return ahead;
    }

    private AnonymizeAhead.Interceptor interceptor(AnonymizeAhead ahead) {
        Properties props = new Properties();
        ahead.install(props);
        Map<String, Object> consumerConfig = new HashMap<>();
        String prefix = StreamsConfig.MAIN_CONSUMER_PREFIX;
        props.forEach((k, v) -> consumerConfig.put(k.toString().substring(prefix.length()), v));
        consumerConfig.put(ConsumerConfig.CLIENT_ID_CONFIG, "test-client");
        AnonymizeAhead.Interceptor interceptor = new AnonymizeAhead.Interceptor();
        interceptor.configure(consumerConfig);
        interceptors.add(interceptor);
        return interceptor;
    }

    @AfterEach
    void closeInterceptors() {
        interceptors.forEach(AnonymizeAhead.Interceptor::close);
    }

    private static List<ConsumerRecord<byte[], byte[]>> records(String topic, int partition, long firstOffset, String... values) {
        List<ConsumerRecord<byte[], byte[]>> list = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            list.add(new ConsumerRecord<>(topic, partition, firstOffset + i, null, values[i].getBytes(StandardCharsets.UTF_8)));
        }
        return list;
    }

    private static ConsumerRecords<byte[], byte[]> poll(List<ConsumerRecord<byte[], byte[]>> records) {
        Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> byPartition = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            byPartition.computeIfAbsent(new TopicPartition(r.topic(), r.partition()), k -> new ArrayList<>()).add(r);
        }
        return new ConsumerRecords<>(byPartition, Map.of());
    }

    /** What the anonymize processor does with one record: the outcome taken ahead, else computed on this thread. */
    private static RawAnonymizer.Outcome<?> process(AnonymizeAhead ahead, RawAnonymizer<String, String> inline, ConsumerRecord<byte[], byte[]> r) {
        RawAnonymizer.Outcome<?> outcome = ahead.take(r.topic(), r.partition(), r.offset(), r.value());
        return outcome != null ? outcome : inline.anonymize(r.topic(), r.headers(), r.value());
    }

    @Test
    void everyRecordIsAnonymizedOnceUnlessTakenOverAndGetsItsOwnOutcome() throws InterruptedException {
        AnonymizeAhead ahead = ahead(1);
        AnonymizeAhead.Interceptor interceptor = interceptor(ahead);
        RawAnonymizer<String, String> inline = anonymizer();
        List<ConsumerRecord<byte[], byte[]>> all = new ArrayList<>();
        for (int p = 0; p < 3; p++) {
            String[] values = new String[500];
            for (int i = 0; i < values.length; i++) {
                values[i] = (i % 97 == 13 ? "bad-" : "v-") + p + "-" + i;
            }
            all.addAll(records(RAW, p, 1_000, values));
        }
        ConsumerRecords<byte[], byte[]> polled = poll(all);
        assertThat(interceptor.onConsume(polled)).as("the records pass on unchanged").isSameAs(polled);

        for (ConsumerRecord<byte[], byte[]> r : all) {
            String value = new String(r.value(), StandardCharsets.UTF_8);
            RawAnonymizer.Outcome<?> outcome = process(ahead, inline, r);
            if (value.startsWith("bad")) {
                assertThat(outcome.rejection()).isEqualTo("validation: IllegalArgumentException: invalid " + value);
            } else {
                assertThat(outcome.contribution()).isEqualTo(value.toUpperCase());
                assertThat(outcome.key()).isEqualTo("key:" + value.toUpperCase());
                assertThat(new String(outcome.anonymized(), StandardCharsets.UTF_8)).isEqualTo("anonymized:" + value.toUpperCase());
            }
        }
        AnonymizeAhead.Counts counts = ahead.counts();
        // a worker whose record the stream thread took over may still be in it, preempted (even inside the calls map's
        // insert, which the map's size does not count yet): let it finish before counting
        for (int i = 0; i < 2_000 && calls.values().stream().mapToInt(AtomicInteger::get).sum() < all.size() + counts.takenOver(); i++) {
            Thread.sleep(5);
        }
        assertThat(calls).hasSize(all.size());
        assertThat(counts.anonymizedAhead() + counts.anonymizedOnStreamThread()).isEqualTo(all.size());
        // once, or twice for a record the stream thread took over from a worker preempted in it (rare, on a busy machine)
        assertThat(calls.values()).allSatisfy(n -> assertThat(n.get()).isBetween(1, 2));
        assertThat(calls.values().stream().mapToInt(AtomicInteger::get).sum()).isEqualTo(all.size() + counts.takenOver());
    }

    @Test
    void aRecordWithAnotherValueAtTheSameOffsetIsNotServedTheHeldOutcome() throws Exception {
        AnonymizeAhead ahead = ahead(1);
        interceptor(ahead).onConsume(poll(records(RAW, 0, 7, "first")));
        Thread.sleep(50); // let the worker get there (either way the answer must not be "FIRST")

        byte[] other = "second".getBytes(StandardCharsets.UTF_8);
        assertThat(ahead.take(RAW, 0, 7, other)).isNull();
        assertThat(ahead.take(RAW, 0, 8, other)).as("an offset never polled").isNull();
        assertThat(ahead.take(RAW, 1, 7, other)).as("a partition never polled").isNull();
        assertThat(ahead.take("other-topic", 0, 7, other)).as("a topic it does not anonymize").isNull();
    }

    @Test
    void goingBackInAPartitionDropsWhatWasHeldAndServesTheRecordsPolledAgain() {
        AnonymizeAhead ahead = ahead(1);
        AnonymizeAhead.Interceptor interceptor = interceptor(ahead);
        RawAnonymizer<String, String> inline = anonymizer();
        interceptor.onConsume(poll(records(RAW, 0, 100, "a", "b", "c")));
        // a rebalance or an aborted transaction: the consumer seeks back and polls the same offsets again (new arrays)
        List<ConsumerRecord<byte[], byte[]>> again = records(RAW, 0, 100, "a", "b", "c");
        interceptor.onConsume(poll(again));

        for (ConsumerRecord<byte[], byte[]> r : again) {
            assertThat(process(ahead, inline, r).contribution()).isEqualTo(new String(r.value(), StandardCharsets.UTF_8).toUpperCase());
        }
    }

    @Test
    void aWorkerThatFailsLeavesTheRecordToTheStreamThread() throws Exception {
        AnonymizeAhead ahead = ahead(1);
        RawAnonymizer<String, String> inline = anonymizer();
        List<ConsumerRecord<byte[], byte[]>> polled = records(RAW, 0, 0, "boom-1", "ok-2");
        interceptor(ahead).onConsume(poll(polled));
        Thread.sleep(100);

        assertThat(process(ahead, inline, polled.get(0)).contribution()).isEqualTo("BOOM-1");
        assertThat(process(ahead, inline, polled.get(1)).contribution()).isEqualTo("OK-2");
    }

    @Test
    void aRecordAWorkerIsStuckInIsTakenOverByTheStreamThreadAndTheWorkersOutcomeDropped() throws Exception {
        AnonymizeAhead ahead = ahead(1);
        RawAnonymizer<String, String> inline = anonymizer();
        // the worker goes through a chunk from its end: it starts on "slow-2" and stays in it until released
        List<ConsumerRecord<byte[], byte[]>> polled = records(RAW, 0, 0, "ok-1", "slow-2");
        AnonymizeAhead.Interceptor interceptor = interceptor(ahead);
        interceptor.onConsume(poll(polled));
        assertThat(workerInSlow.await(5, TimeUnit.SECONDS)).isTrue();

        assertThat(process(ahead, inline, polled.get(0)).contribution()).isEqualTo("OK-1");
        // waiting for the worker would return its outcome, once the latch let it go after 10 s
        assertThat(ahead.take(RAW, 0, 1, polled.get(1).value())).as("taken over: left to the stream thread").isNull();
        assertThat(inline.anonymize(RAW, null, polled.get(1).value()).contribution()).isEqualTo("SLOW-2");
        assertThat(ahead.counts().takenOver()).isEqualTo(1);

        // once released, the one worker finishes "slow-2" (and finds it taken) before it starts on the next poll's record
        releaseWorker.countDown();
        interceptor.onConsume(poll(records(RAW, 0, 2, "ok-3")));
        for (int i = 0; i < 2_000 && !calls.containsKey("ok-3"); i++) {
            Thread.sleep(5);
        }
        assertThat(calls).containsKey("ok-3");
        assertThat(ahead.take(RAW, 0, 1, polled.get(1).value())).as("the worker's outcome is dropped").isNull();
    }

    @Test
    void aFailureToWriteTheAnonymizedRecordIsNotTheRecordsFaultSoNoRejection() {
        Serde<String> registryDown = Serdes.serdeFrom((topic, data) -> {
            throw new SerializationException("registry at http://registry:8081 cannot be reached");
        }, Serdes.String().deserializer());
        RawAnonymizer<String, String> anonymizer = new RawAnonymizer<>(Serdes.String(), new CountingStep(), "anonymized-topic", registryDown, 0);
        assertThatThrownBy(() -> anonymizer.anonymize(RAW, null, "v-1".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SerializationException.class).hasMessageContaining("cannot be reached");
        assertThat(anonymizer.anonymize(RAW, null, "bad-1".getBytes(StandardCharsets.UTF_8)).rejection())
                .as("an invalid record is still a rejection").startsWith("validation: ");
    }

    @Test
    void withoutAnInterceptorOnThisThreadEveryRecordIsLeftToTheStreamThread() {
        AnonymizeAhead ahead = ahead(1);
        assertThat(ahead.take(RAW, 0, 0, new byte[] {1})).isNull();
    }

    @Test
    void installAddsItsInterceptorAfterTheConfiguredOnesAndNothingWithoutThreads() {
        Properties props = new Properties();
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.INTERCEPTOR_CLASSES_CONFIG), "com.example.Audit");
        AnonymizeAhead ahead = ahead(2);
        ahead.install(props);
        assertThat(props.get(StreamsConfig.mainConsumerPrefix(ConsumerConfig.INTERCEPTOR_CLASSES_CONFIG)))
                .isEqualTo("com.example.Audit," + AnonymizeAhead.Interceptor.class.getName());
        assertThat(props.get(StreamsConfig.mainConsumerPrefix(AnonymizeAhead.INSTANCE_CONFIG))).isSameAs(ahead);
        assertThat(props.get(StreamsConfig.DEFAULT_CLIENT_SUPPLIER_CONFIG)).isEqualTo(PollAheadConsumer.Supplier.class);

        Properties own = new Properties();
        own.put(StreamsConfig.DEFAULT_CLIENT_SUPPLIER_CONFIG, "com.example.Clients");
        ahead.install(own);
        assertThat(own.get(StreamsConfig.DEFAULT_CLIENT_SUPPLIER_CONFIG)).as("a deployment's own supplier is kept").isEqualTo("com.example.Clients");

        Properties none = new Properties();
        ahead(0).install(none);
        assertThat(none).isEmpty();
    }

    @Test
    void theInterceptorNamedWithoutItsInstanceSaysHowToInstallIt() {
        AnonymizeAhead.Interceptor interceptor = new AnonymizeAhead.Interceptor();
        assertThatThrownBy(() -> interceptor.configure(Map.of(ConsumerConfig.CLIENT_ID_CONFIG, "c")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(AnonymizeAhead.INSTANCE_CONFIG)
                .hasMessageContaining("anonymizeAhead().install(properties)");
    }

    @Test
    void aNegativeThreadCountIsRefused() {
        assertThatThrownBy(() -> new AnonymizeAhead(-1)).hasMessageContaining("anonymize.threads must be 0 or more");
    }
}
