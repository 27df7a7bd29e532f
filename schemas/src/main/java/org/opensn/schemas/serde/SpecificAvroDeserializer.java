package org.opensn.schemas.serde;

import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.opensn.schemas.registry.SchemaRegistryClient;

/**
 * Reads Confluent wire-format Avro into a generated class. The reader schema is the class's own
 * schema: a record written with an older or newer compatible schema (fetched once by id) is
 * resolved by Avro's schema resolution. The class is given to the constructor, or configured with
 * {@link SerdeConfig#SPECIFIC_AVRO_VALUE_TYPE} / {@link SerdeConfig#SPECIFIC_AVRO_KEY_TYPE}; when
 * neither is set, it is the class named by the writer schema.
 *
 * @param <T> the generated record type
 */
public class SpecificAvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {

    private final Class<T> givenType;
    private final SchemaRegistryClient givenRegistry;
    private WireDeserializer core;

    /** For Kafka configs: type and registry come from the config at {@link #configure}. */
    public SpecificAvroDeserializer() {
        this(null, null);
    }

    /** Reads into {@code type}; the registry comes from the config. */
    public SpecificAvroDeserializer(Class<T> type) {
        this(type, null);
    }

    /**
     * Reads into {@code type} (null: from config or the writer schema's name) using {@code registry}
     * (null: built from the config; a given one is not closed by this deserializer).
     */
    public SpecificAvroDeserializer(Class<T> type, SchemaRegistryClient registry) {
        this.givenType = type;
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
        Class<?> type = givenType != null ? givenType
                : SerdeSettings.type(configs, isKey ? SerdeConfig.SPECIFIC_AVRO_KEY_TYPE : SerdeConfig.SPECIFIC_AVRO_VALUE_TYPE);
        WireDeserializer.ReaderFactory readers;
        try {
            readers = type == null ? Readers.specificByWriterName() : Readers.specific(type);
        } catch (IllegalArgumentException e) {
            if (owned) {
                registry.close();
            }
            throw new org.apache.kafka.common.config.ConfigException(e.getMessage());
        }
        core = new WireDeserializer(registry, owned, readers);
    }

    @Override
    @SuppressWarnings("unchecked")
    public T deserialize(String topic, byte[] data) {
        WireDeserializer c = core;
        if (c == null) {
            throw new IllegalStateException("SpecificAvroDeserializer is not configured: call configure(config, isKey) with "
                    + SerdeConfig.SCHEMA_REGISTRY_URL + ", or get one from AvroSerdes");
        }
        return (T) c.deserialize(topic, data);
    }

    @Override
    public void close() {
        if (core != null) {
            core.close();
            core = null;
        }
    }
}
