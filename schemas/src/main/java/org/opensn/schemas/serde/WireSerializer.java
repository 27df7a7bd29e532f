package org.opensn.schemas.serde;

import java.io.IOException;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.opensn.schemas.registry.SchemaRegistryClient;
import org.opensn.schemas.registry.SchemaRegistryException;

/**
 * Writes the Confluent wire format. The registry is asked once per (subject, schema); datum writers
 * are cached per schema; the byte buffer and encoder are reused per thread, so a record costs the
 * one result array.
 */
final class WireSerializer implements AutoCloseable {

    private final SchemaRegistryClient registry;
    private final boolean ownsRegistry;
    private final boolean autoRegister;
    private final String subjectSuffix;
    /** topic -> its subject and the ids of the schemas seen on it. */
    private final ConcurrentHashMap<String, SubjectIds> subjects = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Schema, DatumWriter<Object>> specificWriters = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Schema, DatumWriter<Object>> genericWriters = new ConcurrentHashMap<>();

    private record SubjectIds(String subject, ConcurrentHashMap<Schema, Integer> ids) {
    }

    WireSerializer(SchemaRegistryClient registry, boolean ownsRegistry, boolean autoRegister, boolean isKey) {
        this.registry = registry;
        this.ownsRegistry = ownsRegistry;
        this.autoRegister = autoRegister;
        this.subjectSuffix = isKey ? "-key" : "-value";
    }

    byte[] serialize(String topic, Object record, Schema schema) {
        if (topic == null) {
            throw new SerializationException("cannot serialize " + schema.getFullName() + ": the topic is null (the subject is <topic>"
                    + subjectSuffix + ")");
        }
        SubjectIds subject = subjects.get(topic);
        if (subject == null) {
            subject = subjects.computeIfAbsent(topic, t -> new SubjectIds(t + subjectSuffix, new ConcurrentHashMap<>()));
        }
        Integer id = subject.ids().get(schema);
        if (id == null) {
            id = schemaId(topic, subject.subject(), schema);
            subject.ids().putIfAbsent(schema, id);
        }
        DatumWriter<Object> writer = writer(record, schema);
        WireFormat.Buffers buffers = WireFormat.buffers();
        WireFormat.Output out = buffers.output;
        try {
            out.writeHeader(id);
            buffers.encoder = EncoderFactory.get().binaryEncoder(out, buffers.encoder);
            writer.write(record, buffers.encoder);
            buffers.encoder.flush();
            return out.toByteArray();
        } catch (IOException | RuntimeException e) {
            buffers.encoder = null;
            throw new SerializationException("cannot serialize " + schema.getFullName() + " for topic " + topic + " (subject "
                    + subject.subject() + ", schema id " + id + "): the record does not match its schema: " + SerdeSettings.brief(e), e);
        } finally {
            buffers.trim();
        }
    }

    private int schemaId(String topic, String subject, Schema schema) {
        try {
            return autoRegister ? registry.register(subject, schema) : registry.lookUpId(subject, schema);
        } catch (SchemaRegistryException e) {
            throw new SchemaRegistryException("cannot serialize " + schema.getFullName() + " for topic " + topic + ": " + e.getMessage(),
                    e.registryUrl(), e.httpStatus(), e.errorCode(), e);
        }
    }

    private DatumWriter<Object> writer(Object record, Schema schema) {
        if (record instanceof SpecificRecord) {
            DatumWriter<Object> writer = specificWriters.get(schema);
            if (writer == null) {
                writer = specificWriters.computeIfAbsent(schema, s -> new SpecificDatumWriter<>(s, SpecificData.getForClass(record.getClass())));
            }
            return writer;
        }
        DatumWriter<Object> writer = genericWriters.get(schema);
        if (writer == null) {
            writer = genericWriters.computeIfAbsent(schema, s -> new GenericDatumWriter<>(s, GenericData.get()));
        }
        return writer;
    }

    @Override
    public void close() {
        if (ownsRegistry) {
            registry.close();
        }
    }
}
