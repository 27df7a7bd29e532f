package org.opensn.streams.topology;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first step after a raw topic, which is read as bytes. Deserializes here rather than in the
 * consumer so that a bad record becomes a dead letter written by the same Streams producer, inside
 * the same exactly-once transaction as everything else (a {@code DeserializationExceptionHandler}
 * that wrote the dead letter with a producer of its own would duplicate it when a transaction aborts).
 *
 * <p>A valid record leaves with its original headers dropped (they could carry anything), a key
 * re-derived from the anonymized content ({@link Outcome#key()}; the record key itself is left as
 * received, and the topology re-keys what it does not aggregate in place) and its timestamp set to
 * the event time (clamped to at most {@code maxFutureSkewMillis} past the record timestamp, so a
 * device with a wrong clock cannot close everyone's windows). It is marked {@link Outcome#inPlace()}
 * when its key already is the derived key and it sits in the partition that key has among
 * {@code objectPartitions} under Kafka's default partitioner (murmur2), as the contract asks
 * collectors to produce it: its object statistics are then computed in this task, and only records
 * produced otherwise go through the object repartition topic. Only the topic, partition and offset
 * of rejected records are logged, never contents.
 *
 * @param <R> the raw Avro type
 * @param <C> the contribution type
 */
final class AnonymizeProcessor<R, C> implements FixedKeyProcessor<String, byte[], Outcome<C>> {

    private static final Logger LOG = LoggerFactory.getLogger(AnonymizeProcessor.class);
    private static final int MAX_REASON = 500;

    private final Deserializer<R> deserializer;
    private final AnonymizeStep<R, C> step;
    private final long maxFutureSkewMillis;
    private final int objectPartitions;
    private FixedKeyProcessorContext<String, Outcome<C>> context;

    /**
     * @param objectPartitions partitions of the object statistics (the object repartition topic's);
     *                         0 when this stream's records are never aggregated in place
     */
    AnonymizeProcessor(Deserializer<R> deserializer, AnonymizeStep<R, C> step, long maxFutureSkewMillis, int objectPartitions) {
        this.deserializer = deserializer;
        this.step = step;
        this.maxFutureSkewMillis = maxFutureSkewMillis;
        this.objectPartitions = objectPartitions;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, Outcome<C>> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<String, byte[]> record) {
        Optional<RecordMetadata> meta = context.recordMetadata();
        String topic = meta.map(RecordMetadata::topic).orElse("unknown");
        R raw;
        try {
            if (record.value() == null) {
                throw new IllegalArgumentException("value is null (a tombstone has no meaning on a raw topic)");
            }
            raw = deserializer.deserialize(topic, record.headers(), record.value());
        } catch (RuntimeException e) {
            deadLetter(record, "deserialization: " + e.getClass().getSimpleName() + ": " + e.getMessage(), meta);
            return;
        }
        C contribution;
        String key;
        try {
            contribution = step.contribute(raw);
            key = step.keyOf(contribution);
        } catch (RuntimeException e) {
            deadLetter(record, "validation: " + e.getClass().getSimpleName() + ": " + e.getMessage(), meta);
            return;
        }
        long eventTime = step.eventTimeOf(contribution);
        long timestamp = eventTime > 0 && eventTime <= record.timestamp() + maxFutureSkewMillis ? eventTime : record.timestamp();
        boolean inPlace = key != null && key.equals(record.key()) && meta.isPresent() && meta.get().partition() == objectPartition(key);
        // headers first: each with...() copies the record's headers, and the raw ones are dropped anyway
        context.forward(record.withHeaders(new RecordHeaders()).withValue(Outcome.ok(contribution, key, inPlace)).withTimestamp(timestamp));
    }

    /** The partition of {@code key} among the object partitions under the default partitioner; -1 when there are none. */
    private int objectPartition(String key) {
        return objectPartitions <= 0 ? -1 : Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % objectPartitions;
    }

    private void deadLetter(FixedKeyRecord<String, byte[]> record, String reason, Optional<RecordMetadata> meta) {
        String topic = meta.map(RecordMetadata::topic).orElse("unknown");
        int partition = meta.map(RecordMetadata::partition).orElse(-1);
        long offset = meta.map(RecordMetadata::offset).orElse(-1L);
        LOG.warn("raw record {}-{}@{} rejected to the dead-letter topic ({})", topic, partition, offset,
                reason.substring(0, reason.indexOf(':')));
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        String shortReason = reason.length() <= MAX_REASON ? reason : reason.substring(0, MAX_REASON - 3) + "...";
        DeadLetterHeaders.add(headers, shortReason, topic, partition, offset);
        context.forward(record.withValue(Outcome.<C>deadLetter(Outcome.rawKeyBytes(record.key()), record.value())).withHeaders(headers));
    }

    @Override
    public void close() {
        deserializer.close();
    }
}
