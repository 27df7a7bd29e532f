package org.opensn.schemas.serde;

import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.opensn.schemas.registry.SchemaRegistryClient;

/**
 * {@link SpecificAvroSerializer} and {@link SpecificAvroDeserializer} sharing one registry client.
 * Usable by class name as a Kafka Streams default serde (then the type comes from
 * {@link SerdeConfig#SPECIFIC_AVRO_VALUE_TYPE} or the writer schema's name).
 *
 * @param <T> the generated record type
 */
public class SpecificAvroSerde<T extends SpecificRecord> implements Serde<T> {

    private final SchemaRegistryClient givenRegistry;
    private final SpecificAvroSerializer<T> serializer = new SpecificAvroSerializer<>();
    private final SpecificAvroDeserializer<T> deserializer;
    private SchemaRegistryClient ownedRegistry;

    public SpecificAvroSerde() {
        this(null, null);
    }

    public SpecificAvroSerde(Class<T> type) {
        this(type, null);
    }

    /** Reads into {@code type} (null: from config) using {@code registry} (null: from config; a given one is not closed). */
    public SpecificAvroSerde(Class<T> type, SchemaRegistryClient registry) {
        this.givenRegistry = registry;
        this.deserializer = new SpecificAvroDeserializer<>(type, null);
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        close();
        SchemaRegistryClient registry = givenRegistry;
        if (registry == null) {
            registry = SerdeSettings.client(configs);
            ownedRegistry = registry;
        }
        serializer.configure(configs, isKey, registry, false);
        deserializer.configure(configs, isKey, registry, false);
    }

    @Override
    public Serializer<T> serializer() {
        return serializer;
    }

    @Override
    public Deserializer<T> deserializer() {
        return deserializer;
    }

    @Override
    public void close() {
        serializer.close();
        deserializer.close();
        if (ownedRegistry != null) {
            ownedRegistry.close();
            ownedRegistry = null;
        }
    }
}
