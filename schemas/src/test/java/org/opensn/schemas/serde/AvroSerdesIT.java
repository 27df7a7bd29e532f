package org.opensn.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.opensn.embedded.EmbeddedKafka;
import org.opensn.embedded.EmbeddedSchemaRegistry;
import org.opensn.embedded.junit.EmbeddedServicesExtension;
import org.opensn.schemas.avro.ReputationVerdict;
import org.opensn.schemas.registry.SchemaRegistryException;
import org.opensn.schemas.testing.ContractSamples;

/** Our serdes through the real in-process broker and the real Apicurio registry. */
@ExtendWith(EmbeddedServicesExtension.class)
class AvroSerdesIT {

    private static final Duration POLL_TIMEOUT = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void everyContractRecordGoesThroughBrokerAndRegistryAndComesBackEqualAsPlainAvro(EmbeddedKafka kafka, EmbeddedSchemaRegistry registry)
            throws Exception {
        Map<String, Object> serdeConfig = Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, registry.url());
        String prefix = "it-roundtrip-" + UUID.randomUUID() + ".";
        for (SpecificRecord record : ContractSamples.all()) {
            String topic = prefix + record.getSchema().getName();
            kafka.createTopic(topic, 1);
            try (Serde serde = AvroSerdes.specific((Class) record.getClass(), serdeConfig, false)) {
                produce(kafka, topic, serde.serializer(), record);
                ConsumerRecord<String, Object> back = consumeOne(kafka, topic, serde.deserializer());
                assertThat(back.key()).isEqualTo("key-1");
                assertThat(back.value()).as(record.getSchema().getName()).isInstanceOf(record.getClass()).isEqualTo(record);
            }

            byte[] bytes = consumeOne(kafka, topic, new ByteArrayDeserializer()).value();
            assertThat(bytes[0]).as("magic byte").isZero();
            int id = ByteBuffer.wrap(bytes, 1, 4).getInt();
            Schema fetched = new Schema.Parser().parse(httpGet(registry.url() + "/schemas/ids/" + id).get("schema").asText());
            assertThat(SchemaNormalization.toParsingForm(fetched)).isEqualTo(SchemaNormalization.toParsingForm(record.getSchema()));
            assertThat(httpGet(registry.url() + "/subjects/" + topic + "-value/versions/latest").get("id").asInt()).isEqualTo(id);

            // plain Avro with the schema fetched by id reads all of the rest, and writes it back identically
            BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes, 5, bytes.length - 5, null);
            GenericRecord decoded = new GenericDatumReader<GenericRecord>(fetched).read(null, decoder);
            assertThat(decoder.isEnd()).as("no bytes left after the Avro record").isTrue();
            ByteArrayOutputStream plain = new ByteArrayOutputStream();
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(plain, null);
            new GenericDatumWriter<GenericRecord>(fetched, GenericData.get()).write(decoded, encoder);
            encoder.flush();
            assertThat(java.util.Arrays.copyOfRange(bytes, 5, bytes.length)).isEqualTo(plain.toByteArray());
            for (Schema.Field field : record.getSchema().getFields()) {
                Object ours = record.get(field.pos());
                if (ours instanceof CharSequence || ours instanceof Number && !(ours instanceof Double)) {
                    assertThat(String.valueOf(decoded.get(field.name()))).as(field.name()).isEqualTo(String.valueOf(ours));
                }
            }
        }
    }

    @Test
    void tombstonesStayNull(EmbeddedKafka kafka, EmbeddedSchemaRegistry registry) {
        String topic = "it-tombstone-" + UUID.randomUUID();
        kafka.createTopic(topic, 1, Map.of("cleanup.policy", "compact"));
        Serde<ReputationVerdict> serde = AvroSerdes.specific(ReputationVerdict.class, Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, registry.url()), false);
        produce(kafka, topic, serde.serializer(), null);
        assertThat(consumeOne(kafka, topic, serde.deserializer()).value()).isNull();
    }

    @Test
    void anIncompatibleChangeIsRefusedWithTheRegistrysReason(EmbeddedKafka kafka, EmbeddedSchemaRegistry registry) {
        String topic = "it-incompatible-" + UUID.randomUUID();
        kafka.createTopic(topic, 1);
        Map<String, Object> config = Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, registry.url());
        produce(kafka, topic, AvroSerdes.specific(ReputationVerdict.class, config, false).serializer(), ContractSamples.verdict());

        // BACKWARD: a new required field without default cannot read the data already written
        Schema changed = SchemaBuilder.record("ReputationVerdict").namespace("org.opensn.schemas.avro").fields()
                .requiredString("objectRef").requiredLong("mandatoryNewField").endRecord();
        GenericRecord record = new GenericData.Record(changed);
        record.put("objectRef", "file:" + ContractSamples.SHA);
        record.put("mandatoryNewField", 1L);
        Serializer<GenericRecord> serializer = AvroSerdes.generic(config, false).serializer();

        try (KafkaProducer<String, GenericRecord> producer = producer(kafka, serializer)) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(topic, "k", record)))
                    .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                        assertThat(e.isIncompatible()).isTrue();
                        assertThat(e.httpStatus()).isEqualTo(409);
                    })
                    .hasMessageContaining("topic " + topic)
                    .hasMessageContaining("registry at " + registry.url() + " refused schema for subject " + topic + "-value: error 409 incompatible: ")
                    .hasMessageContaining("/fields/1"); // the registry's reason: mandatoryNewField has no default
        }
    }

    @Test
    void badMagicByteAndUnknownIdFailWithClearMessages(EmbeddedKafka kafka, EmbeddedSchemaRegistry registry) {
        String topic = "it-bad-bytes-" + UUID.randomUUID();
        kafka.createTopic(topic, 1);
        Map<String, Object> config = Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, registry.url());
        Serde<ReputationVerdict> serde = AvroSerdes.specific(ReputationVerdict.class, config, false);
        byte[] good = serde.serializer().serialize(topic, ContractSamples.verdict());
        byte[] badMagic = good.clone();
        badMagic[0] = 1;
        byte[] unknownId = good.clone();
        ByteBuffer.wrap(unknownId).putInt(1, 1_999_999_999);
        produce(kafka, topic, new ByteArraySerializer(), badMagic);
        produce(kafka, topic, new ByteArraySerializer(), unknownId);

        List<byte[]> raw = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = consumer(kafka, new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + POLL_TIMEOUT.toNanos();
            while (raw.size() < 2 && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> raw.add(r.value()));
            }
        }
        assertThat(raw).hasSize(2);
        assertThatThrownBy(() -> serde.deserializer().deserialize(topic, raw.get(0)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("unknown magic byte 0x01");
        assertThatThrownBy(() -> serde.deserializer().deserialize(topic, raw.get(1)))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.httpStatus()).isEqualTo(404))
                .hasMessageContaining("topic " + topic)
                .hasMessageContaining("registry at " + registry.url())
                .hasMessageContaining("schema id 1999999999")
                .hasMessageContaining("error 404");

        // a consumer using the deserializer reports the failing offset with our reason as the cause
        try (KafkaConsumer<String, ReputationVerdict> consumer = consumer(kafka, serde.deserializer())) {
            consumer.subscribe(List.of(topic));
            assertThatThrownBy(() -> {
                long deadline = System.nanoTime() + POLL_TIMEOUT.toNanos();
                while (System.nanoTime() < deadline) {
                    consumer.poll(Duration.ofMillis(500));
                }
            }).isInstanceOfSatisfying(RecordDeserializationException.class, e -> assertThat(e.offset()).isZero())
                    .rootCause().hasMessageContaining("unknown magic byte 0x01");
        }
    }

    @Test
    void anUnreachableRegistryFailsClearlyAfterBoundedRetries(EmbeddedKafka kafka) throws IOException {
        int deadPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            deadPort = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + deadPort + "/apis/ccompat/v7";
        Map<String, Object> config = Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, url, SerdeConfig.MAX_RETRIES, 2,
                SerdeConfig.RETRY_BACKOFF_MS, 50, SerdeConfig.CONNECT_TIMEOUT_MS, 2000);
        String topic = "it-unreachable-" + UUID.randomUUID();
        try (KafkaProducer<String, ReputationVerdict> producer = producer(kafka, AvroSerdes.specific(ReputationVerdict.class, config, false).serializer())) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(topic, "k", ContractSamples.verdict())))
                    .isInstanceOfSatisfying(SchemaRegistryException.class,
                            e -> assertThat(e.httpStatus()).isEqualTo(SchemaRegistryException.UNREACHABLE))
                    .hasMessageContaining("registry at " + url + " unreachable while registering a schema for subject " + topic + "-value")
                    .hasMessageContaining("after 3 attempts");
        }
    }

    private static <V> void produce(EmbeddedKafka kafka, String topic, Serializer<V> serializer, V value) {
        try (KafkaProducer<String, V> producer = producer(kafka, serializer)) {
            producer.send(new ProducerRecord<>(topic, "key-1", value)).get();
        } catch (Exception e) {
            throw new AssertionError("could not produce to " + topic, e);
        }
    }

    private static <V> KafkaProducer<String, V> producer(EmbeddedKafka kafka, Serializer<V> serializer) {
        Map<String, Object> props = kafka.clientProperties();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 60_000);
        return new KafkaProducer<>(props, new StringSerializer(), serializer);
    }

    private static <V> KafkaConsumer<String, V> consumer(EmbeddedKafka kafka, Deserializer<V> deserializer) {
        Map<String, Object> props = kafka.clientProperties();
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return new KafkaConsumer<>(props, new StringDeserializer(), deserializer);
    }

    private static <V> ConsumerRecord<String, V> consumeOne(EmbeddedKafka kafka, String topic, Deserializer<V> deserializer) {
        try (KafkaConsumer<String, V> consumer = consumer(kafka, deserializer)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + POLL_TIMEOUT.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, V> r : consumer.poll(Duration.ofMillis(500))) {
                    return r;
                }
            }
        }
        throw new AssertionError("no record on " + topic + " within " + POLL_TIMEOUT);
    }

    static JsonNode httpGet(String url) throws IOException, InterruptedException {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                    .header("Accept", "application/vnd.schemaregistry.v1+json").GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as("GET %s: %s", url, response.body()).isEqualTo(200);
            return JSON.readTree(response.body());
        }
    }
}
