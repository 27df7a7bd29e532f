/**
 * JUnit 5 support: {@link org.opensn.embedded.junit.EmbeddedServicesExtension} injects the broker
 * (and schema registry) shared by all tests of a JVM; {@link org.opensn.embedded.junit.EmbeddedServices}
 * hands out the same instances to code that is not a JUnit parameter, e.g. a static helper.
 *
 * <p>Shared means: started once on first use, closed at JVM exit, never stopped by a test (the
 * shared instances refuse {@code stop()} and {@code close()}). Every test therefore uses its own
 * topic names, consumer group ids and Kafka Streams application ids. A test that takes a broker
 * down builds a private one with {@code EmbeddedKafka.builder()}.
 *
 * <p>JUnit is an optional dependency of {@code opensn-embedded}: modules that use this package
 * have {@code junit-jupiter} on their test classpath anyway.
 */
package org.opensn.embedded.junit;
