package org.opensn.streams.topology;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.opensn.schemas.serde.AvroSerdes;

/**
 * Avro binary without a registry, for INTERNAL topics only (repartition, changelog): the writer
 * and reader are the same build of this app, so the schema travels with the code. Contract topics
 * use the registry serdes of opensn-schemas.
 *
 * @param <T> the generated Avro type
 */
final class PlainAvroSerde<T extends SpecificRecord> implements Serde<T>, Serializer<T>, Deserializer<T> {

    private final Class<T> type;
    private final SpecificDatumWriter<T> writer;
    private final SpecificDatumReader<T> reader;

    PlainAvroSerde(Class<T> type) {
        AvroSerdes.trustGeneratedAvroClasses();
        this.type = type;
        this.writer = new SpecificDatumWriter<>(type);
        this.reader = new SpecificDatumReader<>(type);
    }

    @Override
    public byte[] serialize(String topic, T value) {
        if (value == null) {
            return null;
        }
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(128);
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
            writer.write(value, encoder);
            encoder.flush();
            return out.toByteArray();
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("cannot serialize " + type.getSimpleName() + " for topic " + topic + ": " + e.getMessage(), e);
        }
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        try {
            BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(data, null);
            T value = reader.read(null, decoder);
            if (!decoder.isEnd()) {
                throw new IOException("trailing bytes");
            }
            return value;
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("bytes on topic " + topic + " are not a valid " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /** Avro binary of {@code value} (for embedding in another codec). */
    byte[] toBytes(T value) {
        return serialize("(embedded)", value);
    }

    T fromBytes(byte[] data) {
        return deserialize("(embedded)", data);
    }

    @Override
    public Serializer<T> serializer() {
        return this;
    }

    @Override
    public Deserializer<T> deserializer() {
        return this;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
    }

    @Override
    public void close() {
    }
}
