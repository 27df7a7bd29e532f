package org.opensn.streams.topology;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Utils;

/**
 * The pure part of the anonymize step for one raw topic: its record value's bytes in, an
 * {@link Outcome} out (the contribution, its key and the anonymized record as the anonymized topic
 * stores it, or why the record is rejected). The {@link AnonymizeProcessor} runs it on the stream
 * thread; {@link AnonymizeAhead} runs the same function on its worker threads for records the stream
 * thread has polled but not processed yet. Thread-safe when its serdes and step are (the contract
 * serdes, the anonymizer and the device hasher are).
 *
 * <p>A record that cannot be read or is invalid is a rejection, never an exception. Writing the
 * anonymized record is not the record's fault: when that fails (the registry refuses or cannot be
 * reached) the exception goes up, as it would from the anonymized topic's sink.
 *
 * @param <R> the raw Avro type
 * @param <C> the contribution type
 */
final class RawAnonymizer<R, C> implements AutoCloseable {

    /**
     * What anonymizing one raw record gave: a contribution with its key (which may be null) and the bytes of its
     * anonymized record (the Confluent wire format of the anonymized topic's value schema), or the reason it is
     * rejected ({@code "deserialization: ..."} or {@code "validation: ..."}). The key comes with its bytes as the
     * {@code String} serde writes them (UTF-8), which the anonymized topic's sink writes as they are (null for a null
     * key), and for a stream aggregated in place with the object partition Kafka's default partitioner gives them,
     * which the anonymize processor's in-place check compares with the record's key and partition (otherwise -1).
     * Computed here, they are computed on the worker thread for the records anonymized ahead.
     */
    record Outcome<C>(C contribution, String key, byte[] keyBytes, int objectPartition, byte[] anonymized, String rejection) {

        static <C> Outcome<C> rejected(String stage, RuntimeException e) {
            return new Outcome<>(null, null, null, -1, null, stage + ": " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }

        boolean isRejected() {
            return rejection != null;
        }
    }

    private final Serde<R> rawSerde;
    private final Deserializer<R> deserializer;
    private final AnonymizeStep<R, C> step;
    private final String anonymizedTopic;
    private final Serde<?> anonymizedSerde;
    private final Serializer<Object> serializer;
    private final int objectPartitions;

    /**
     * @param rawSerde        reads the raw topic's values
     * @param step            anonymizes a raw event
     * @param anonymizedTopic the topic the anonymized records are written to (its serializer's subject)
     * @param anonymizedSerde  writes the anonymized records (of the type the step's {@link AnonymizeStep#anonymized} returns)
     * @param objectPartitions partitions of the object statistics; 0 when this stream's records are never aggregated in place
     */
    @SuppressWarnings("unchecked")
    RawAnonymizer(Serde<R> rawSerde, AnonymizeStep<R, C> step, String anonymizedTopic, Serde<?> anonymizedSerde, int objectPartitions) {
        this.rawSerde = rawSerde;
        this.deserializer = rawSerde.deserializer();
        this.step = step;
        this.anonymizedTopic = anonymizedTopic;
        this.anonymizedSerde = anonymizedSerde;
        // the step's anonymized record is of the serde's type (DetectionStep: AnonymizedDetection, ...)
        this.serializer = (Serializer<Object>) anonymizedSerde.serializer();
        this.objectPartitions = objectPartitions;
    }

    /** Deserializes {@code value} (a record of {@code topic}), anonymizes it and serializes the anonymized record. */
    Outcome<C> anonymize(String topic, Headers headers, byte[] value) {
        R raw;
        try {
            if (value == null) {
                throw new IllegalArgumentException("value is null (a tombstone has no meaning on a raw topic)");
            }
            raw = deserializer.deserialize(topic, headers, value);
        } catch (RuntimeException e) {
            return Outcome.rejected("deserialization", e);
        }
        C contribution;
        String key;
        try {
            contribution = step.contribute(raw);
            key = step.keyOf(contribution);
        } catch (RuntimeException e) {
            return Outcome.rejected("validation", e);
        }
        byte[] anonymized = serializer.serialize(anonymizedTopic, step.anonymized(contribution));
        if (key == null) {
            return new Outcome<>(contribution, null, null, -1, anonymized, null);
        }
        byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
        int objectPartition = objectPartitions == 0 ? -1 : Utils.toPositive(Utils.murmur2(keyBytes)) % objectPartitions;
        return new Outcome<>(contribution, key, keyBytes, objectPartition, anonymized, null);
    }

    /** The event time of a contribution this anonymizer made (epoch millis). */
    long eventTimeOf(C contribution) {
        return step.eventTimeOf(contribution);
    }

    /** Closes both serdes (and so their registry clients, when they own them). */
    @Override
    public void close() {
        rawSerde.close();
        anonymizedSerde.close();
    }
}
