package org.opensn.benchmarks.security;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.opensn.collector.EventKeys;
import org.opensn.collector.sim.FleetSimulator;
import org.opensn.embedded.EmbeddedKafka;
import org.opensn.embedded.KafkaSecurity;
import org.opensn.schemas.avro.DetectionEvent;

/**
 * Producer records/s over SASL_SSL (SCRAM-SHA-512 + TLS + StandardAuthorizer with the endpoint's
 * ACLs) against PLAINTEXT, in one run, with SASL_PLAINTEXT + ACLs in between to tell the cost of TLS
 * from that of SASL and authorization: three embedded brokers with the same settings, the collector's
 * producer settings (idempotent, acks=all, lz4, linger 20 ms, 64 KiB batches), the same detection
 * events (fleet simulator, Avro binary behind the 5-byte Confluent header, key {@code file:<sha256>}).
 * Rounds cycle through the three so machine noise hits all of them; each round starts with a
 * fresh producer (TLS handshake and SCRAM login are inside the measured time).
 *
 * <pre>
 * JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 mvn -B -q -pl benchmarks -DskipTests install
 * java --enable-native-access=ALL-UNNAMED -cp benchmarks/target/benchmarks.jar \
 *     org.opensn.benchmarks.security.SaslSslProducerBenchmark [records per run, default 1000000] [rounds, default 5]
 * </pre>
 */
public final class SaslSslProducerBenchmark {

    private static final String USER = "endpoint-bench";
    private static final String PASSWORD = "bench-secret-0123456789";

    private SaslSslProducerBenchmark() {
    }

    record Payload(String key, byte[] value) {
    }

    public static void main(String[] args) throws Exception {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        List<Payload> payloads = payloads(20_000);
        double meanBytes = payloads.stream().mapToInt(p -> p.key().length() + p.value().length).average().orElse(0);
        System.out.printf(Locale.ROOT, "records per round %d, rounds %d, mean record %.0f bytes (key + value), %d distinct events%n",
                records, rounds, meanBytes, payloads.size());
        try (EmbeddedKafka plain = broker().build().start();
                EmbeddedKafka sasl = broker()
                        .security(KafkaSecurity.saslScram("admin", "admin-secret").withUser(USER, PASSWORD).withAcls())
                        .build().start();
                EmbeddedKafka secure = broker()
                        .security(KafkaSecurity.saslScram("admin", "admin-secret").withUser(USER, PASSWORD).withAcls().withTls())
                        .build().start()) {
            String topic = "bench.detections.raw";
            plain.createTopic(topic, 3);
            sasl.createTopic(topic, 3);
            secure.createTopic(topic, 3);
            grantEndpointAcls(sasl, topic);
            grantEndpointAcls(secure, topic);
            Map<String, Map<String, Object>> logins = new java.util.LinkedHashMap<>();
            logins.put("PLAINTEXT", plain.clientProperties());
            logins.put("SASL_PLAINTEXT", sasl.clientProperties(USER, PASSWORD));
            logins.put("SASL_SSL", secure.clientProperties(USER, PASSWORD));
            System.out.println("warm-up (not counted)");
            for (Map<String, Object> login : logins.values()) {
                run(login, topic, payloads, records / 5);
            }
            Map<String, List<Double>> rates = new java.util.LinkedHashMap<>();
            Map<String, List<Double>> ratios = new java.util.LinkedHashMap<>();
            logins.keySet().forEach(k -> ratios.put(k, new ArrayList<>()));
            logins.keySet().forEach(k -> rates.put(k, new ArrayList<>()));
            for (int r = 1; r <= rounds; r++) {
                StringBuilder line = new StringBuilder("round " + r + ":");
                double base = 0;
                for (Map.Entry<String, Map<String, Object>> e : logins.entrySet()) {
                    double rate = run(e.getValue(), topic, payloads, records);
                    rates.get(e.getKey()).add(rate);
                    base = base == 0 ? rate : base;
                    ratios.get(e.getKey()).add(rate / base);
                    line.append(String.format(Locale.ROOT, " %s %,.0f/s (%.0f%%)", e.getKey(), rate, 100 * rate / base));
                }
                System.out.println(line);
            }
            double p = median(rates.get("PLAINTEXT"));
            for (Map.Entry<String, List<Double>> e : rates.entrySet()) {
                double m = median(e.getValue());
                System.out.printf(Locale.ROOT, "median %-14s %,9.0f records/s %6.1f MB/s  %4.0f%% of PLAINTEXT's median;"
                        + " median of per-round ratios %4.0f%%%n", e.getKey(), m, m * meanBytes / 1e6, 100 * m / p,
                        100 * median(ratios.get(e.getKey())));
            }
        }
    }

    /** The same broker settings for all three; small retention so long runs do not fill the disk. */
    private static EmbeddedKafka.Builder broker() {
        return EmbeddedKafka.builder()
                .brokerProperty("log.segment.bytes", Integer.toString(32 * 1024 * 1024))
                .brokerProperty("log.retention.bytes", Integer.toString(64 * 1024 * 1024))
                .brokerProperty("log.retention.check.interval.ms", "5000");
    }

    /** Sends {@code count} records with a fresh producer and returns records/s from creation to the last acknowledgement. */
    static double run(Map<String, Object> login, String topic, List<Payload> payloads, int count) throws Exception {
        Map<String, Object> c = new HashMap<>(login);
        c.put(ProducerConfig.CLIENT_ID_CONFIG, "opensn-collector-bench");
        c.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        c.put(ProducerConfig.ACKS_CONFIG, "all");
        c.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        c.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        c.put(ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024);
        c.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        c.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 120_000);
        c.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 300_000);
        AtomicLong acked = new AtomicLong();
        AtomicReference<Exception> failure = new AtomicReference<>();
        long start = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(c, new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < count; i++) {
                Payload p = payloads.get(i % payloads.size());
                producer.send(new ProducerRecord<>(topic, p.key(), p.value()), (md, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    } else {
                        acked.incrementAndGet();
                    }
                });
            }
            producer.flush();
        }
        long nanos = System.nanoTime() - start;
        if (failure.get() != null) {
            throw new IllegalStateException("a send failed", failure.get());
        }
        if (acked.get() != count) {
            throw new IllegalStateException("only " + acked.get() + " of " + count + " acknowledged");
        }
        return count / (nanos / 1e9);
    }

    static List<Payload> payloads(int n) {
        FleetSimulator fleet = FleetSimulator.builder().devices(1_000).seed(42).build();
        List<Payload> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            DetectionEvent e = fleet.nextDetection();
            try {
                ByteBuffer avro = e.toByteBuffer();
                byte[] value = new byte[5 + avro.remaining()];
                value[4] = 1; // magic byte 0, schema id 1: the Confluent wire format header
                avro.get(value, 5, avro.remaining());
                list.add(new Payload(EventKeys.of(e).toString(), value));
            } catch (java.io.IOException ex) {
                throw new java.io.UncheckedIOException(ex);
            }
        }
        return list;
    }

    private static void grantEndpointAcls(EmbeddedKafka secure, String topic) throws Exception {
        String principal = "User:" + USER;
        List<AclBinding> acls = List.of(
                new AclBinding(new ResourcePattern(ResourceType.TOPIC, topic, PatternType.LITERAL),
                        new AccessControlEntry(principal, "*", AclOperation.WRITE, AclPermissionType.ALLOW)),
                new AclBinding(new ResourcePattern(ResourceType.TOPIC, topic, PatternType.LITERAL),
                        new AccessControlEntry(principal, "*", AclOperation.DESCRIBE, AclPermissionType.ALLOW)),
                new AclBinding(new ResourcePattern(ResourceType.CLUSTER, "kafka-cluster", PatternType.LITERAL),
                        new AccessControlEntry(principal, "*", AclOperation.IDEMPOTENT_WRITE, AclPermissionType.ALLOW)));
        try (Admin admin = Admin.create(secure.clientProperties())) {
            admin.createAcls(acls).all().get(60, TimeUnit.SECONDS);
        }
    }

    private static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        s.sort(Double::compare);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }
}
