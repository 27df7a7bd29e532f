package org.opensn.streams.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opensn.security.ApiKeyAuthenticator;
import org.opensn.security.ApiKeyEntry;
import org.opensn.security.ApiKeys;
import org.opensn.security.Role;
import org.opensn.streams.topology.PipelineFixture;
import org.opensn.streams.topology.PipelineTopology;

/** The analyst API with API keys: statistics and overrides for analysts only, metrics for OPS, health for all. */
class AnalystApiAuthTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private final String endpointKey = ApiKeys.generate(new SecureRandom());
    private final String analystKey = ApiKeys.generate(new SecureRandom());
    private final String opsKey = ApiKeys.generate(new SecureRandom());
    private KafkaStreams streams;
    private AnalystApi api;
    private int port;

    @BeforeEach
    void start() throws IOException {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "api-auth-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
        props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("opensn-api").toString());
        streams = new KafkaStreams(new PipelineTopology(PipelineFixture.config()).build(), props);
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ApiKeyAuthenticator auth = ApiKeyAuthenticator.of(List.of(new ApiKeyEntry(ApiKeys.hash(endpointKey), Role.ENDPOINT, "fleet"),
                new ApiKeyEntry(ApiKeys.hash(analystKey), Role.ANALYST, "alice"), new ApiKeyEntry(ApiKeys.hash(opsKey), Role.OPS, "grafana")));
        api = AnalystApi.builder(streams).self("127.0.0.1", port).k(5).apiKeys(auth).build().start("127.0.0.1");
    }

    @AfterEach
    void stop() {
        api.close();
        streams.close(Duration.ofSeconds(5));
    }

    @Test
    void statisticsNeedAnAnalystKey() throws Exception {
        HttpResponse<String> none = send("GET", "/api/v1/threats/top?window=1h", null);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).isPresent();
        assertThat(none.body()).contains("\"error\":\"unauthorized\"");
        assertThat(send("GET", "/api/v1/threats/top?window=1h", "osn_wrong").statusCode()).isEqualTo(401);
        HttpResponse<String> endpoint = send("GET", "/api/v1/threats/top?window=1h", endpointKey);
        assertThat(endpoint.statusCode()).isEqualTo(403);
        assertThat(endpoint.body()).contains("\"error\":\"forbidden\"").contains("read statistics").contains("ANALYST");
        assertThat(send("GET", "/api/v1/threats/top?window=1h", analystKey).statusCode()).as("past the key check: not queryable yet").isEqualTo(503);
        assertThat(send("GET", "/internal/threats/top?from=0&to=1&limit=1", null).statusCode()).isEqualTo(401);
    }

    @Test
    void verdictOverridesNeedAnAnalystKey() throws Exception {
        assertThat(send("POST", "/api/v1/verdicts", endpointKey).statusCode()).isEqualTo(403);
        assertThat(send("DELETE", "/api/v1/verdicts/domain:a.example", opsKey).statusCode()).isEqualTo(403);
        assertThat(send("POST", "/api/v1/verdicts", analystKey).statusCode()).isNotIn(401, 403);
    }

    @Test
    void metricsForOpsHealthForAll() throws Exception {
        assertThat(send("GET", "/metrics", analystKey).statusCode()).isEqualTo(403);
        assertThat(send("GET", "/metrics", opsKey).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/health", null).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/api/v1/openapi.json", null).statusCode()).isEqualTo(200);
    }

    private HttpResponse<String> send(String method, String path, String key) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, method.equals("POST") ? HttpRequest.BodyPublishers.ofString("{}") : HttpRequest.BodyPublishers.noBody());
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
