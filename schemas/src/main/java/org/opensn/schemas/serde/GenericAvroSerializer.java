package org.opensn.schemas.serde;

import java.util.Map;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.opensn.schemas.registry.SchemaRegistryClient;

/**
 * Serializes {@link GenericRecord}s into the Confluent wire format, registering each record's
 * schema under {@code <topic>-value} (or {@code -key}) the first time it is seen.
 */
public class GenericAvroSerializer implements Serializer<GenericRecord> {

    private final SchemaRegistryClient givenRegistry;
    private WireSerializer core;

    /** For Kafka configs: the registry comes from {@code schema.registry.url} at {@link #configure}. */
    public GenericAvroSerializer() {
        this(null);
    }

    /** Uses {@code registry} (not closed by this serializer) instead of one built from the config. */
    public GenericAvroSerializer(SchemaRegistryClient registry) {
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
        core = new WireSerializer(registry, owned, SerdeSettings.autoRegister(configs == null ? Map.of() : configs), isKey);
    }

    @Override
    public byte[] serialize(String topic, GenericRecord data) {
        if (data == null) {
            return null;
        }
        WireSerializer c = core;
        if (c == null) {
            throw new IllegalStateException("GenericAvroSerializer is not configured: call configure(config, isKey) with "
                    + SerdeConfig.SCHEMA_REGISTRY_URL + ", or get one from AvroSerdes");
        }
        return c.serialize(topic, data, ((GenericContainer) data).getSchema());
    }

    @Override
    public void close() {
        if (core != null) {
            core.close();
            core = null;
        }
    }
}
