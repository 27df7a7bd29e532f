package org.opensn.streams.topology;

import java.util.Optional;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first step after a raw topic, which is read as bytes. Deserializes here rather than in the
 * consumer so that a bad record becomes a dead letter written by the same Streams producer, inside
 * the same exactly-once transaction as everything else (a {@code DeserializationExceptionHandler}
 * that wrote the dead letter with a producer of its own would duplicate it when a transaction aborts).
 *
 * <p>A valid record leaves with its original headers dropped (they could carry anything), its key
 * re-derived from the anonymized content and its timestamp set to the event time (clamped to at most
 * {@code maxFutureSkewMillis} past the record timestamp, so a device with a wrong clock cannot close
 * everyone's windows). Only the topic, partition and offset of rejected records are logged, never contents.
 *
 * @param <R> the raw Avro type
 * @param <C> the contribution type
 */
final class AnonymizeProcessor<R, C> implements Processor<byte[], byte[], String, Outcome<C>> {

    private static final Logger LOG = LoggerFactory.getLogger(AnonymizeProcessor.class);
    private static final int MAX_REASON = 500;

    private final Deserializer<R> deserializer;
    private final AnonymizeStep<R, C> step;
    private final long maxFutureSkewMillis;
    private ProcessorContext<String, Outcome<C>> context;

    AnonymizeProcessor(Deserializer<R> deserializer, AnonymizeStep<R, C> step, long maxFutureSkewMillis) {
        this.deserializer = deserializer;
        this.step = step;
        this.maxFutureSkewMillis = maxFutureSkewMillis;
    }

    @Override
    public void init(ProcessorContext<String, Outcome<C>> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
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
        context.forward(new Record<>(key, Outcome.ok(contribution), timestamp, new RecordHeaders()));
    }

    private void deadLetter(Record<byte[], byte[]> record, String reason, Optional<RecordMetadata> meta) {
        String topic = meta.map(RecordMetadata::topic).orElse("unknown");
        int partition = meta.map(RecordMetadata::partition).orElse(-1);
        long offset = meta.map(RecordMetadata::offset).orElse(-1L);
        LOG.warn("raw record {}-{}@{} rejected to the dead-letter topic ({})", topic, partition, offset,
                reason.substring(0, reason.indexOf(':')));
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        String shortReason = reason.length() <= MAX_REASON ? reason : reason.substring(0, MAX_REASON - 3) + "...";
        DeadLetterHeaders.add(headers, shortReason, topic, partition, offset);
        context.forward(new Record<>(null, Outcome.deadLetter(record.key(), record.value()), record.timestamp(), headers));
    }

    @Override
    public void close() {
        deserializer.close();
    }
}
