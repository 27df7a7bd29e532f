/**
 * The same test services backed by Docker containers through Testcontainers, for users who have
 * Docker: {@code mvn -Pcontainers verify} runs every integration test against an
 * {@code apache/kafka} broker and a Confluent Schema Registry ({@code confluentinc/cp-schema-registry})
 * instead of the in-process broker and Apicurio.
 *
 * <p>{@link org.opensn.embedded.junit.EmbeddedServices} picks these when the system property
 * {@code opensn.it.cluster} is {@code containers} (the {@code containers} Maven profile sets it).
 * Testcontainers is an optional dependency of this module: the default build neither needs Docker
 * nor loads these classes.
 */
package org.opensn.embedded.containers;
