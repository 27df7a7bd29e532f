package org.opensn.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opensn.cache.http.CacheHttpServer;
import org.opensn.cache.http.HttpSettings;
import org.opensn.security.ApiKeyAuthenticator;
import org.opensn.security.ApiKeyEntry;
import org.opensn.security.ApiKeys;
import org.opensn.security.Role;

/** The cache API with API keys: endpoints look up, nothing without a key, metrics for OPS only, health for all. */
class CacheHttpAuthTest {

    private final String endpointKey = ApiKeys.generate(new SecureRandom());
    private final String opsKey = ApiKeys.generate(new SecureRandom());
    private final HttpClient http = HttpClient.newHttpClient();
    private CacheHttpServer server;

    @BeforeEach
    void start() {
        ApiKeyAuthenticator auth = ApiKeyAuthenticator.of(List.of(new ApiKeyEntry(ApiKeys.hash(endpointKey), Role.ENDPOINT, "fleet"),
                new ApiKeyEntry(ApiKeys.hash(opsKey), Role.OPS, "grafana")));
        server = CacheHttpServer.start(new TableView(new VerdictTable("t.verdicts", 1, new long[1])), HttpSettings.defaults().withPort(0),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), auth);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> get(String path, String header, String value) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).GET();
        if (header != null) {
            b.header(header, value);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void anEndpointKeyLooksUpByEitherHeader() throws Exception {
        assertThat(get("/v1/reputation/domain:a.example", "Authorization", "Bearer " + endpointKey).statusCode()).isEqualTo(200);
        assertThat(get("/v1/reputation/domain:a.example", "X-API-Key", endpointKey).statusCode()).isEqualTo(200);
        assertThat(get("/v1/updates?since=", "X-API-Key", endpointKey).statusCode()).isEqualTo(200);
    }

    @Test
    void withoutOrWithAWrongKeyIs401WithAJsonReason() throws Exception {
        HttpResponse<String> none = get("/v1/reputation/domain:a.example", null, null);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"opensn\"");
        assertThat(none.body()).contains("\"error\":\"unauthorized\"").contains("X-API-Key");
        HttpResponse<String> wrong = get("/v1/reputation/domain:a.example", "X-API-Key", "osn_wrong");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).contains("not recognised");
    }

    @Test
    void metricsNeedOpsAndHealthNeedsNothing() throws Exception {
        HttpResponse<String> forbidden = get("/metrics", "X-API-Key", endpointKey);
        assertThat(forbidden.statusCode()).isEqualTo(403);
        assertThat(forbidden.body()).contains("\"error\":\"forbidden\"").contains("role OPS");
        assertThat(get("/metrics", "X-API-Key", opsKey).statusCode()).isEqualTo(200);
        assertThat(get("/v1/reputation/domain:a.example", "X-API-Key", opsKey).statusCode()).isEqualTo(403);
        assertThat(get("/health", null, null).statusCode()).isNotIn(401, 403);
    }
}
