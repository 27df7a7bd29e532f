package org.opensn.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.opensn.schemas.registry.MockSchemaRegistry;
import org.opensn.schemas.testing.ContractSamples;
import org.opensn.schemas.testing.RandomRecords;

/** Random records of every contract schema: generic and specific serdes agree with plain Avro. */
class AvroSerdesProperties {

    private static final String SCOPE = "serde-properties";
    private static final Map<String, Object> CONFIG = Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, "mock://" + SCOPE);
    private static final Serde<GenericRecord> GENERIC = AvroSerdes.generic(CONFIG, false);

    @AfterContainer
    static void drop() {
        MockSchemaRegistry.dropScope(SCOPE);
    }

    @Property(tries = 300)
    @SuppressWarnings({"unchecked", "rawtypes"})
    void everyRandomRecordRoundTripsAndIsPlainAvroAfterTheHeader(@ForAll("schemaIndex") int index, @ForAll long seed) throws IOException {
        Schema schema = ContractSamples.schemas().get(index);
        Class<? extends SpecificRecord> type = ContractSamples.types().get(index);
        GenericRecord record = (GenericRecord) new RandomRecords(seed).next(schema);
        String topic = "prop-" + schema.getName();

        byte[] bytes = GENERIC.serializer().serialize(topic, record);
        assertThat(bytes).startsWith(new byte[] {0});
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(plain, null);
        new GenericDatumWriter<GenericRecord>(schema, GenericData.get()).write(record, encoder);
        encoder.flush();
        assertThat(java.util.Arrays.copyOfRange(bytes, 5, bytes.length)).isEqualTo(plain.toByteArray());

        assertThat(GENERIC.deserializer().deserialize(topic, bytes)).isEqualTo(record);

        try (Serde specific = AvroSerdes.specific((Class) type, CONFIG, false)) {
            SpecificRecord asClass = (SpecificRecord) specific.deserializer().deserialize(topic, bytes);
            byte[] again = specific.serializer().serialize(topic, asClass);
            assertThat(again).isEqualTo(bytes);
        }
    }

    @Property(tries = 300)
    void arbitraryBytesNeverEscapeAsAnythingButSerializationException(@ForAll byte[] payload, @ForAll("schemaIndex") int index) {
        Schema schema = ContractSamples.schemas().get(index);
        int id = MockSchemaRegistry.client(SCOPE).register("junk-" + schema.getName() + "-value", schema);
        byte[] bytes = ByteBuffer.allocate(5 + payload.length).put((byte) 0).putInt(id).put(payload).array();
        try {
            GENERIC.deserializer().deserialize("junk", bytes);
        } catch (SerializationException expected) {
            assertThat(expected.getMessage()).contains("schema id " + id);
        }
    }

    @Provide
    Arbitrary<Integer> schemaIndex() {
        return Arbitraries.integers().between(0, ContractSamples.schemas().size() - 1);
    }
}
