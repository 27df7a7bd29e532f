package org.opensn.schemas.serde;

import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.opensn.schemas.registry.SchemaRegistryClient;

/**
 * Serializes generated Avro records into the Confluent wire format, registering the record's
 * schema under {@code <topic>-value} (or {@code -key}) on first use. Configure it with
 * {@link #configure(Map, boolean)} (Kafka does so when it is named in a client config), or get a
 * configured one from {@link AvroSerdes}.
 *
 * @param <T> the generated record type
 */
public class SpecificAvroSerializer<T extends SpecificRecord> implements Serializer<T> {

    private final SchemaRegistryClient givenRegistry;
    private WireSerializer core;

    /** For Kafka configs: the registry comes from {@code schema.registry.url} at {@link #configure}. */
    public SpecificAvroSerializer() {
        this(null);
    }

    /** Uses {@code registry} (not closed by this serializer) instead of one built from the config. */
    public SpecificAvroSerializer(SchemaRegistryClient registry) {
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
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null;
        }
        return configured().serialize(topic, data, data.getSchema());
    }

    private WireSerializer configured() {
        WireSerializer c = core;
        if (c == null) {
            throw new IllegalStateException(getClass().getSimpleName() + " is not configured: call configure(config, isKey) with "
                    + SerdeConfig.SCHEMA_REGISTRY_URL + ", or get one from AvroSerdes");
        }
        return c;
    }

    @Override
    public void close() {
        if (core != null) {
            core.close();
            core = null;
        }
    }
}
