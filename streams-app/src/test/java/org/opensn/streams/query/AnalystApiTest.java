package org.opensn.streams.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opensn.schemas.ObjectRef;
import org.opensn.streams.topology.PipelineFixture;
import org.opensn.streams.topology.PipelineTopology;

/** The HTTP layer without a broker: a KafkaStreams that is not started is "not queryable yet". */
class AnalystApiTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private KafkaStreams streams;
    private AnalystApi api;
    private int port;

    @BeforeEach
    void start() throws IOException {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "api-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
        props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("opensn-api").toString());
        streams = new KafkaStreams(new PipelineTopology(PipelineFixture.config()).build(), props);
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        api = AnalystApi.builder(streams).self("127.0.0.1", port).k(5).build().start("127.0.0.1");
    }

    @AfterEach
    void stop() {
        api.close();
        streams.close(Duration.ofSeconds(5));
    }

    @Test
    void queriesAnswer503WithRetryAfterWhileStoresAreNotQueryable() throws Exception {
        for (String path : new String[] {"/api/v1/threats/top?window=1h", "/api/v1/sources/top", "/api/v1/threats/Trojan.A/series",
                "/api/v1/objects/" + ObjectRef.url("https://example.com/a/b?x").toPathSegment()}) {
            HttpResponse<String> r = get(path);
            assertThat(r.statusCode()).as(path + " " + r.body()).isEqualTo(503);
            assertThat(r.headers().firstValue("Retry-After")).as(path).isPresent();
            assertThat(r.body()).contains("retry");
        }
    }

    @Test
    void badInputIs400WithTheReason() throws Exception {
        HttpResponse<String> window = get("/api/v1/threats/top?window=2h");
        assertThat(window.statusCode()).isEqualTo(400);
        assertThat(window.body()).contains("1h, 24h, 7d");
        assertThat(get("/api/v1/threats/top?limit=0").statusCode()).isEqualTo(400);
        HttpResponse<String> ref = get("/api/v1/objects/file%3Ashort");
        assertThat(ref.statusCode()).isEqualTo(400);
        assertThat(ref.body()).contains("SHA-256");
        assertThat(get("/api/v1/objects/nonsense").statusCode()).isEqualTo(400);
        assertThat(get("/api/v1/threats/X/series?step=30m").statusCode()).isEqualTo(400);
        assertThat(get("/api/v1/threats/X/series?from=yesterday").statusCode()).isEqualTo(400);
    }

    @Test
    void healthOpenApiAndMetrics() throws Exception {
        HttpResponse<String> health = get("/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"ready\":false").contains("CREATED");
        HttpResponse<String> openapi = get("/api/v1/openapi.json");
        assertThat(openapi.statusCode()).isEqualTo(200);
        assertThat(openapi.body()).contains("/api/v1/threats/top", "/api/v1/objects/{ref}", "Retry-After");
        HttpResponse<String> metrics = get("/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("jvm_memory");
    }

    @Test
    void storeMetricsOfEveryStoreTypeReachPrometheus() {
        // as Micrometer's Kafka binder names the stores' meters: the same name, a tag key per store type
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().meterFilter(AnalystApi.ONE_STORE_TAG_KEY);
        Gauge.builder("kafka.stream.state.num.open.iterators", () -> 1).tags("rocksdb.state.id", "object-stats-v2", "task.id", "0_0")
                .register(registry);
        Gauge.builder("kafka.stream.state.num.open.iterators", () -> 2).tags("in.memory.window.state.id", "threat-partial", "task.id", "0_1")
                .register(registry);
        Gauge.builder("kafka.stream.thread.poll.ratio", () -> 3).tags("thread.id", "t-1").register(registry);

        assertThat(registry.scrape()).contains(
                "kafka_stream_state_num_open_iterators{state_id=\"object-stats-v2\",store_type=\"rocksdb\",task_id=\"0_0\"} 1.0",
                "kafka_stream_state_num_open_iterators{state_id=\"threat-partial\",store_type=\"in.memory.window\",task_id=\"0_1\"} 2.0",
                "kafka_stream_thread_poll_ratio{thread_id=\"t-1\"} 3.0");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
