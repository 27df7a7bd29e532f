package org.opensn.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.opensn.schemas.Topics;
import org.opensn.schemas.avro.AnalystVerdict;
import org.opensn.schemas.avro.DetectionEvent;
import org.opensn.schemas.avro.ReputationVerdict;
import org.opensn.schemas.avro.Verdict;
import org.opensn.schemas.registry.CompatibilityCheck;
import org.opensn.schemas.registry.Compatibility;
import org.opensn.schemas.registry.MockSchemaRegistry;
import org.opensn.schemas.registry.RegisteredSchema;
import org.opensn.schemas.registry.SchemaRegistryClient;
import org.opensn.schemas.registry.SchemaRegistryException;
import org.opensn.schemas.testing.ContractSamples;

class AvroSerdesTest {

    private final String scope = "serdes-test-" + UUID.randomUUID();
    private final Map<String, Object> config = Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, "mock://" + scope);
    private final SchemaRegistryClient registry = MockSchemaRegistry.client(scope);

    @AfterEach
    void dropScope() {
        MockSchemaRegistry.dropScope(scope);
    }

    static List<SpecificRecord> samples() {
        return ContractSamples.all();
    }

    @ParameterizedTest
    @MethodSource("samples")
    @SuppressWarnings({"unchecked", "rawtypes"})
    void everyContractRecordRoundTripsThroughTheSpecificSerde(SpecificRecord record) {
        try (Serde serde = AvroSerdes.specific((Class) record.getClass(), config, false)) {
            byte[] bytes = serde.serializer().serialize("t1", record);
            Object back = serde.deserializer().deserialize("t1", bytes);
            assertThat(back).isInstanceOf(record.getClass()).isEqualTo(record);
        }
    }

    @ParameterizedTest
    @MethodSource("samples")
    void bytesAreMagicByteThenBigEndianIdThenPlainAvroBinary(SpecificRecord record) throws IOException {
        try (Serializer<GenericRecord> serializer = AvroSerdes.generic(config, false).serializer()) {
            byte[] bytes = serializer.serialize("wire", (GenericRecord) record);

            int id = registry.lookUpId("wire-value", record.getSchema());
            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            expected.write(0);
            expected.write(ByteBuffer.allocate(4).putInt(id).array());
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(expected, null);
            new SpecificDatumWriter<>(record.getSchema(), SpecificData.getForClass(record.getClass())).write(record, encoder);
            encoder.flush();
            assertThat(bytes).isEqualTo(expected.toByteArray());
        }
    }

    @Test
    void decodesWithPlainAvroAndTheSchemaFetchedById() throws IOException {
        ReputationVerdict verdict = ContractSamples.verdict();
        byte[] bytes = AvroSerdes.specific(ReputationVerdict.class, config, false).serializer().serialize("plain", verdict);

        assertThat(bytes[0]).isZero();
        int id = ByteBuffer.wrap(bytes, 1, 4).getInt();
        Schema writer = registry.schemaById(id);
        GenericRecord decoded = new GenericDatumReader<GenericRecord>(writer)
                .read(null, DecoderFactory.get().binaryDecoder(bytes, 5, bytes.length - 5, null));
        assertThat(decoded.get("objectRef")).hasToString(verdict.getObjectRef());
        assertThat(decoded.get("version")).isEqualTo(3L);
        assertThat(decoded.get("updatedAt")).isEqualTo(ContractSamples.T0.toEpochMilli());
        assertThat(decoded.get("verdict")).hasToString("MALICIOUS");
    }

    @Test
    void registersUnderTheTopicNameSubjectForKeysAndValues() {
        Topics topics = Topics.withPrefix("subj-" + UUID.randomUUID() + ".");
        Serde<ReputationVerdict> values = AvroSerdes.valueSerde(topics.verdicts(), config);
        Serde<ReputationVerdict> keys = AvroSerdes.specific(ReputationVerdict.class, config, true);
        values.serializer().serialize(topics.verdicts().name(), ContractSamples.verdict());
        keys.serializer().serialize(topics.verdicts().name(), ContractSamples.verdict());

        RegisteredSchema value = registry.latest(topics.verdicts().valueSubject());
        RegisteredSchema key = registry.latest(topics.verdicts().name() + "-key");
        assertThat(value.schema()).isEqualTo(ReputationVerdict.getClassSchema());
        assertThat(key.id()).isEqualTo(value.id());
    }

    @Test
    void nullIsATombstoneBothWays() {
        Serde<ReputationVerdict> serde = AvroSerdes.specific(ReputationVerdict.class, config, false);
        assertThat(serde.serializer().serialize("t", null)).isNull();
        assertThat(serde.deserializer().deserialize("t", null)).isNull();
        Serde<GenericRecord> generic = AvroSerdes.generic(config, false);
        assertThat(generic.serializer().serialize("t", null)).isNull();
        assertThat(generic.deserializer().deserialize("t", null)).isNull();
    }

    @Test
    void asksTheRegistryOncePerSchemaNotPerRecord() {
        CountingRegistry counting = new CountingRegistry(registry);
        Serde<ReputationVerdict> serde = AvroSerdes.specific(ReputationVerdict.class, counting, Map.of(), false);
        for (int i = 0; i < 100; i++) {
            ReputationVerdict v = ContractSamples.verdict();
            v.setVersion(i);
            byte[] bytes = serde.serializer().serialize("cache", v);
            assertThat(serde.deserializer().deserialize("cache", bytes).getVersion()).isEqualTo(i);
        }
        assertThat(counting.registers.get()).isEqualTo(1);
        assertThat(counting.byId.get()).isLessThanOrEqualTo(1);
    }

    @Test
    void badMagicByteFailsWithAClearMessage() {
        Serde<ReputationVerdict> serde = AvroSerdes.specific(ReputationVerdict.class, config, false);
        byte[] bytes = serde.serializer().serialize("magic", ContractSamples.verdict());
        bytes[0] = 0x7b;
        assertThatThrownBy(() -> serde.deserializer().deserialize("magic", bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("topic magic")
                .hasMessageContaining("unknown magic byte 0x7b");
    }

    @Test
    void tooShortDataFails() {
        Serde<GenericRecord> serde = AvroSerdes.generic(config, false);
        assertThatThrownBy(() -> serde.deserializer().deserialize("short", new byte[] {0, 0, 1}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("3 bytes are too few");
    }

    @Test
    void unknownSchemaIdFailsNamingIdAndRegistry() {
        Serde<ReputationVerdict> serde = AvroSerdes.specific(ReputationVerdict.class, config, false);
        byte[] bytes = serde.serializer().serialize("unknown", ContractSamples.verdict());
        ByteBuffer.wrap(bytes).putInt(1, 987_654);
        assertThatThrownBy(() -> serde.deserializer().deserialize("unknown", bytes))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("topic unknown")
                .hasMessageContaining("schema id 987654")
                .hasMessageContaining("mock://" + scope)
                .hasMessageContaining("40403");
    }

    @Test
    void truncatedAvroDataFailsNamingTheSchemaId() {
        Serde<ReputationVerdict> serde = AvroSerdes.specific(ReputationVerdict.class, config, false);
        byte[] bytes = serde.serializer().serialize("trunc", ContractSamples.verdict());
        byte[] cut = java.util.Arrays.copyOf(bytes, 12);
        assertThatThrownBy(() -> serde.deserializer().deserialize("trunc", cut))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("schema id " + ByteBuffer.wrap(bytes, 1, 4).getInt())
                .hasMessageContaining("does not match");
    }

    @Test
    void incompatibleSchemaIsRefusedWithTheRegistryReason() {
        String topic = "incompat";
        AvroSerdes.specific(ReputationVerdict.class, config, false).serializer().serialize(topic, ContractSamples.verdict());
        // a new required field without a default cannot read old data: not BACKWARD compatible
        Schema changed = SchemaBuilder.record("ReputationVerdict").namespace("org.opensn.schemas.avro").fields()
                .requiredString("objectRef").requiredString("mandatoryNewField").endRecord();
        GenericRecord record = new GenericData.Record(changed);
        record.put("objectRef", "file:x");
        record.put("mandatoryNewField", "y");

        assertThatThrownBy(() -> AvroSerdes.generic(config, false).serializer().serialize(topic, record))
                .isInstanceOf(SchemaRegistryException.class)
                .satisfies(e -> assertThat(((SchemaRegistryException) e).isIncompatible()).isTrue())
                .hasMessageContaining("refused schema for subject incompat-value")
                .hasMessageContaining("error 40901 incompatible")
                .hasMessageContaining("mandatoryNewField");
    }

    @Test
    void specificReaderResolvesRecordsWrittenWithAnOlderSchema() {
        // v0 of ReputationVerdict: fewer fields; the current class adds fields with defaults
        Schema v0 = SchemaBuilder.record("ReputationVerdict").namespace("org.opensn.schemas.avro").fields()
                .requiredString("objectRef")
                .name("verdict").type(Verdict.getClassSchema()).noDefault()
                .requiredDouble("confidence").requiredLong("version")
                .name("source").type(org.opensn.schemas.avro.VerdictSource.getClassSchema()).noDefault()
                .name("updatedAt").type(org.apache.avro.LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG))).noDefault()
                .endRecord();
        GenericRecord old = new GenericData.Record(v0);
        old.put("objectRef", "domain:example.com");
        old.put("verdict", new GenericData.EnumSymbol(Verdict.getClassSchema(), "SUSPICIOUS"));
        old.put("confidence", 0.5);
        old.put("version", 9L);
        old.put("source", new GenericData.EnumSymbol(org.opensn.schemas.avro.VerdictSource.getClassSchema(), "ANALYST"));
        old.put("updatedAt", ContractSamples.T0.toEpochMilli());
        byte[] bytes = AvroSerdes.generic(config, false).serializer().serialize("evolve", old);

        ReputationVerdict read = AvroSerdes.specific(ReputationVerdict.class, config, false).deserializer().deserialize("evolve", bytes);
        assertThat(read.getObjectRef()).isEqualTo("domain:example.com");
        assertThat(read.getVerdict()).isEqualTo(Verdict.SUSPICIOUS);
        assertThat(read.getVersion()).isEqualTo(9L);
        assertThat(read.getReason()).isNull();
        assertThat(read.getUpdatedAt()).isEqualTo(ContractSamples.T0);
    }

    @Test
    void specificDeserializerRefusesRecordsOfAnotherType() {
        byte[] bytes = AvroSerdes.specific(AnalystVerdict.class, config, false).serializer().serialize("wrong", ContractSamples.analystVerdict());
        Deserializer<DetectionEvent> deserializer = AvroSerdes.specific(DetectionEvent.class, config, false).deserializer();
        assertThatThrownBy(() -> deserializer.deserialize("wrong", bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("org.opensn.schemas.avro.AnalystVerdict")
                .hasMessageContaining("cannot be read as org.opensn.schemas.avro.DetectionEvent");
    }

    @Test
    void withoutAutoRegisterAnUnregisteredSchemaFailsAndARegisteredOneWorks() {
        Map<String, Object> noRegister = Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, "mock://" + scope, SerdeConfig.AUTO_REGISTER_SCHEMAS, "false");
        Serializer<ReputationVerdict> serializer = AvroSerdes.specific(ReputationVerdict.class, noRegister, false).serializer();
        assertThatThrownBy(() -> serializer.serialize("noreg", ContractSamples.verdict()))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("noreg-value")
                .hasMessageContaining("auto.register.schemas");

        int id = registry.register("noreg-value", ReputationVerdict.getClassSchema());
        byte[] bytes = serializer.serialize("noreg", ContractSamples.verdict());
        assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(id);
    }

    @Test
    void classesNamedInAKafkaConfigWork() {
        Map<String, Object> kafka = new HashMap<>(config);
        kafka.put(SerdeConfig.SPECIFIC_AVRO_VALUE_TYPE, ReputationVerdict.class.getName());
        try (SpecificAvroSerializer<ReputationVerdict> serializer = new SpecificAvroSerializer<>();
             SpecificAvroDeserializer<ReputationVerdict> deserializer = new SpecificAvroDeserializer<>();
             SpecificAvroDeserializer<ReputationVerdict> byWriterName = new SpecificAvroDeserializer<>();
             GenericAvroDeserializer generic = new GenericAvroDeserializer()) {
            serializer.configure(kafka, false);
            deserializer.configure(kafka, false);
            byWriterName.configure(config, false);
            generic.configure(config, false);
            byte[] bytes = serializer.serialize("named", ContractSamples.verdict());
            assertThat(deserializer.deserialize("named", bytes)).isEqualTo(ContractSamples.verdict());
            assertThat(byWriterName.deserialize("named", bytes)).isEqualTo(ContractSamples.verdict());
            assertThat(generic.deserialize("named", bytes).get("objectRef")).hasToString(ContractSamples.verdict().getObjectRef());
        }
    }

    @Test
    void missingRegistryUrlIsAConfigErrorThatSaysWhatToSet() {
        assertThatThrownBy(() -> AvroSerdes.specific(ReputationVerdict.class, Map.of(), false))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("schema.registry.url is not set");
        assertThatThrownBy(() -> AvroSerdes.generic(Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, "ftp://x"), false))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("expected http://host:port");
    }

    @Test
    void unconfiguredSerializerSaysHowToConfigureIt() {
        assertThatThrownBy(() -> new SpecificAvroSerializer<ReputationVerdict>().serialize("t", ContractSamples.verdict()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not configured");
    }

    @Test
    void aRecordThatBreaksItsSchemaFailsWithoutLeakingItsContent() {
        DetectionEvent broken = ContractSamples.detection();
        broken.setHostName(null); // required field
        Serializer<DetectionEvent> serializer = AvroSerdes.specific(DetectionEvent.class, config, false).serializer();
        assertThatThrownBy(() -> serializer.serialize("broken", broken))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("DetectionEvent")
                .hasMessageContaining("broken-value")
                .hasMessageNotContaining("alice");
    }

    @Test
    void concurrentUseFromManyThreadsRoundTrips() throws Exception {
        Serde<DetectionEvent> serde = AvroSerdes.specific(DetectionEvent.class, config, false);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new java.util.ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    for (int i = 0; i < 500; i++) {
                        DetectionEvent e = ContractSamples.detection();
                        e.setObjectSize(thread * 1_000_000L + i);
                        e.setThreatName("T" + "x".repeat(i % 50));
                        DetectionEvent back = serde.deserializer().deserialize("conc", serde.serializer().serialize("conc", e));
                        if (!back.equals(e)) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> r : results) {
                assertThat(r.get(60, TimeUnit.SECONDS)).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void oneHugeRecordDoesNotBreakLaterSmallOnes() {
        Serde<DetectionEvent> serde = AvroSerdes.specific(DetectionEvent.class, config, false);
        DetectionEvent huge = ContractSamples.detection();
        huge.setObjectPath("x".repeat(3 << 20));
        assertThat(serde.deserializer().deserialize("huge", serde.serializer().serialize("huge", huge))).isEqualTo(huge);
        DetectionEvent small = ContractSamples.detection();
        assertThat(serde.deserializer().deserialize("huge", serde.serializer().serialize("huge", small))).isEqualTo(small);
    }

    /** Counts registry calls; delegates to the mock registry. */
    private static final class CountingRegistry implements SchemaRegistryClient {
        final SchemaRegistryClient delegate;
        final AtomicInteger registers = new AtomicInteger();
        final AtomicInteger byId = new AtomicInteger();

        CountingRegistry(SchemaRegistryClient delegate) {
            this.delegate = delegate;
        }

        @Override public String url() { return delegate.url(); }
        @Override public int register(String subject, Schema schema) { registers.incrementAndGet(); return delegate.register(subject, schema); }
        @Override public int lookUpId(String subject, Schema schema) { return delegate.lookUpId(subject, schema); }
        @Override public Schema schemaById(int id) { byId.incrementAndGet(); return delegate.schemaById(id); }
        @Override public RegisteredSchema latest(String subject) { return delegate.latest(subject); }
        @Override public CompatibilityCheck checkCompatibility(String subject, Schema schema) { return delegate.checkCompatibility(subject, schema); }
        @Override public Compatibility globalCompatibility() { return delegate.globalCompatibility(); }
        @Override public void setGlobalCompatibility(Compatibility level) { delegate.setGlobalCompatibility(level); }
        @Override public Compatibility compatibility(String subject) { return delegate.compatibility(subject); }
        @Override public void setCompatibility(String subject, Compatibility level) { delegate.setCompatibility(subject, level); }
        @Override public void close() { }
    }
}
