package org.opensn.schemas.serde;

import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.opensn.schemas.registry.SchemaRegistryClient;

/** {@link GenericAvroSerializer} and {@link GenericAvroDeserializer} sharing one registry client. */
public class GenericAvroSerde implements Serde<GenericRecord> {

    private final SchemaRegistryClient givenRegistry;
    private final GenericAvroSerializer serializer = new GenericAvroSerializer();
    private final GenericAvroDeserializer deserializer = new GenericAvroDeserializer();
    private SchemaRegistryClient ownedRegistry;

    public GenericAvroSerde() {
        this(null);
    }

    /** Uses {@code registry} (not closed by this serde) instead of one built from the config. */
    public GenericAvroSerde(SchemaRegistryClient registry) {
        this.givenRegistry = registry;
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
    public Serializer<GenericRecord> serializer() {
        return serializer;
    }

    @Override
    public Deserializer<GenericRecord> deserializer() {
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
