/**
 * A client for schema registries that speak Confluent's Schema Registry REST API (Confluent
 * Schema Registry itself, Apicurio Registry's {@code /apis/ccompat/v7}, Redpanda, Karapace).
 *
 * <p>Entry point: {@link org.opensn.schemas.registry.SchemaRegistryClients#create(java.util.Map)},
 * which returns a {@link org.opensn.schemas.registry.SchemaRegistryClient}. A URL of the form
 * {@code mock://<scope>} gives an in-memory registry shared by every client of the same scope in
 * this JVM ({@link org.opensn.schemas.registry.MockSchemaRegistry}), for unit tests.
 *
 * <p>The HTTP client makes one call per new schema or schema id and caches the answer; it retries
 * (bounded, with exponential back-off) only on I/O errors and 5xx answers. Every failure is a
 * {@link org.opensn.schemas.registry.SchemaRegistryException}, a Kafka
 * {@link org.apache.kafka.common.errors.SerializationException}, whose message names the
 * registry URL, the subject or schema id, and the registry's error code and message.
 * Configuration keys are in {@link org.opensn.schemas.registry.SchemaRegistryClientConfig}.
 */
package org.opensn.schemas.registry;
