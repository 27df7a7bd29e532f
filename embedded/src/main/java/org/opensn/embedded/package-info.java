/**
 * Real Kafka and a real schema registry on 127.0.0.1 without Docker, for integration tests and the
 * standalone run.
 *
 * <h2>Kafka</h2>
 * {@link org.opensn.embedded.EmbeddedKafka} runs a single KRaft node (broker and controller) in
 * this JVM:
 * <pre>{@code
 * try (EmbeddedKafka kafka = EmbeddedKafka.builder().build().start()) {
 *     kafka.createTopic("t", 3, Map.of());
 *     try (var producer = new KafkaProducer<>(kafka.clientProperties(), new StringSerializer(), new StringSerializer())) {
 *         producer.send(new ProducerRecord<>("t", "k", "v")).get();
 *     }
 *     kafka.stop();   // broker down: clients see a dead broker
 *     kafka.start();  // back on the same port with the same data
 * }
 * }</pre>
 * Free ports are picked for you (or fixed with {@code port(int)}); data goes to a temporary
 * directory deleted on {@code close()} and at JVM exit (or to {@code dataDir(Path)}, kept).
 *
 * <p>Tests usually do not build brokers themselves: see {@link org.opensn.embedded.junit}.
 */
package org.opensn.embedded;
