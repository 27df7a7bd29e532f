package org.opensn.schemas.serde;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.DatumReader;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.kafka.common.errors.SerializationException;

/** The reader strategies: generic (writer schema), specific to one class, or specific by writer name. */
final class Readers {

    static {
        GeneratedClassTrust.install();
    }

    private Readers() {
    }

    static WireDeserializer.ReaderFactory generic() {
        return (topic, id, writer) -> new GenericDatumReader<>(writer, writer, GenericData.get());
    }

    /** Reads into {@code type}, resolving from whatever compatible schema wrote the record. */
    static WireDeserializer.ReaderFactory specific(Class<?> type) {
        SpecificData model = SpecificData.getForClass(type);
        Schema readerSchema = model.getSchema(type);
        if (readerSchema == null || readerSchema.getType() != Schema.Type.RECORD) {
            throw new IllegalArgumentException(type.getName() + " is not a generated Avro record class");
        }
        return (topic, id, writer) -> resolving(topic, id, writer, readerSchema, model);
    }

    /** Reads into the generated class named by the writer schema (Confluent's specific.avro.reader=true). */
    static WireDeserializer.ReaderFactory specificByWriterName() {
        return (topic, id, writer) -> {
            Class<?> type = SpecificData.get().getClass(writer);
            if (type == null || type == Object.class) {
                throw new SerializationException("cannot deserialize a record of topic " + topic + " written with schema id " + id
                        + ": no generated class " + writer.getFullName() + " on the classpath; set "
                        + SerdeConfig.SPECIFIC_AVRO_VALUE_TYPE + " (or " + SerdeConfig.SPECIFIC_AVRO_KEY_TYPE
                        + ") or use GenericAvroDeserializer");
            }
            SpecificData model = SpecificData.getForClass(type);
            return resolving(topic, id, writer, model.getSchema(type), model);
        };
    }

    private static DatumReader<Object> resolving(String topic, int id, Schema writer, Schema reader, SpecificData model) {
        SchemaPairCompatibility result = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
        if (result.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            StringBuilder why = new StringBuilder();
            for (Incompatibility i : result.getResult().getIncompatibilities()) {
                why.append(why.isEmpty() ? "" : "; ").append(i.getType()).append(" at ").append(i.getLocation());
            }
            throw new SerializationException("cannot deserialize a record of topic " + topic + ": schema id " + id + " ("
                    + writer.getFullName() + ") cannot be read as " + reader.getFullName() + ": " + why);
        }
        return new SpecificDatumReader<>(writer, reader, model);
    }
}
