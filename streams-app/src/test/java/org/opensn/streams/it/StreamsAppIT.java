package org.opensn.streams.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.opensn.collector.CollectorConfig;
import org.opensn.collector.EndpointCollector;
import org.opensn.collector.ReportResult;
import org.opensn.embedded.EmbeddedKafka;
import org.opensn.embedded.EmbeddedSchemaRegistry;
import org.opensn.embedded.junit.EmbeddedServicesExtension;
import org.opensn.schemas.ObjectRef;
import org.opensn.schemas.Topics;
import org.opensn.schemas.avro.DetectionEvent;
import org.opensn.schemas.avro.ActionTaken;
import org.opensn.schemas.avro.DetectionTechnology;
import org.opensn.schemas.avro.ParticipationMode;
import org.opensn.schemas.avro.SourceType;
import org.opensn.schemas.avro.ThreatType;
import org.opensn.schemas.avro.ThreatSourceEvent;
import org.opensn.streams.StreamsApp;
import org.opensn.streams.StreamsAppConfig;
import org.opensn.streams.topology.TestEvents;

/**
 * Two app instances on the real embedded broker and registry: 50,000 raw events give totals equal
 * to what was sent, both instances answer every query the same, the survivor answers everything
 * after the other one is closed, and no topic except the raw and dead-letter ones holds any of the
 * identifying values planted in the input.
 */
@ExtendWith(EmbeddedServicesExtension.class)
class StreamsAppIT {

    private static final int DETECTIONS = 40_000;
    private static final int THREAT_SOURCES = 10_000;
    private static final int DEVICES = 12;
    private static final int THREATS = 25;
    private static final int FILES = 300;
    private static final int DOMAINS = 30;
    private static final Duration PATIENCE = Duration.ofMinutes(4);

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String plantedHost = "PLANTEDHOST" + run.toUpperCase();
    private final String plantedUser = "planteduser" + run;
    private final String plantedLocalIp = "10.66.55.44";
    private final String plantedRemoteIp = "198.51.100.213";
    private final String plantedToken = "PLANTEDTOKEN" + run;
    private final List<String> deviceIds = new ArrayList<>();
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<StreamsApp> apps = new ArrayList<>();

    @AfterEach
    void closeApps() {
        apps.forEach(StreamsApp::close);
    }

    @Test
    @Timeout(value = 12, unit = java.util.concurrent.TimeUnit.MINUTES)
    void twoInstancesCountEverythingAnswerEverythingAndLeakNothing(EmbeddedKafka kafka, EmbeddedSchemaRegistry registry) throws Exception {
        String prefix = "it" + run + ".";
        Topics topics = Topics.withPrefix(prefix);
        for (NewTopic t : topics.newTopics(3, (short) 1)) {
            kafka.createTopic(t.name(), t.numPartitions(), t.configs());
        }
        String appId = "opensn-streams-it-" + run;
        int portA = freePort();
        int portB = freePort();
        StreamsApp a = startApp(kafka, registry, prefix, appId, portA);
        StreamsApp b = startApp(kafka, registry, prefix, appId, portB);

        Expected expected = publish(kafka, registry, topics);

        // totals equal to what was sent, from both instances
        for (int port : new int[] {portA, portB}) {
            await().atMost(PATIENCE).pollInterval(Duration.ofSeconds(2)).ignoreExceptions().untilAsserted(() -> {
                JsonNode top = get(port, "/api/v1/threats/top?window=24h&limit=1000");
                assertThat(sum(top.get("threats"), "detections")).isEqualTo(DETECTIONS);
                assertThat(top.get("threats")).hasSize(THREATS);
                assertThat(top.get("suppressed").get("count").asInt()).isZero();
            });
        }
        assertSameAnswers(portA, portB, expected);
        // the stream threads took most records anonymized ahead by their workers (the default, anonymize.threads=1)
        long ahead = a.anonymizeAhead().counts().anonymizedAhead() + b.anonymizeAhead().counts().anonymizedAhead();
        long onStreamThread = a.anonymizeAhead().counts().anonymizedOnStreamThread() + b.anonymizeAhead().counts().anonymizedOnStreamThread();
        assertThat(ahead + onStreamThread).isGreaterThanOrEqualTo(DETECTIONS + THREAT_SOURCES);
        assertThat(ahead).isPositive();

        // a url: ref (slashes and all, percent-encoded) is routed and answered by both
        String urlRef = new String(readAll(kafka, topics.threatSourcesAnon().name()).get(0).key(), StandardCharsets.UTF_8);
        assertThat(urlRef).startsWith("url:https://evil");
        JsonNode urlA = get(portA, "/api/v1/objects/" + ObjectRef.parse(urlRef).toPathSegment());
        assertThat(urlA.get("suppressed").asBoolean()).isFalse();
        assertThat(urlA.get("detections").asInt()).isPositive();
        assertThat(stripVolatile(urlA)).isEqualTo(stripVolatile(get(portB, "/api/v1/objects/" + ObjectRef.parse(urlRef).toPathSegment())));

        // dead letters: the garbage went there, the run went on
        assertThat(countRecords(kafka, topics.deadLettersRaw())).isEqualTo(3);

        // analyst override through one instance, visible through the other
        String ref = expected.hotFileRef;
        HttpResponse<String> posted = post(portB, "/api/v1/verdicts",
                "{\"objectRef\":\"" + ref + "\",\"verdict\":\"CLEAN\",\"reason\":\"FP-IT-1\"}");
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);
        long[] cleanVersion = new long[1];
        await().atMost(PATIENCE).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().untilAsserted(() -> {
            JsonNode object = get(portA, "/api/v1/objects/" + ObjectRef.parse(ref).toPathSegment());
            assertThat(object.get("verdict").get("verdict").asText()).isEqualTo("CLEAN");
            assertThat(object.get("verdict").get("source").asText()).isEqualTo("ANALYST");
            cleanVersion[0] = object.get("verdict").get("version").asLong();
        });
        HttpResponse<String> removed = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + portA + "/api/v1/verdicts/"
                + ObjectRef.parse(ref).toPathSegment())).DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(removed.statusCode()).as(removed.body()).isEqualTo(202);
        await().atMost(PATIENCE).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().untilAsserted(() -> {
            JsonNode object = get(portB, "/api/v1/objects/" + ObjectRef.parse(ref).toPathSegment());
            assertThat(object.get("verdict").get("verdict").asText()).isEqualTo("MALICIOUS");
            assertThat(object.get("verdict").get("source").asText()).isEqualTo("RULE");
            assertThat(object.get("verdict").get("version").asLong()).isEqualTo(cleanVersion[0] + 1);
        });
        HttpResponse<String> bad = post(portA, "/api/v1/verdicts", "{\"objectRef\":\"file:nope\",\"verdict\":\"CLEAN\",\"reason\":\"x\"}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("objectRef");
        assertThat(getRaw(portA, "/api/v1/objects/file%3Anot-a-hash").statusCode()).isEqualTo(400);

        // health, metrics, OpenAPI
        assertThat(get(portA, "/health").get("ready").asBoolean()).isTrue();
        assertThat(getRaw(portA, "/metrics").body()).contains("kafka_stream")
                .contains("opensn_anonymize_records_total{where=\"worker\"}", "opensn_anonymize_records_total{where=\"stream-thread\"}",
                        "opensn_anonymize_taken_over_total");
        assertThat(get(portB, "/api/v1/openapi.json").get("openapi").asText()).startsWith("3.");

        // one instance goes: the other answers everything with the same totals
        a.close();
        apps.remove(a);
        await().atMost(PATIENCE).pollInterval(Duration.ofSeconds(2)).ignoreExceptions().untilAsserted(() -> assertAnswers(portB, expected));

        // nothing identifying anywhere but in the raw and dead-letter topics
        assertNoPlantedValues(kafka, topics);
    }

    @Test
    void refusesToStartWhenARawTopicHasMorePartitionsThanTheObjectPartitions(EmbeddedKafka kafka, EmbeddedSchemaRegistry registry) {
        String prefix = "itp" + run + ".";
        Topics topics = Topics.withPrefix(prefix);
        for (NewTopic t : topics.newTopics(4, (short) 1)) {
            kafka.createTopic(t.name(), t.numPartitions(), t.configs());
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> startApp(kafka, registry, prefix, "opensn-streams-itp-" + run, freePort()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(topics.detectionsRaw().name() + " has 4 partitions but internal.partitions is 3")
                .hasMessageContaining("set internal.partitions (OPENSN_INTERNAL_PARTITIONS) to 4");
    }

    private StreamsApp startApp(EmbeddedKafka kafka, EmbeddedSchemaRegistry registry, String prefix, String appId, int port) throws IOException {
        Properties p = new Properties();
        p.setProperty("application.id", appId);
        p.setProperty("kafka.bootstrap.servers", kafka.bootstrapServers());
        p.setProperty("schema.registry.url", registry.url());
        p.setProperty("topic.prefix", prefix);
        p.setProperty("http.port", Integer.toString(port));
        p.setProperty("state.dir", Files.createTempDirectory("opensn-it-state").toString());
        p.setProperty("internal.partitions", "3");
        p.setProperty("kafka.num.stream.threads", "1");
        p.setProperty("kafka.commit.interval.ms", "200");
        p.setProperty("kafka.replication.factor", "1");
        p.setProperty("kafka.num.standby.replicas", "1"); // standby tasks keep the write-back stores (and all others) warm on the other instance
        p.setProperty("query.timeout", "PT20S");
        StreamsApp app = StreamsApp.start(StreamsAppConfig.load(p, Map.of("OPENSN_DEVICE_HASH_SECRET", "it-secret-" + run + "-0123456789")));
        apps.add(app);
        return app;
    }

    /** What was sent, for comparison. */
    private record Expected(Map<String, Integer> perThreat, Map<String, Integer> perDomain, String hotFileRef, String hotThreat) {
    }

    /**
     * Publishes through the collector library: one {@link EndpointCollector} in EXTENDED mode per
     * simulated device (its own state dir, so its own device install id), with identifying values
     * planted in every event. Three undecodable records go straight to the raw topic.
     */
    private Expected publish(EmbeddedKafka kafka, EmbeddedSchemaRegistry registry, Topics topics) throws Exception {
        List<EndpointCollector> collectors = new ArrayList<>();
        try {
            for (int i = 0; i < DEVICES; i++) {
                CollectorConfig config = CollectorConfig.of(Files.createTempDirectory("opensn-it-device"), kafka.bootstrapServers(), registry.url())
                        .withTopics(topics);
                EndpointCollector c = EndpointCollector.builder().config(config).build();
                collectors.add(c);
                c.setMode(ParticipationMode.EXTENDED);
                deviceIds.add(c.deviceInstallId());
            }
            Random random = new Random(7);
            Map<String, Integer> perThreat = new HashMap<>();
            Map<String, Integer> perDomain = new HashMap<>();
            String hotSha = TestEvents.sha(0xC0FFEE);
            for (int i = 0; i < DETECTIONS; i++) {
                EndpointCollector device = collectors.get(i < DEVICES ? i : random.nextInt(DEVICES));
                String threat = "Trojan.IT.N" + (i % THREATS);
                String sha = i < DEVICES ? hotSha : TestEvents.sha(random.nextInt(FILES));
                DetectionEvent e = device.newDetection()
                        .setThreatName(threat)
                        .setThreatType(ThreatType.TROJAN)
                        .setDetectionTechnology(DetectionTechnology.SIGNATURE)
                        .setActionTaken(ActionTaken.QUARANTINED)
                        .setObjectSha256(sha)
                        .setObjectSize(4096)
                        .setHostName(plantedHost)
                        .setUserName(plantedUser)
                        .setLocalIp(plantedLocalIp)
                        .setObjectPath("C:\\Users\\" + plantedUser + "\\AppData\\" + plantedHost + "\\x.exe")
                        .build();
                ReportResult result = device.reportDetection(e);
                assertThat(result.accepted()).as(result.reason()).isTrue();
                perThreat.merge(threat, 1, Integer::sum);
            }
            for (int i = 0; i < THREAT_SOURCES; i++) {
                EndpointCollector device = collectors.get(random.nextInt(DEVICES));
                String domain = "evil" + (i % DOMAINS) + ".example.com";
                ThreatSourceEvent e = device.newThreatSource()
                        .setSourceType(SourceType.WEB)
                        .setUrl("https://" + plantedUser + ":pw@" + domain + "/u/" + plantedUser + "/get?token=" + plantedToken)
                        .setRemoteAddress(plantedRemoteIp)
                        .setRemotePort(443)
                        .setThreatName("Phish.IT")
                        .setThreatType(ThreatType.PHISHING)
                        .setHostName(plantedHost)
                        .setUserName(plantedUser)
                        .setLocalIp(plantedLocalIp)
                        .build();
                ReportResult result = device.reportThreatSource(e);
                assertThat(result.accepted()).as(result.reason()).isTrue();
                perDomain.merge(domain, 1, Integer::sum);
            }
            for (EndpointCollector c : collectors) {
                assertThat(c.flush(PATIENCE)).as("collector acknowledged everything").isTrue();
            }
            Map<String, Object> producerConfig = new HashMap<>(kafka.clientProperties());
            try (KafkaProducer<byte[], byte[]> raw = new KafkaProducer<>(producerConfig, new ByteArraySerializer(), new ByteArraySerializer())) {
                for (int i = 0; i < 3; i++) {
                    raw.send(new ProducerRecord<>(topics.detectionsRaw().name(), ("bad-" + i).getBytes(StandardCharsets.UTF_8),
                            ("garbage " + plantedHost).getBytes(StandardCharsets.UTF_8)));
                }
            }
            return new Expected(perThreat, perDomain, "file:" + hotSha, "Trojan.IT.N0");
        } finally {
            collectors.forEach(EndpointCollector::close);
        }
    }

    private void assertSameAnswers(int portA, int portB, Expected expected) throws Exception {
        assertAnswers(portA, expected);
        assertAnswers(portB, expected);
        for (String path : List.of("/api/v1/threats/top?window=24h&limit=1000", "/api/v1/sources/top?window=24h&limit=1000",
                "/api/v1/threats/" + expected.hotThreat + "/series?step=1h",
                "/api/v1/objects/" + ObjectRef.parse(expected.hotFileRef).toPathSegment())) {
            assertThat(stripVolatile(get(portA, path))).as(path).isEqualTo(stripVolatile(get(portB, path)));
        }
    }

    private void assertAnswers(int port, Expected expected) throws Exception {
        JsonNode top = get(port, "/api/v1/threats/top?window=24h&limit=1000");
        Map<String, Integer> perThreat = new HashMap<>();
        top.get("threats").forEach(t -> {
            perThreat.put(t.get("name").asText(), t.get("detections").asInt());
            assertThat(t.get("distinctDevices").asLong()).isBetween((long) DEVICES - 2, (long) DEVICES);
        });
        assertThat(perThreat).isEqualTo(expected.perThreat);

        JsonNode sources = get(port, "/api/v1/sources/top?window=24h&limit=1000");
        Map<String, Integer> perDomain = new HashMap<>();
        sources.get("sources").forEach(s -> perDomain.put(s.get("domain").asText(), s.get("hits").asInt()));
        assertThat(perDomain).isEqualTo(expected.perDomain);

        JsonNode series = get(port, "/api/v1/threats/" + expected.hotThreat + "/series?step=1h");
        assertThat(sum(series.get("points"), "detections")).isEqualTo(expected.perThreat.get(expected.hotThreat).longValue());

        JsonNode object = get(port, "/api/v1/objects/" + ObjectRef.parse(expected.hotFileRef).toPathSegment());
        assertThat(object.get("suppressed").asBoolean()).isFalse();
        assertThat(object.get("distinctDevices").asInt()).isEqualTo(DEVICES);
        assertThat(object.get("verdict").isNull()).isFalse();
    }

    private void assertNoPlantedValues(EmbeddedKafka kafka, Topics topics) throws Exception {
        List<String> planted = new ArrayList<>(List.of(plantedHost, plantedUser, plantedLocalIp, plantedRemoteIp, plantedToken));
        planted.addAll(deviceIds);
        List<byte[]> needles = planted.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList();
        Set<String> exempt = Set.copyOf(topics.rawNames());
        Set<String> scanned = new TreeSet<>();
        List<String> leaks = new ArrayList<>();
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            Set<String> all = admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get();
            for (String topic : all) {
                if (exempt.contains(topic)) {
                    continue;
                }
                scanned.add(topic);
                for (ConsumerRecord<byte[], byte[]> r : readAll(kafka, topic)) {
                    List<byte[]> parts = new ArrayList<>();
                    parts.add(r.key());
                    parts.add(r.value());
                    for (Header h : r.headers()) {
                        parts.add(h.key().getBytes(StandardCharsets.UTF_8));
                        parts.add(h.value());
                    }
                    for (int i = 0; i < needles.size(); i++) {
                        for (byte[] part : parts) {
                            if (contains(part, needles.get(i))) {
                                leaks.add(topic + " holds planted value #" + i);
                            }
                        }
                    }
                }
            }
        }
        assertThat(scanned).as("internal topics were scanned too")
                .anyMatch(t -> t.endsWith("-changelog")).anyMatch(t -> t.endsWith("-repartition"))
                .contains(topics.detectionsAnon().name(), "__consumer_offsets", "__transaction_state");
        assertThat(leaks).isEmpty();
        // and the scan can find something: the raw topic does hold them
        assertThat(readAll(kafka, topics.detectionsRaw().name()).stream().anyMatch(r -> contains(r.value(), needles.get(0)))).isTrue();
    }

    private static List<ConsumerRecord<byte[], byte[]>> readAll(EmbeddedKafka kafka, String topic) {
        Map<String, Object> c = new HashMap<>(kafka.clientProperties());
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(out::add);
            }
        }
        return out;
    }

    private static long countRecords(EmbeddedKafka kafka, String topic) {
        return readAll(kafka, topic).size();
    }

    static boolean contains(byte[] haystack, byte[] needle) {
        if (haystack == null || needle.length == 0) {
            return false;
        }
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static long sum(JsonNode array, String field) {
        long total = 0;
        for (JsonNode n : array) {
            total += n.get(field).isNull() ? 0 : n.get(field).asLong();
        }
        return total;
    }

    private static JsonNode stripVolatile(JsonNode n) {
        if (n.isObject()) {
            ((com.fasterxml.jackson.databind.node.ObjectNode) n).remove(List.of("updatedAt", "from", "to"));
            n.forEach(StreamsAppIT::stripVolatile);
        } else if (n.isArray()) {
            n.forEach(StreamsAppIT::stripVolatile);
        }
        return n;
    }

    private JsonNode get(int port, String path) throws Exception {
        HttpResponse<String> r = getRaw(port, path);
        assertThat(r.statusCode()).as("GET " + path + " -> " + r.body()).isEqualTo(200);
        return json.readTree(r.body());
    }

    private HttpResponse<String> getRaw(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(60)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(int port, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
