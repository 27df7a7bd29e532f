package org.opensn.schemas.serde;

import java.util.Map;
import java.util.Objects;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.opensn.schemas.Topic;
import org.opensn.schemas.registry.SchemaRegistryClient;

/**
 * Configured Confluent wire-format Avro serdes. The config map holds at least
 * {@link SerdeConfig#SCHEMA_REGISTRY_URL}; the other keys are in {@link SerdeConfig}.
 *
 * <pre>{@code
 * Map<String, Object> config = Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, registryUrl);
 * Serde<ReputationVerdict> values = AvroSerdes.specific(ReputationVerdict.class, config, false);
 * Serde<ReputationVerdict> same = AvroSerdes.valueSerde(topics.verdicts(), config);
 * }</pre>
 *
 * Each serde owns one registry client (closed with the serde) and caches schema ids, so create
 * one per type and reuse it rather than one per record.
 */
public final class AvroSerdes {

    private AvroSerdes() {
    }

    /**
     * A serde of generated records of {@code type}, already configured.
     *
     * @param isKey true for record keys (subject {@code <topic>-key}), false for values ({@code <topic>-value})
     * @throws org.apache.kafka.common.config.ConfigException when the registry URL is missing or a setting is invalid
     */
    public static <T extends SpecificRecord> Serde<T> specific(Class<T> type, Map<String, ?> config, boolean isKey) {
        Objects.requireNonNull(type, "type");
        SpecificAvroSerde<T> serde = new SpecificAvroSerde<>(type);
        serde.configure(config, isKey);
        return serde;
    }

    /** Like {@link #specific(Class, Map, boolean)} but on a given registry client, which the serde does not close. */
    public static <T extends SpecificRecord> Serde<T> specific(Class<T> type, SchemaRegistryClient registry, Map<String, ?> config,
            boolean isKey) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(registry, "registry");
        SpecificAvroSerde<T> serde = new SpecificAvroSerde<>(type, registry);
        serde.configure(config, isKey);
        return serde;
    }

    /** A configured serde of {@link GenericRecord}s; the deserializer reads with the writer schema. */
    public static Serde<GenericRecord> generic(Map<String, ?> config, boolean isKey) {
        GenericAvroSerde serde = new GenericAvroSerde();
        serde.configure(config, isKey);
        return serde;
    }

    /** Like {@link #generic(Map, boolean)} but on a given registry client, which the serde does not close. */
    public static Serde<GenericRecord> generic(SchemaRegistryClient registry, Map<String, ?> config, boolean isKey) {
        Objects.requireNonNull(registry, "registry");
        GenericAvroSerde serde = new GenericAvroSerde(registry);
        serde.configure(config, isKey);
        return serde;
    }

    /**
     * Makes Avro 1.12 trust generated classes (SpecificRecord, generated enums, SpecificFixed) when a
     * schema names them; without it, reading specific records fails with "Forbidden ... This class is
     * not trusted". The deserializers here call it themselves; call it before using Avro's
     * {@code SpecificDatumReader} directly (e.g. with a JSON decoder). Adds to, never replaces, the
     * configured trust. Idempotent.
     */
    public static void trustGeneratedAvroClasses() {
        GeneratedClassTrust.install();
    }

    /** The value serde of a contract topic: {@code specific(topic.valueType(), config, false)}. */
    public static <V extends SpecificRecord> Serde<V> valueSerde(Topic<V> topic, Map<String, ?> config) {
        return specific(topic.valueType(), config, false);
    }
}
