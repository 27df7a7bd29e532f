package org.opensn.schemas.serde;

import java.io.IOException;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.common.errors.SerializationException;
import org.opensn.schemas.registry.SchemaRegistryClient;
import org.opensn.schemas.registry.SchemaRegistryException;

/**
 * Reads the Confluent wire format. The writer schema is fetched once per id; a datum reader per id
 * resolves it to the reader schema chosen by {@code readerFor}.
 */
final class WireDeserializer implements AutoCloseable {

    private final SchemaRegistryClient registry;
    private final boolean ownsRegistry;
    /** writer schema -> datum reader (generic: same schema; specific: the generated class's). */
    private final ReaderFactory readerFor;
    private final ConcurrentHashMap<Integer, DatumReader<Object>> readers = new ConcurrentHashMap<>();

    /** Makes the datum reader for records written with one schema id. */
    interface ReaderFactory {
        /**
         * @throws SerializationException when records of this writer schema cannot be read
         */
        DatumReader<Object> create(String topic, int id, Schema writer);
    }

    WireDeserializer(SchemaRegistryClient registry, boolean ownsRegistry, ReaderFactory readerFor) {
        this.registry = registry;
        this.ownsRegistry = ownsRegistry;
        this.readerFor = readerFor;
    }

    Object deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (data.length < WireFormat.HEADER_SIZE) {
            throw new SerializationException("cannot deserialize a record of topic " + topic + ": " + data.length
                    + " bytes are too few for the Confluent wire format (magic byte 0, 4-byte schema id, Avro data)");
        }
        if (data[0] != WireFormat.MAGIC_BYTE) {
            throw new SerializationException(String.format("cannot deserialize a record of topic %s: unknown magic byte 0x%02x"
                    + " (expected 0x00): not written by a Confluent wire-format Avro serializer", topic, data[0] & 0xff));
        }
        int id = WireFormat.readId(data);
        DatumReader<Object> reader = readers.get(id);
        if (reader == null) {
            // not computeIfAbsent: the registry call must not hold a map lock; the client dedupes calls
            DatumReader<Object> created = readerFor.create(topic, id, writerSchema(topic, id));
            DatumReader<Object> raced = readers.putIfAbsent(id, created);
            reader = raced != null ? raced : created;
        }
        WireFormat.Buffers buffers = WireFormat.buffers();
        try {
            buffers.decoder = DecoderFactory.get().binaryDecoder(data, WireFormat.HEADER_SIZE, data.length - WireFormat.HEADER_SIZE,
                    buffers.decoder);
            return reader.read(null, buffers.decoder);
        } catch (IOException | RuntimeException e) {
            buffers.decoder = null;
            throw new SerializationException("cannot deserialize a record of topic " + topic + " written with schema id " + id
                    + " (registry " + registry.url() + "): the Avro data does not match that schema: " + SerdeSettings.brief(e), e);
        }
    }

    private Schema writerSchema(String topic, int id) {
        try {
            return registry.schemaById(id);
        } catch (SchemaRegistryException e) {
            throw new SchemaRegistryException("cannot deserialize a record of topic " + topic + ": " + e.getMessage(),
                    e.registryUrl(), e.httpStatus(), e.errorCode(), e);
        }
    }

    @Override
    public void close() {
        if (ownsRegistry) {
            registry.close();
        }
    }
}
