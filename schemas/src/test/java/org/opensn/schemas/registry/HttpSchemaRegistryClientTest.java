package org.opensn.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.opensn.schemas.avro.ReputationVerdict;
import org.opensn.schemas.registry.ScriptedRegistryServer.Answer;

class HttpSchemaRegistryClientTest {

    private static final String BASE = "/apis/ccompat/v7";
    private static final Schema SCHEMA = ReputationVerdict.getClassSchema();
    private static final String SCHEMA_JSON = quote(SCHEMA.toString());

    private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
    private ScriptedRegistryServer server;
    private SchemaRegistryClient client;

    @AfterEach
    void close() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private SchemaRegistryClient client(Map<String, Object> extra) throws IOException {
        if (server == null) {
            server = new ScriptedRegistryServer(BASE);
        }
        Map<String, Object> config = new HashMap<>();
        config.put(SchemaRegistryClientConfig.URL, server.url(BASE));
        config.put(SchemaRegistryClientConfig.RETRY_BACKOFF_MS, 100);
        config.put(SchemaRegistryClientConfig.RETRY_BACKOFF_MAX_MS, 250);
        config.putAll(extra);
        client = SchemaRegistryClients.create(config, sleeps::add);
        return client;
    }

    @Test
    void registerPostsTheSchemaWithTheConfluentMediaTypeAndCachesTheId() throws Exception {
        server = new ScriptedRegistryServer(BASE).on("POST", "/subjects/opensn.verdicts-value/versions", new Answer(200, "{\"id\":42}"));
        client(Map.of());

        assertThat(client.register("opensn.verdicts-value", SCHEMA)).isEqualTo(42);
        assertThat(client.register("opensn.verdicts-value", SCHEMA)).isEqualTo(42);
        assertThat(client.schemaById(42)).isEqualTo(SCHEMA); // known from the register call: no GET

        assertThat(server.requests).hasSize(1);
        ScriptedRegistryServer.Request request = server.requests.get(0);
        assertThat(request.header("Content-Type")).isEqualTo("application/vnd.schemaregistry.v1+json");
        assertThat(request.header("Accept")).startsWith("application/vnd.schemaregistry.v1+json");
        assertThat(new ObjectMapper().readTree(request.body()).get("schema").asText()).isEqualTo(SCHEMA.toString());
        assertThat(request.header("Authorization")).isNull();
    }

    @Test
    void schemaByIdIsFetchedOnceEvenUnderConcurrency() throws Exception {
        server = new ScriptedRegistryServer(BASE).on("GET", "/schemas/ids/7", new Answer(200, "{\"schema\":" + SCHEMA_JSON + "}"));
        client(Map.of());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Schema>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 32; i++) {
                results.add(pool.submit(() -> client.schemaById(7)));
            }
            for (Future<Schema> f : results) {
                assertThat(f.get(60, TimeUnit.SECONDS)).isEqualTo(SCHEMA);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(server.count("GET", "/schemas/ids/7")).isEqualTo(1);
    }

    @Test
    void sendsBasicAuthFromUserInfo() throws Exception {
        server = new ScriptedRegistryServer(BASE).on("GET", "/config", new Answer(200, "{\"compatibilityLevel\":\"FULL\"}"));
        client(Map.of(SchemaRegistryClientConfig.BASIC_AUTH_USER_INFO, "svc:s3cr:et"));
        assertThat(client.globalCompatibility()).isEqualTo(Compatibility.FULL);
        assertThat(server.requests.get(0).header("Authorization"))
                .isEqualTo("Basic " + Base64.getEncoder().encodeToString("svc:s3cr:et".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void refusedCredentialsFailAtOnceNamingTheFix() throws Exception {
        server = new ScriptedRegistryServer(BASE).on("GET", "/schemas/ids/3",
                new Answer(401, "{\"error_code\":40101,\"message\":\"Unauthorized\"}"));
        client(Map.of(SchemaRegistryClientConfig.BASIC_AUTH_USER_INFO, "svc:wrong"));
        assertThatThrownBy(() -> client.schemaById(3))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("registry at " + server.url(BASE))
                .hasMessageContaining("schema id 3")
                .hasMessageContaining("error 40101")
                .hasMessageContaining("Unauthorized")
                .hasMessageNotContaining("wrong");
        assertThat(server.requests).hasSize(1);
        assertThat(sleeps).isEmpty();
    }

    @Test
    void incompatibleSchemaConfluentStyleNamesSubjectCodeAndReason() throws Exception {
        server = new ScriptedRegistryServer(BASE).on("POST", "/subjects/opensn.verdicts-value/versions", new Answer(409,
                "{\"error_code\":40901,\"message\":\"Schema being registered is incompatible with an earlier schema; reader field 'x' has no default\"}"));
        client(Map.of());
        assertThatThrownBy(() -> client.register("opensn.verdicts-value", SCHEMA))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.isIncompatible()).isTrue();
                    assertThat(e.errorCode()).isEqualTo(40901);
                    assertThat(e.httpStatus()).isEqualTo(409);
                })
                .hasMessage("registry at " + server.url(BASE) + " refused schema for subject opensn.verdicts-value: error 40901 incompatible: "
                        + "Schema being registered is incompatible with an earlier schema; reader field 'x' has no default");
        assertThat(sleeps).isEmpty();
    }

    @Test
    void incompatibleSchemaApicurioStyleIsRecognisedToo() throws Exception {
        server = new ScriptedRegistryServer(BASE).on("POST", "/subjects/s-value/versions",
                new Answer(409, "{\"error_code\":409,\"message\":\"Incompatible artifact: [field removed]\"}"));
        client(Map.of());
        assertThatThrownBy(() -> client.register("s-value", SCHEMA))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.isIncompatible()).isTrue())
                .hasMessageContaining("error 409 incompatible: Incompatible artifact: [field removed]");
    }

    @Test
    void invalidSchemaIsAnError422() throws Exception {
        server = new ScriptedRegistryServer(BASE).on("POST", "/subjects/s-value/versions",
                new Answer(422, "{\"error_code\":42201,\"message\":\"Invalid schema\"}"));
        client(Map.of());
        assertThatThrownBy(() -> client.register("s-value", SCHEMA))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("error 42201 invalid schema: Invalid schema");
    }

    @Test
    void unknownIdIs40403() throws Exception {
        server = new ScriptedRegistryServer(BASE).on("GET", "/schemas/ids/999",
                new Answer(404, "{\"error_code\":40403,\"message\":\"Schema 999 not found\"}"));
        client(Map.of());
        assertThatThrownBy(() -> client.schemaById(999))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.isNotFound()).isTrue())
                .hasMessageContaining("could not return schema id 999: error 40403 schema not found: Schema 999 not found");
    }

    @Test
    void retriesServerErrorsWithGrowingBackoffThenSucceeds() throws Exception {
        server = new ScriptedRegistryServer(BASE).on("GET", "/schemas/ids/5",
                new Answer(503, "busy"), new Answer(500, "{\"error_code\":50001,\"message\":\"store\"}"),
                new Answer(200, "{\"schema\":" + SCHEMA_JSON + "}"));
        client(Map.of());
        assertThat(client.schemaById(5)).isEqualTo(SCHEMA);
        assertThat(server.count("GET", "/schemas/ids/5")).isEqualTo(3);
        assertThat(sleeps).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
    }

    @Test
    void givesUpOnServerErrorsAfterTheConfiguredRetries() throws Exception {
        server = new ScriptedRegistryServer(BASE).on("GET", "/schemas/ids/5",
                new Answer(500, "{\"error_code\":50001,\"message\":\"Error in the backend data store\"}"));
        client(Map.of(SchemaRegistryClientConfig.MAX_RETRIES, "2"));
        assertThatThrownBy(() -> client.schemaById(5))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("error 50001 registry backend store error: Error in the backend data store");
        assertThat(server.count("GET", "/schemas/ids/5")).isEqualTo(3);
        assertThat(sleeps).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
    }

    @Test
    void unreachableRegistryFailsAfterBoundedRetriesNamingTheUrl() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port;
        client = SchemaRegistryClients.create(Map.of(SchemaRegistryClientConfig.URL, url, SchemaRegistryClientConfig.MAX_RETRIES, 3,
                SchemaRegistryClientConfig.RETRY_BACKOFF_MS, 100, SchemaRegistryClientConfig.RETRY_BACKOFF_MAX_MS, 300), sleeps::add);
        assertThatThrownBy(() -> client.register("s-value", SCHEMA))
                .isInstanceOfSatisfying(SchemaRegistryException.class,
                        e -> assertThat(e.httpStatus()).isEqualTo(SchemaRegistryException.UNREACHABLE))
                .hasMessageContaining("registry at " + url + " unreachable while registering a schema for subject s-value, after 4 attempts")
                .hasMessageContaining("ConnectException")
                .hasMessageContaining("schema.registry.url");
        assertThat(sleeps).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(300));
    }

    @Test
    void aRegistryThatNeverAnswersTimesOutPerRequestAndIsRetriedBoundedly() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            // the kernel accepts connections into the backlog; nobody ever answers
            String url = "http://127.0.0.1:" + silent.getLocalPort();
            client = SchemaRegistryClients.create(Map.of(SchemaRegistryClientConfig.URL, url, SchemaRegistryClientConfig.REQUEST_TIMEOUT_MS, 300,
                    SchemaRegistryClientConfig.MAX_RETRIES, 1, SchemaRegistryClientConfig.RETRY_BACKOFF_MS, 10), sleeps::add);
            assertThatThrownBy(() -> client.schemaById(1))
                    .isInstanceOf(SchemaRegistryException.class)
                    .hasMessageContaining("registry at " + url + " unreachable while fetching schema id 1, after 2 attempts")
                    .hasMessageContaining("HttpTimeoutException");
            assertThat(sleeps).containsExactly(Duration.ofMillis(10));
        }
    }

    @Test
    void failsOverToTheNextUrl() throws Exception {
        int deadPort;
        try (ServerSocket s = new ServerSocket(0)) {
            deadPort = s.getLocalPort();
        }
        server = new ScriptedRegistryServer(BASE).on("POST", "/subjects/s-value/versions", new Answer(200, "{\"id\":3}"));
        client = SchemaRegistryClients.create(Map.of(SchemaRegistryClientConfig.URL,
                "http://127.0.0.1:" + deadPort + BASE + ", " + server.url(BASE) + "/", SchemaRegistryClientConfig.RETRY_BACKOFF_MS, 1), sleeps::add);
        assertThat(client.register("s-value", SCHEMA)).isEqualTo(3);
        assertThat(sleeps).hasSize(1);
    }

    @Test
    void latestVersionParsesConfluentAnswer() throws Exception {
        server = new ScriptedRegistryServer(BASE).on("GET", "/subjects/s-value/versions/latest",
                new Answer(200, "{\"subject\":\"s-value\",\"version\":4,\"id\":11,\"schema\":" + SCHEMA_JSON + "}"));
        client(Map.of());
        assertThat(client.latest("s-value")).isEqualTo(new RegisteredSchema("s-value", 11, 4, SCHEMA));
    }

    @Test
    void compatibilityCheckReportsTheRegistryMessages() throws Exception {
        server = new ScriptedRegistryServer(BASE).on("POST", "/compatibility/subjects/s-value/versions/latest?verbose=true",
                new Answer(200, "{\"is_compatible\":false,\"messages\":[\"READER_FIELD_MISSING_DEFAULT_VALUE at /fields/9\"]}"));
        client(Map.of());
        CompatibilityCheck check = client.checkCompatibility("s-value", SCHEMA);
        assertThat(check.compatible()).isFalse();
        assertThat(check.messages()).containsExactly("READER_FIELD_MISSING_DEFAULT_VALUE at /fields/9");
    }

    @Test
    void compatibilityCheckOfANewSubjectIsCompatible() throws Exception {
        server = new ScriptedRegistryServer(BASE).on("POST", "/compatibility/subjects/new-value/versions/latest?verbose=true",
                new Answer(404, "{\"error_code\":40401,\"message\":\"Subject 'new-value' not found.\"}"));
        client(Map.of());
        assertThat(client.checkCompatibility("new-value", SCHEMA).compatible()).isTrue();
    }

    @Test
    void subjectCompatibilityFallsBackToGlobalOnConfluent404() throws Exception {
        server = new ScriptedRegistryServer(BASE)
                .on("GET", "/config/s-value?defaultToGlobal=true",
                        new Answer(404, "{\"error_code\":40408,\"message\":\"Subject 's-value' does not have subject-level compatibility configured\"}"))
                .on("GET", "/config", new Answer(200, "{\"compatibilityLevel\":\"BACKWARD\"}"));
        client(Map.of());
        assertThat(client.compatibility("s-value")).isEqualTo(Compatibility.BACKWARD);
    }

    @Test
    void subjectCompatibilityApicurioStyle200() throws Exception {
        server = new ScriptedRegistryServer(BASE)
                .on("GET", "/config/s-value?defaultToGlobal=true", new Answer(200, "{\"compatibilityLevel\":\"FULL_TRANSITIVE\"}"));
        client(Map.of());
        assertThat(client.compatibility("s-value")).isEqualTo(Compatibility.FULL_TRANSITIVE);
    }

    @Test
    void putConfigSendsTheLevel() throws Exception {
        server = new ScriptedRegistryServer(BASE)
                .on("PUT", "/config", new Answer(200, "{\"compatibility\":\"BACKWARD\"}"))
                .on("PUT", "/config/s-value", new Answer(200, "{\"compatibility\":\"NONE\"}"));
        client(Map.of());
        client.setGlobalCompatibility(Compatibility.BACKWARD);
        client.setCompatibility("s-value", Compatibility.NONE);
        ObjectMapper json = new ObjectMapper();
        assertThat(json.readTree(server.requests.get(0).body()).get("compatibility").asText()).isEqualTo("BACKWARD");
        assertThat(json.readTree(server.requests.get(1).body()).get("compatibility").asText()).isEqualTo("NONE");
    }

    @Test
    void lookUpWithoutRegistering() throws Exception {
        server = new ScriptedRegistryServer(BASE)
                .on("POST", "/subjects/s-value", new Answer(200, "{\"subject\":\"s-value\",\"id\":8,\"version\":1,\"schema\":" + SCHEMA_JSON + "}"))
                .on("POST", "/subjects/t-value", new Answer(404, "{\"error_code\":40403,\"message\":\"Schema not found\"}"));
        client(Map.of());
        assertThat(client.lookUpId("s-value", SCHEMA)).isEqualTo(8);
        assertThatThrownBy(() -> client.lookUpId("t-value", SCHEMA))
                .isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("has no such schema registered under subject t-value")
                .hasMessageContaining("40403");
    }

    @Test
    void nonAvroSchemaByIdIsRefused() throws Exception {
        server = new ScriptedRegistryServer(BASE).on("GET", "/schemas/ids/4",
                new Answer(200, "{\"schemaType\":\"PROTOBUF\",\"schema\":\"syntax = \\\"proto3\\\";\"}"));
        client(Map.of());
        assertThatThrownBy(() -> client.schemaById(4)).isInstanceOf(SchemaRegistryException.class).hasMessageContaining("PROTOBUF");
    }

    @Test
    void badSettingsFailFastNamingTheKey() {
        assertThatThrownBy(() -> SchemaRegistryClients.create(Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("schema.registry.url is not set");
        assertThatThrownBy(() -> SchemaRegistryClients.create(Map.of(SchemaRegistryClientConfig.URL, "http://u:p@host:8081")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("basic.auth.user.info");
        assertThatThrownBy(() -> SchemaRegistryClients.create(Map.of(SchemaRegistryClientConfig.URL, "http://h:1",
                SchemaRegistryClientConfig.MAX_RETRIES, "many")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("schema.registry.max.retries must be an integer");
        assertThatThrownBy(() -> SchemaRegistryClients.create(Map.of(SchemaRegistryClientConfig.URL, "http://h:1",
                SchemaRegistryClientConfig.BASIC_AUTH_USER_INFO, "nocolon")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("user:password");
        assertThatThrownBy(() -> SchemaRegistryClients.create(Map.of(SchemaRegistryClientConfig.URL, "https://h:1",
                SchemaRegistryClientConfig.SSL_TRUSTSTORE_LOCATION, "/nonexistent/trust.p12")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("/nonexistent/trust.p12");
    }

    private static String quote(String s) {
        try {
            return new ObjectMapper().writeValueAsString(s);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
