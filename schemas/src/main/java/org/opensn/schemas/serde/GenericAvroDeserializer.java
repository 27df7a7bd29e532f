package org.opensn.schemas.serde;

import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.opensn.schemas.registry.SchemaRegistryClient;

/** Reads Confluent wire-format Avro into {@link GenericRecord}s with the writer schema (fetched once per id). */
public class GenericAvroDeserializer implements Deserializer<GenericRecord> {

    private final SchemaRegistryClient givenRegistry;
    private WireDeserializer core;

    /** For Kafka configs: the registry comes from {@code schema.registry.url} at {@link #configure}. */
    public GenericAvroDeserializer() {
        this(null);
    }

    /** Uses {@code registry} (not closed by this deserializer) instead of one built from the config. */
    public GenericAvroDeserializer(SchemaRegistryClient registry) {
        this.givenRegistry = registry;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        if (givenRegistry != null) {
            configure(configs, isKey, givenRegistry, false);
        } else {
            configure(configs, isKey, SerdeSettings.client(configs), true);
        }
    }

    void configure(Map<String, ?> configs, boolean isKey, SchemaRegistryClient registry, boolean owned) {
        close();
        core = new WireDeserializer(registry, owned, Readers.generic());
    }

    @Override
    public GenericRecord deserialize(String topic, byte[] data) {
        WireDeserializer c = core;
        if (c == null) {
            throw new IllegalStateException("GenericAvroDeserializer is not configured: call configure(config, isKey) with "
                    + SerdeConfig.SCHEMA_REGISTRY_URL + ", or get one from AvroSerdes");
        }
        Object value = c.deserialize(topic, data);
        if (value == null || value instanceof GenericRecord) {
            return (GenericRecord) value;
        }
        throw new org.apache.kafka.common.errors.SerializationException("cannot deserialize a record of topic " + topic
                + " as a GenericRecord: its schema is not a record but " + value.getClass().getSimpleName());
    }

    @Override
    public void close() {
        if (core != null) {
            core.close();
            core = null;
        }
    }
}
