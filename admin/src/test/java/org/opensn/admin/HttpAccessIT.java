package org.opensn.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.opensn.cache.CacheConfig;
import org.opensn.cache.ReputationCacheService;
import org.opensn.schemas.avro.ReputationVerdict;
import org.opensn.schemas.avro.Verdict;
import org.opensn.schemas.avro.VerdictSource;
import org.opensn.schemas.serde.AvroSerdes;
import org.opensn.security.ApiKeyAuthenticator;
import org.opensn.streams.query.AnalystApi;

/**
 * The HTTP half of the access matrix: the real reputation cache service (reading verdicts as the
 * cache principal over SASL_SSL) and the analyst API, both with API keys made by
 * {@code opensn-admin apikey create}. Every refused call is 401 or 403 with a JSON reason; the
 * allowed ones work; no route serves raw topics or dead letters.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpAccessIT {

    private static final String REF = "domain:evil.example";

    private final HttpClient http = HttpClient.newHttpClient();
    private SecureCluster cluster;
    private ReputationCacheService cache;
    private KafkaStreams idleStreams;
    private AnalystApi analystApi;
    private String analystBase;
    private final Map<String, String> keys = new HashMap<>();

    @BeforeAll
    void start() throws Exception {
        cluster = new SecureCluster();
        cluster.provision();
        Path keyFile = cluster.dir.resolve("api-keys");
        for (String[] k : new String[][] {{"ENDPOINT", "fleet"}, {"ANALYST", "alice"}, {"OPS", "grafana"}, {"ENDPOINT", "retired"}}) {
            keys.put(k[1], cluster.adminOk("apikey", "create", "--role", k[0], "--name", k[1]).out().strip());
        }
        cluster.adminOk("apikey", "revoke", "--name", "retired");

        String registry = "mock://http-access-" + cluster.prefix;
        Properties c = new Properties();
        cluster.service(cluster.principals.cache()).forEach((k, v) -> c.setProperty("kafka." + k, String.valueOf(v)));
        c.setProperty("schema.registry.url", registry);
        c.setProperty("topic.prefix", cluster.prefix);
        c.setProperty("cache.http.port", "0");
        c.setProperty("cache.state.dir", "");
        c.setProperty("api.keys.file", keyFile.toString());
        cache = ReputationCacheService.start(CacheConfig.load(c, Map.of()));

        try (Serde<ReputationVerdict> serde = AvroSerdes.specific(ReputationVerdict.class, Map.of("schema.registry.url", registry), false);
                KafkaProducer<String, ReputationVerdict> p = new KafkaProducer<>(new HashMap<>(cluster.kafka.clientProperties()),
                        new StringSerializer(), serde.serializer())) {
            p.send(new ProducerRecord<>(cluster.topics.verdicts().name(), REF, ReputationVerdict.newBuilder().setObjectRef(REF)
                    .setVerdict(Verdict.MALICIOUS).setConfidence(0.9).setVersion(1).setSource(VerdictSource.RULE)
                    .setUpdatedAt(Instant.now()).build())).get(60, TimeUnit.SECONDS);
        }

        Properties s = new Properties();
        s.put(StreamsConfig.APPLICATION_ID_CONFIG, cluster.principals.streamsApplicationId());
        s.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.kafka.bootstrapServers());
        s.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory(cluster.dir, "streams").toString());
        StreamsBuilder b = new StreamsBuilder();
        b.stream(cluster.topics.detectionsAnon().name());
        idleStreams = new KafkaStreams(b.build(), s); // never started: queries answer 503, which is past the key check
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        analystApi = AnalystApi.builder(idleStreams).self("127.0.0.1", port).apiKeys(ApiKeyAuthenticator.fromFile(keyFile)).build()
                .start("127.0.0.1");
        analystBase = "http://127.0.0.1:" + port;
    }

    @AfterAll
    void stop() {
        if (analystApi != null) {
            analystApi.close();
        }
        if (idleStreams != null) {
            idleStreams.close(Duration.ofSeconds(5));
        }
        if (cache != null) {
            cache.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private record Call(String what, String method, String url, String key, int status, String reason) {
    }

    @TestFactory
    List<DynamicTest> everyForbiddenHttpCallIsRefusedWithAJsonReason() {
        String cacheBase = cache.baseUrl();
        List<Call> calls = List.of(
                new Call("look-up without a key", "GET", cacheBase + "/v1/reputation/" + REF, null, 401, "no API key"),
                new Call("look-up with a wrong key", "GET", cacheBase + "/v1/reputation/" + REF, "osn_not-a-key", 401, "not recognised"),
                new Call("look-up with a revoked key", "GET", cacheBase + "/v1/reputation/" + REF, keys.get("retired"), 401, "not recognised"),
                new Call("updates without a key", "GET", cacheBase + "/v1/updates?since=", null, 401, "no API key"),
                new Call("endpoint key reads cache metrics", "GET", cacheBase + "/metrics", keys.get("fleet"), 403, "role OPS"),
                new Call("ops key looks reputations up", "GET", cacheBase + "/v1/reputation/" + REF, keys.get("grafana"), 403, "look up reputations"),
                new Call("statistics without a key", "GET", analystBase + "/api/v1/threats/top?window=1h", null, 401, "no API key"),
                new Call("endpoint key reads statistics", "GET", analystBase + "/api/v1/threats/top?window=1h", keys.get("fleet"), 403,
                        "read statistics"),
                new Call("endpoint key reads an object's statistics", "GET", analystBase + "/api/v1/objects/" + REF, keys.get("fleet"), 403,
                        "read statistics"),
                new Call("endpoint key overrides a verdict", "POST", analystBase + "/api/v1/verdicts", keys.get("fleet"), 403, "override verdicts"),
                new Call("ops key reads statistics", "GET", analystBase + "/api/v1/sources/top", keys.get("grafana"), 403, "read statistics"),
                new Call("analyst key reads analyst-API metrics", "GET", analystBase + "/metrics", keys.get("alice"), 403, "role OPS"),
                new Call("internal route without a key", "GET", analystBase + "/internal/threats/top?from=0&to=1&limit=1", null, 401, "no API key"),
                new Call("raw topic over HTTP", "GET", analystBase + "/api/v1/topics/" + cluster.topics.detectionsRaw().name(), keys.get("alice"),
                        404, ""),
                new Call("dead letters over HTTP", "GET", analystBase + "/api/v1/dead-letters", keys.get("alice"), 404, ""),
                new Call("raw events from the cache", "GET", cacheBase + "/v1/raw/" + cluster.topics.detectionsRaw().name(), keys.get("fleet"),
                        404, ""));
        List<DynamicTest> tests = new ArrayList<>();
        for (Call c : calls) {
            tests.add(DynamicTest.dynamicTest(c.what(), () -> {
                HttpResponse<String> r = send(c.method(), c.url(), c.key());
                assertThat(r.statusCode()).as(c.what() + ": " + r.body()).isEqualTo(c.status());
                if (c.status() != 404) {
                    assertThat(r.headers().firstValue("Content-Type")).get().asString().contains("application/json");
                    assertThat(r.body()).contains("\"reason\":").contains(c.reason());
                    if (c.key() != null) {
                        assertThat(r.body()).doesNotContain(c.key());
                    }
                }
            }));
        }
        return tests;
    }

    @Test
    void anEndpointKeyLooksUpTheVerdictTheCacheReadAsItsOwnPrincipal() throws Exception {
        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            HttpResponse<String> r = send("GET", cache.baseUrl() + "/v1/reputation/" + REF, keys.get("fleet"));
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("MALICIOUS");
        });
        assertThat(send("GET", cache.baseUrl() + "/health", null).statusCode()).isNotIn(401, 403);
    }

    @Test
    void anAnalystKeyPassesTheKeyCheckAndOpsReadsMetrics() throws Exception {
        assertThat(send("GET", analystBase + "/api/v1/threats/top?window=1h", keys.get("alice")).statusCode()).isEqualTo(503);
        assertThat(send("GET", analystBase + "/metrics", keys.get("grafana")).statusCode()).isEqualTo(200);
        assertThat(send("GET", cache.baseUrl() + "/metrics", keys.get("grafana")).statusCode()).isEqualTo(200);
    }

    private HttpResponse<String> send(String method, String url, String key) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .method(method, method.equals("POST") ? HttpRequest.BodyPublishers.ofString("{}") : HttpRequest.BodyPublishers.noBody());
        if (key != null) {
            b.header("X-API-Key", key);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
