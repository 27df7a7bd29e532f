package org.opensn.streams.topology;

import java.util.Arrays;
import java.util.Optional;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first step after a raw topic, whose keys and values are read as bytes. Deserializes here rather than in the
 * consumer so that a bad record becomes a dead letter written by the same Streams producer, inside
 * the same exactly-once transaction as everything else (a {@code DeserializationExceptionHandler}
 * that wrote the dead letter with a producer of its own would duplicate it when a transaction aborts).
 *
 * <p>A valid record goes on with its original headers dropped (they could carry anything), a key
 * re-derived from the anonymized content ({@link AnonymizeStep#keyOf}) and its timestamp set to the
 * event time (clamped to at most {@code maxFutureSkewMillis} past the record timestamp, so a device
 * with a wrong clock cannot close everyone's windows). It is <em>in place</em> when its record key
 * already is the derived key and it sits in the partition that key has among the object partitions
 * under Kafka's default partitioner (murmur2), as the contract asks collectors to produce it: its
 * object statistics are then computed in this task, and only records produced otherwise go through
 * the object repartition topic. Only the topic, partition and offset of rejected records are logged,
 * never contents.
 *
 * <p>The processor sends each record straight to the child nodes that need it, by name: the
 * {@link Fanout} of its stream says which child gets what, and a rejected record goes to the
 * dead-letter sink as received, with the reason in its headers. So a detection passes no
 * split, branch, unwrap or merge nodes between this step and the ones that use it (each Kafka
 * Streams node copies the record and its headers and runs its own bookkeeping, which had been
 * the part of the stream thread's time no step of ours accounted for).
 *
 * <p>Deserializing, anonymizing and serializing the anonymized record ({@link RawAnonymizer}) is usually done
 * before the record gets here, on a worker thread of {@link AnonymizeAhead}; the processor then takes that
 * outcome, and otherwise computes it itself. Either way the record goes on exactly as described above.
 *
 * @param <R> the raw Avro type
 * @param <C> the contribution type
 */
final class AnonymizeProcessor<R, C> implements Processor<byte[], byte[], Object, Object> {

    /** Where a valid record's contribution goes: to the anonymize processor's children, each by its node name. */
    @FunctionalInterface
    interface Fanout<C> {
        /**
         * @param outcome  the anonymized record: its contribution, the key derived from the anonymized content (an
         *                 object ref, or null) with its bytes, and the record serialized for the anonymized topic
         * @param inPlace  whether its object statistics can be computed in this task (see the class comment)
         * @param children forwards to one child by name
         */
        void send(RawAnonymizer.Outcome<C> outcome, boolean inPlace, Children children);
    }

    /** Forwards to one child of the anonymize processor: with the event-time timestamp, no headers. */
    @FunctionalInterface
    interface Children {
        void forward(String child, Object key, Object value);
    }

    private static final Logger LOG = LoggerFactory.getLogger(AnonymizeProcessor.class);
    private static final int MAX_REASON = 500;

    private final RawAnonymizer<R, C> anonymizer;
    private final AnonymizeAhead ahead;
    private final long maxFutureSkewMillis;
    private final Fanout<C> fanout;
    private final String deadLetterChild;
    private ProcessorContext<Object, Object> context;
    /** The timestamp {@link #children} gives the records it forwards: the current record's event time. */
    private long timestamp;
    private final Children children = (child, key, value) -> context.forward(new Record<>(key, value, timestamp), child);

    /**
     * @param anonymizer       deserializes and anonymizes a record on the stream thread (closed with this processor)
     * @param ahead            where records anonymized ahead of the stream thread are taken from
     * @param fanout           sends each valid record's contribution on
     * @param deadLetterChild  the child (a sink of raw key and value bytes) that takes rejected records
     */
    AnonymizeProcessor(RawAnonymizer<R, C> anonymizer, AnonymizeAhead ahead, long maxFutureSkewMillis, Fanout<C> fanout,
            String deadLetterChild) {
        this.anonymizer = anonymizer;
        this.ahead = ahead;
        this.maxFutureSkewMillis = maxFutureSkewMillis;
        this.fanout = fanout;
        this.deadLetterChild = deadLetterChild;
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void process(Record<byte[], byte[]> record) {
        Optional<RecordMetadata> meta = context.recordMetadata();
        String topic = meta.map(RecordMetadata::topic).orElse("unknown");
        // the records of this processor's raw topic are anonymized ahead by this topology's anonymizer of that topic
        RawAnonymizer.Outcome<C> outcome = meta.isPresent()
                ? (RawAnonymizer.Outcome<C>) ahead.take(topic, meta.get().partition(), meta.get().offset(), record.value())
                : null;
        if (outcome == null) {
            outcome = anonymizer.anonymize(topic, record.headers(), record.value());
        }
        if (outcome.isRejected()) {
            deadLetter(record, outcome.rejection(), meta);
            return;
        }
        long eventTime = anonymizer.eventTimeOf(outcome.contribution());
        timestamp = eventTime > 0 && eventTime <= record.timestamp() + maxFutureSkewMillis ? eventTime : record.timestamp();
        boolean inPlace = meta.isPresent() && inPlace(outcome, record.key(), meta.get().partition());
        fanout.send(outcome, inPlace, children);
    }

    /**
     * Whether the record key is the derived key's bytes (as the {@code String} serde writes it) and {@code partition} is
     * the one the default partitioner gives them among the object partitions (the outcome carries both, computed where
     * the record was anonymized; the partition is -1 for a stream that is not aggregated in place, so never).
     */
    private static boolean inPlace(RawAnonymizer.Outcome<?> outcome, byte[] recordKey, int partition) {
        return outcome.objectPartition() == partition && Arrays.equals(outcome.keyBytes(), recordKey);
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
        // the key and value exactly as received
        context.forward(new Record<Object, Object>(record.key(), record.value(), record.timestamp(), headers), deadLetterChild);
    }

    @Override
    public void close() {
        anonymizer.close();
    }
}
