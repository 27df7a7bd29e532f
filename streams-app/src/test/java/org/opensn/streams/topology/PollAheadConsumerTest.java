package org.opensn.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The main consumer that returns each poll's records one poll late, over Kafka's {@code MockConsumer}: every record
 * comes back once and in order, the position and next offsets Kafka Streams commits never run ahead of what it was
 * given, and nothing held survives a revocation, a loss or a seek of its partition.
 */
class PollAheadConsumerTest {

    private static final String TOPIC = "raw";
    private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
    private static final TopicPartition P1 = new TopicPartition(TOPIC, 1);
    private static final Duration TIMEOUT = Duration.ofMillis(10);

    private final MockConsumer<byte[], byte[]> mock = new MockConsumer<>("earliest");
    private final PollAheadConsumer consumer = new PollAheadConsumer(mock);
    /** What the rebalance listener (Kafka Streams' in the app) was told, in order. */
    private final List<String> told = new ArrayList<>();

    @BeforeEach
    void subscribe() {
        consumer.subscribe(List.of(TOPIC), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                told.add("revoked " + partitions);
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                told.add("assigned " + partitions);
            }

            @Override
            public void onPartitionsLost(Collection<TopicPartition> partitions) {
                told.add("lost " + partitions);
            }
        });
        mock.rebalance(List.of(P0, P1));
        mock.updateBeginningOffsets(Map.of(P0, 0L, P1, 0L));
    }

    private void add(TopicPartition tp, int from, int to) {
        for (int offset = from; offset < to; offset++) {
            mock.addRecord(new ConsumerRecord<>(tp.topic(), tp.partition(), offset, null,
                    (tp.partition() + ":" + offset).getBytes(StandardCharsets.UTF_8)));
        }
    }

    private static List<Long> offsets(ConsumerRecords<byte[], byte[]> records, TopicPartition tp) {
        return records.records(tp).stream().map(ConsumerRecord::offset).toList();
    }

    private static List<Long> range(long from, long to) {
        List<Long> r = new ArrayList<>();
        for (long o = from; o < to; o++) {
            r.add(o);
        }
        return r;
    }

    @Test
    void returnsEachPollsRecordsOnePollLateInOrderWithThePositionOfWhatItReturned() {
        add(P0, 0, 10);
        mock.setMaxPollRecords(4);

        ConsumerRecords<byte[], byte[]> first = consumer.poll(TIMEOUT);
        assertThat(offsets(first, P0)).containsExactly(0L, 1L, 2L, 3L);
        assertThat(mock.position(P0)).as("the consumer has read the next batch already").isEqualTo(8);
        assertThat(consumer.position(P0)).as("what Kafka Streams was given ends at 4").isEqualTo(4);
        assertThat(first.nextOffsets().get(P0).offset()).isEqualTo(4);

        ConsumerRecords<byte[], byte[]> second = consumer.poll(TIMEOUT);
        assertThat(offsets(second, P0)).containsExactly(4L, 5L, 6L, 7L);
        assertThat(consumer.position(P0)).isEqualTo(8);

        ConsumerRecords<byte[], byte[]> third = consumer.poll(TIMEOUT);
        assertThat(offsets(third, P0)).containsExactly(8L, 9L);
        assertThat(consumer.position(P0)).isEqualTo(10);
        assertThat(consumer.poll(TIMEOUT).isEmpty()).isTrue();

        add(P0, 10, 12);
        assertThat(offsets(consumer.poll(TIMEOUT), P0)).as("a poll with nothing held returns what it fetches")
                .containsExactly(10L, 11L);
    }

    @Test
    void aRevokedPartitionsHeldRecordsAreDroppedBeforeTheListenerIsTold() {
        add(P0, 0, 3);
        mock.schedulePollTask(() -> { });
        mock.schedulePollTask(() -> { // what the look-ahead poll fetches
            add(P0, 3, 6);
            add(P1, 0, 3);
        });
        assertThat(offsets(consumer.poll(TIMEOUT), P0)).containsExactly(0L, 1L, 2L);

        mock.rebalance(List.of(P1)); // P0 is revoked: Kafka Streams commits what it processed of it and closes its task
        assertThat(told).contains("revoked [raw-0]");
        mock.rebalance(List.of(P0, P1)); // and comes back: the consumer reads it again from the committed offset
        add(P0, 0, 6);

        List<ConsumerRecord<byte[], byte[]>> rest = new ArrayList<>();
        for (ConsumerRecords<byte[], byte[]> batch = consumer.poll(TIMEOUT); !batch.isEmpty(); batch = consumer.poll(TIMEOUT)) {
            batch.forEach(rest::add);
        }
        assertThat(rest).filteredOn(r -> r.partition() == 1).extracting(ConsumerRecord::offset)
                .as("P1's held records, once").containsExactly(0L, 1L, 2L);
        assertThat(rest).filteredOn(r -> r.partition() == 0).extracting(ConsumerRecord::offset)
                .as("P0 read again from the start, without the records held before it was revoked").containsExactlyElementsOf(range(0, 6));
    }

    @Test
    void aLostPartitionsHeldRecordsAreDropped() {
        add(P0, 0, 4);
        add(P1, 0, 4);
        mock.setMaxPollRecords(4);
        assertThat(consumer.poll(TIMEOUT).partitions()).containsOnly(P0);

        mock.losePartitions(List.of(P1)); // held: P1's records 0-3
        assertThat(told).endsWith("lost [raw-1]");
        assertThat(consumer.poll(TIMEOUT).isEmpty()).isTrue();
    }

    @Test
    void aSeekDropsThePartitionsHeldRecordsAndTheConsumerReadsThemAgain() {
        add(P0, 0, 8);
        mock.setMaxPollRecords(4);
        assertThat(offsets(consumer.poll(TIMEOUT), P0)).containsExactly(0L, 1L, 2L, 3L);

        consumer.seek(P0, 2); // as Kafka Streams does after an aborted transaction: back to the committed offset
        assertThat(consumer.position(P0)).isEqualTo(2);
        add(P0, 2, 8); // the consumer reads them again (the mock forgets records once it has returned them)
        List<Long> again = new ArrayList<>();
        for (ConsumerRecords<byte[], byte[]> batch = consumer.poll(TIMEOUT); !batch.isEmpty(); batch = consumer.poll(TIMEOUT)) {
            again.addAll(offsets(batch, P0));
        }
        assertThat(again).as("the held 4-7 dropped, not returned twice").containsExactlyElementsOf(range(2, 8));

        consumer.seekToBeginning(Set.of(P0));
        add(P0, 0, 8);
        assertThat(offsets(consumer.poll(TIMEOUT), P0)).containsExactly(0L, 1L, 2L, 3L);
        consumer.seekToEnd(List.of());
        assertThat(consumer.poll(TIMEOUT).isEmpty()).as("held records of every partition dropped").isTrue();
    }

    @Test
    void theLagCountsHeldRecords() {
        add(P0, 0, 8);
        mock.updateEndOffsets(Map.of(P0, 8L, P1, 0L));
        mock.setMaxPollRecords(4);
        consumer.poll(TIMEOUT);
        assertThat(mock.currentLag(P0)).hasValue(0);
        assertThat(consumer.currentLag(P0)).hasValue(4);
    }

    @Test
    void anAssignWithoutAPartitionDropsItsHeldRecords() {
        MockConsumer<byte[], byte[]> inner = new MockConsumer<>("earliest");
        PollAheadConsumer assigned = new PollAheadConsumer(inner);
        assigned.assign(List.of(P0, P1));
        inner.updateBeginningOffsets(Map.of(P0, 0L, P1, 0L));
        for (TopicPartition tp : List.of(P0, P1)) {
            inner.addRecord(new ConsumerRecord<>(TOPIC, tp.partition(), 0, null, new byte[] {1}));
        }
        inner.setMaxPollRecords(1);
        assertThat(assigned.poll(TIMEOUT).partitions()).containsOnly(P0);
        assigned.assign(List.of(P0));
        assertThat(assigned.poll(TIMEOUT).isEmpty()).isTrue();
    }
}
