/**
 * Kafka serdes for Avro records in the Confluent wire format: byte 0 = 0 (magic byte), bytes 1-4 =
 * the big-endian schema id assigned by the registry, then the plain Avro binary encoding. Bytes
 * written here are read by Confluent's {@code KafkaAvroDeserializer} and vice versa.
 *
 * <p>Entry point: {@link org.opensn.schemas.serde.AvroSerdes}, which returns configured serdes:
 * <pre>{@code
 * Map<String, Object> config = Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, "http://127.0.0.1:8081");
 * Serde<ReputationVerdict> verdicts = AvroSerdes.specific(ReputationVerdict.class, config, false);
 * }</pre>
 * The public serializer, deserializer and serde classes can also be named in Kafka client configs
 * ({@code value.serializer=org.opensn.schemas.serde.SpecificAvroSerializer}); they then read the
 * same config map. Keys are in {@link org.opensn.schemas.serde.SerdeConfig}.
 *
 * <p>Subjects follow the topic-name strategy ({@code <topic>-key}, {@code <topic>-value}). The
 * serializer registers a schema once (or only looks it up when {@code auto.register.schemas=false})
 * and caches its id; the deserializer fetches each writer schema once by id and caches it. The
 * specific deserializer reads with the generated class's schema, so records written with an older
 * or newer compatible schema are resolved by Avro's schema resolution.
 *
 * <p>Null in gives null out (tombstones). Every failure — a bad magic byte, an unknown id, an
 * unreachable registry, an incompatible or invalid schema, refused credentials, Avro data that does
 * not match its schema — is a Kafka {@link org.apache.kafka.common.errors.SerializationException}
 * whose message names the topic, the subject or schema id, the registry URL and the registry's
 * error code and message. Messages never contain record contents.
 */
package org.opensn.schemas.serde;
