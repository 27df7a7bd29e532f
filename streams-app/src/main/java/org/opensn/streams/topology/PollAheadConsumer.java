package org.opensn.streams.topology;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.consumer.OffsetCommitCallback;
import org.apache.kafka.clients.consumer.SubscriptionPattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaClientSupplier;

/**
 * A stream thread's main consumer that hands Kafka Streams each poll's records one poll late, so that the
 * {@link AnonymizeAhead} workers have a head start on them.
 *
 * <p>Kafka Streams processes every record it has buffered before it polls again, so without this the workers
 * (handed each poll's records by the consumer's interceptor, inside the poll) and the stream thread start on the
 * same records at the same moment, and the stream thread anonymized about one record in six itself, or waited for
 * a worker in the middle of one. Here each {@link #poll} returns the records the previous one fetched and fetches
 * the next ones at once ({@code poll(0)}), so the workers anonymize those while the stream thread processes what
 * it was given. Nothing is lost, reordered or read twice; what Kafka Streams sees is as if the consumer had been
 * slower by one poll:
 * <ul>
 *   <li>each held batch is returned as the consumer returned it, its {@link ConsumerRecords#nextOffsets()}
 *       included, which is what Kafka Streams commits for a partition whose buffer is empty;</li>
 *   <li>{@link #position} of a partition with held records is where the records returned so far end, not where
 *       the consumer has read to, and {@link #currentLag} counts the held records;</li>
 *   <li>held records of a partition are dropped when it is revoked or lost (in the rebalance listener, before
 *       Kafka Streams commits and closes its task), when it is sought ({@code seek}, {@code seekToBeginning},
 *       {@code seekToEnd}) or no longer assigned; the consumer then reads them again from wherever it is put.</li>
 * </ul>
 * Installed by {@link AnonymizeAhead#install} through {@link Supplier}, for the main consumers only (the restore
 * and global consumers are Kafka's own).
 */
final class PollAheadConsumer implements Consumer<byte[], byte[]> {

    private final Consumer<byte[], byte[]> consumer;
    /** Batches polled and not yet returned, oldest first (at most two between polls). */
    private final ArrayDeque<ConsumerRecords<byte[], byte[]>> held = new ArrayDeque<>();
    /** Per partition, the next offset after the batches returned so far (their {@code nextOffsets}). */
    private final Map<TopicPartition, OffsetAndMetadata> returned = new HashMap<>();

    PollAheadConsumer(Consumer<byte[], byte[]> consumer) {
        this.consumer = consumer;
    }

    @Override
    public ConsumerRecords<byte[], byte[]> poll(Duration timeout) {
        if (held.isEmpty()) {
            ConsumerRecords<byte[], byte[]> first = consumer.poll(timeout);
            if (first.isEmpty()) {
                returned.putAll(first.nextOffsets());
                return first;
            }
            held.addLast(first);
        }
        // records are ready to return: fetch the next ones without waiting, for the workers to start on now
        ConsumerRecords<byte[], byte[]> next = consumer.poll(Duration.ZERO);
        if (!next.isEmpty() || !next.nextOffsets().isEmpty()) {
            held.addLast(next);
        }
        ConsumerRecords<byte[], byte[]> out = onlyAssigned(held.pollFirst());
        returned.putAll(out.nextOffsets());
        return out;
    }

    /** The batch without partitions the consumer no longer has (a rebalance listener we did not see, or an {@code assign}). */
    private ConsumerRecords<byte[], byte[]> onlyAssigned(ConsumerRecords<byte[], byte[]> batch) {
        Set<TopicPartition> assigned = consumer.assignment();
        if (assigned.containsAll(batch.partitions()) && assigned.containsAll(batch.nextOffsets().keySet())) {
            return batch;
        }
        List<TopicPartition> gone = new ArrayList<>(batch.partitions());
        gone.addAll(batch.nextOffsets().keySet());
        gone.removeAll(assigned);
        return without(batch, gone);
    }

    private static ConsumerRecords<byte[], byte[]> without(ConsumerRecords<byte[], byte[]> batch, Collection<TopicPartition> partitions) {
        Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> records = new HashMap<>();
        for (TopicPartition tp : batch.partitions()) {
            if (!partitions.contains(tp)) {
                records.put(tp, batch.records(tp));
            }
        }
        Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>(batch.nextOffsets());
        next.keySet().removeAll(partitions);
        return new ConsumerRecords<>(records, next);
    }

    /** Forgets what is held of {@code partitions}, and where their returned records ended. */
    private void drop(Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        int n = held.size();
        for (int i = 0; i < n; i++) {
            ConsumerRecords<byte[], byte[]> batch = held.pollFirst();
            ConsumerRecords<byte[], byte[]> kept = without(batch, partitions);
            if (!kept.isEmpty() || !kept.nextOffsets().isEmpty()) {
                held.addLast(kept);
            }
        }
        returned.keySet().removeAll(partitions);
    }

    private void dropAll() {
        held.clear();
        returned.clear();
    }

    /** Where the records returned so far end in {@code partition}, or null when nothing of it is held. */
    private Long returnedPosition(TopicPartition partition) {
        Long firstHeld = null;
        for (ConsumerRecords<byte[], byte[]> batch : held) {
            List<ConsumerRecord<byte[], byte[]>> records = batch.records(partition);
            if (!records.isEmpty()) {
                firstHeld = records.get(0).offset();
                break;
            }
        }
        if (firstHeld == null) {
            return null; // nothing held (at most a skip over control records, which the consumer's own position covers)
        }
        OffsetAndMetadata end = returned.get(partition);
        return end != null ? end.offset() : firstHeld;
    }

    @Override
    public long position(TopicPartition partition) {
        Long p = returnedPosition(partition);
        return p != null ? p : consumer.position(partition);
    }

    @Override
    public long position(TopicPartition partition, Duration timeout) {
        Long p = returnedPosition(partition);
        return p != null ? p : consumer.position(partition, timeout);
    }

    @Override
    public OptionalLong currentLag(TopicPartition partition) {
        OptionalLong lag = consumer.currentLag(partition);
        if (lag.isEmpty()) {
            return lag;
        }
        long heldRecords = 0;
        for (ConsumerRecords<byte[], byte[]> batch : held) {
            heldRecords += batch.records(partition).size();
        }
        return OptionalLong.of(lag.getAsLong() + heldRecords);
    }

    /** Drops held records of revoked and lost partitions before the listener (Kafka Streams') sees them go. */
    private ConsumerRebalanceListener dropping(ConsumerRebalanceListener listener) {
        return new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                drop(partitions);
                listener.onPartitionsRevoked(partitions);
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                listener.onPartitionsAssigned(partitions);
            }

            @Override
            public void onPartitionsLost(Collection<TopicPartition> partitions) {
                drop(partitions);
                listener.onPartitionsLost(partitions);
            }
        };
    }

    private static final ConsumerRebalanceListener NO_LISTENER = new ConsumerRebalanceListener() {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        }
    };

    @Override
    public void subscribe(Collection<String> topics) {
        consumer.subscribe(topics, dropping(NO_LISTENER));
    }

    @Override
    public void subscribe(Collection<String> topics, ConsumerRebalanceListener listener) {
        consumer.subscribe(topics, dropping(listener));
    }

    @Override
    public void subscribe(Pattern pattern, ConsumerRebalanceListener listener) {
        consumer.subscribe(pattern, dropping(listener));
    }

    @Override
    public void subscribe(Pattern pattern) {
        consumer.subscribe(pattern, dropping(NO_LISTENER));
    }

    @Override
    public void subscribe(SubscriptionPattern pattern, ConsumerRebalanceListener listener) {
        consumer.subscribe(pattern, dropping(listener));
    }

    @Override
    public void subscribe(SubscriptionPattern pattern) {
        consumer.subscribe(pattern, dropping(NO_LISTENER));
    }

    @Override
    public void assign(Collection<TopicPartition> partitions) {
        List<TopicPartition> gone = new ArrayList<>(consumer.assignment());
        gone.removeAll(partitions);
        drop(gone);
        consumer.assign(partitions);
    }

    @Override
    public void unsubscribe() {
        dropAll();
        consumer.unsubscribe();
    }

    @Override
    public void seek(TopicPartition partition, long offset) {
        drop(List.of(partition));
        consumer.seek(partition, offset);
    }

    @Override
    public void seek(TopicPartition partition, OffsetAndMetadata offsetAndMetadata) {
        drop(List.of(partition));
        consumer.seek(partition, offsetAndMetadata);
    }

    @Override
    public void seekToBeginning(Collection<TopicPartition> partitions) {
        drop(partitions.isEmpty() ? consumer.assignment() : partitions);
        consumer.seekToBeginning(partitions);
    }

    @Override
    public void seekToEnd(Collection<TopicPartition> partitions) {
        drop(partitions.isEmpty() ? consumer.assignment() : partitions);
        consumer.seekToEnd(partitions);
    }

    @Override
    public void close() {
        dropAll();
        consumer.close();
    }

    @Override
    public void close(Duration timeout) {
        dropAll();
        consumer.close(timeout);
    }

    @Override
    public void close(CloseOptions option) {
        dropAll();
        consumer.close(option);
    }

    // everything else is the consumer's

    @Override
    public Set<TopicPartition> assignment() {
        return consumer.assignment();
    }

    @Override
    public Set<String> subscription() {
        return consumer.subscription();
    }

    @Override
    public void commitSync() {
        consumer.commitSync();
    }

    @Override
    public void commitSync(Duration timeout) {
        consumer.commitSync(timeout);
    }

    @Override
    public void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
        consumer.commitSync(offsets);
    }

    @Override
    public void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets, Duration timeout) {
        consumer.commitSync(offsets, timeout);
    }

    @Override
    public void commitAsync() {
        consumer.commitAsync();
    }

    @Override
    public void commitAsync(OffsetCommitCallback callback) {
        consumer.commitAsync(callback);
    }

    @Override
    public void commitAsync(Map<TopicPartition, OffsetAndMetadata> offsets, OffsetCommitCallback callback) {
        consumer.commitAsync(offsets, callback);
    }

    @Override
    public void registerMetricForSubscription(KafkaMetric metric) {
        consumer.registerMetricForSubscription(metric);
    }

    @Override
    public void unregisterMetricFromSubscription(KafkaMetric metric) {
        consumer.unregisterMetricFromSubscription(metric);
    }

    @Override
    public Map<TopicPartition, OffsetAndMetadata> committed(Set<TopicPartition> partitions) {
        return consumer.committed(partitions);
    }

    @Override
    public Map<TopicPartition, OffsetAndMetadata> committed(Set<TopicPartition> partitions, Duration timeout) {
        return consumer.committed(partitions, timeout);
    }

    @Override
    public Uuid clientInstanceId(Duration timeout) {
        return consumer.clientInstanceId(timeout);
    }

    @Override
    public Map<MetricName, ? extends Metric> metrics() {
        return consumer.metrics();
    }

    @Override
    public List<PartitionInfo> partitionsFor(String topic) {
        return consumer.partitionsFor(topic);
    }

    @Override
    public List<PartitionInfo> partitionsFor(String topic, Duration timeout) {
        return consumer.partitionsFor(topic, timeout);
    }

    @Override
    public Map<String, List<PartitionInfo>> listTopics() {
        return consumer.listTopics();
    }

    @Override
    public Map<String, List<PartitionInfo>> listTopics(Duration timeout) {
        return consumer.listTopics(timeout);
    }

    @Override
    public Set<TopicPartition> paused() {
        return consumer.paused();
    }

    @Override
    public void pause(Collection<TopicPartition> partitions) {
        consumer.pause(partitions);
    }

    @Override
    public void resume(Collection<TopicPartition> partitions) {
        consumer.resume(partitions);
    }

    @Override
    public Map<TopicPartition, OffsetAndTimestamp> offsetsForTimes(Map<TopicPartition, Long> timestampsToSearch) {
        return consumer.offsetsForTimes(timestampsToSearch);
    }

    @Override
    public Map<TopicPartition, OffsetAndTimestamp> offsetsForTimes(Map<TopicPartition, Long> timestampsToSearch, Duration timeout) {
        return consumer.offsetsForTimes(timestampsToSearch, timeout);
    }

    @Override
    public Map<TopicPartition, Long> beginningOffsets(Collection<TopicPartition> partitions) {
        return consumer.beginningOffsets(partitions);
    }

    @Override
    public Map<TopicPartition, Long> beginningOffsets(Collection<TopicPartition> partitions, Duration timeout) {
        return consumer.beginningOffsets(partitions, timeout);
    }

    @Override
    public Map<TopicPartition, Long> endOffsets(Collection<TopicPartition> partitions) {
        return consumer.endOffsets(partitions);
    }

    @Override
    public Map<TopicPartition, Long> endOffsets(Collection<TopicPartition> partitions, Duration timeout) {
        return consumer.endOffsets(partitions, timeout);
    }

    @Override
    public ConsumerGroupMetadata groupMetadata() {
        return consumer.groupMetadata();
    }

    @Override
    public void enforceRebalance() {
        consumer.enforceRebalance();
    }

    @Override
    public void enforceRebalance(String reason) {
        consumer.enforceRebalance(reason);
    }

    @Override
    public void wakeup() {
        consumer.wakeup();
    }

    /**
     * Kafka Streams' clients as its default supplier makes them, with each stream thread's main consumer wrapped in a
     * {@link PollAheadConsumer}. Named in {@code default.client.supplier} by {@link AnonymizeAhead#install}.
     */
    public static final class Supplier implements KafkaClientSupplier {

        @Override
        public Admin getAdmin(Map<String, Object> config) {
            return Admin.create(config);
        }

        @Override
        public Producer<byte[], byte[]> getProducer(Map<String, Object> config) {
            return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
        }

        @Override
        public Consumer<byte[], byte[]> getConsumer(Map<String, Object> config) {
            return new PollAheadConsumer(new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer()));
        }

        @Override
        public Consumer<byte[], byte[]> getRestoreConsumer(Map<String, Object> config) {
            return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        }

        @Override
        public Consumer<byte[], byte[]> getGlobalConsumer(Map<String, Object> config) {
            return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        }
    }
}
