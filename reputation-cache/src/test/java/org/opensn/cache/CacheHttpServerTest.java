package org.opensn.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opensn.cache.HttpClientSupport.get;
import static org.opensn.cache.HttpClientSupport.post;
import static org.opensn.cache.Verdicts.cached;
import static org.opensn.cache.Verdicts.fileRef;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opensn.cache.http.CacheHttpServer;
import org.opensn.cache.http.HttpSettings;
import org.opensn.schemas.ObjectRef;
import org.opensn.schemas.avro.Verdict;

class CacheHttpServerTest {

    private final VerdictTable table = new VerdictTable("t.verdicts", 1, new long[1]);
    private final TableView view = new TableView(table);
    private CacheHttpServer server;
    private String base;

    @BeforeEach
    void start() {
        server = CacheHttpServer.start(view, HttpSettings.defaults().withPort(0), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        base = server.baseUrl();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void answersAKnownVerdictWithItsFieldsAndTheKnownTtl() {
        String ref = fileRef(7);
        table.apply(0, 0, ref, cached(ref, Verdict.MALICIOUS, 3), 0);
        var a = get(base + "/v1/reputation/" + ref);
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.body().get("ref").asText()).isEqualTo(ref);
        assertThat(a.body().get("verdict").asText()).isEqualTo("MALICIOUS");
        assertThat(a.body().get("version").asLong()).isEqualTo(3);
        assertThat(a.body().get("confidence").asDouble()).isEqualTo(cached(ref, Verdict.MALICIOUS, 3).confidence());
        assertThat(a.body().get("updatedAt").asText()).isEqualTo(cached(ref, Verdict.MALICIOUS, 3).updatedAt().toString());
        assertThat(a.body().get("ttlSeconds").asLong()).isEqualTo(900);
    }

    @Test
    void answersUnknownWithTheNegativeCacheTtl() {
        var a = get(base + "/v1/reputation/domain:never-seen.example");
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.body().get("verdict").asText()).isEqualTo("UNKNOWN");
        assertThat(a.body().get("ttlSeconds").asLong()).isEqualTo(300);
        assertThat(a.body().get("updatedAt").isNull()).isTrue();
    }

    @Test
    void acceptsPercentEncodedUrlRefs() {
        String ref = "url:https://evil.example/a/b?x=1+2";
        table.apply(0, 0, ref, cached(ref, Verdict.SUSPICIOUS, 1), 0);
        var a = get(base + "/v1/reputation/" + ObjectRef.parse(ref).toPathSegment());
        assertThat(a.status()).as(a.raw().body()).isEqualTo(200);
        assertThat(a.body().get("ref").asText()).isEqualTo(ref);
        assertThat(a.body().get("verdict").asText()).isEqualTo("SUSPICIOUS");
    }

    @Test
    void aMalformedRefAnswers400WithTheReason() {
        var a = get(base + "/v1/reputation/file:abc");
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.body().get("error").asText()).contains("SHA-256");
        var b = get(base + "/v1/reputation/colour:blue");
        assertThat(b.status()).isEqualTo(400);
        assertThat(b.body().get("error").asText()).contains("unknown type 'colour'");
        var c = get(base + "/v1/reputation/domain:%FFa.example");
        assertThat(c.status()).isEqualTo(400);
        assertThat(c.body().get("error").asText()).contains("UTF-8");
        var d = get(base + "/v1/reputation/domain:a%20b.example");
        assertThat(d.status()).isEqualTo(400);
        assertThat(d.body().get("error").asText()).contains("space");
    }

    @Test
    void answersABatchInOrder() {
        String known = fileRef(1);
        table.apply(0, 0, known, cached(known, Verdict.CLEAN, 2), 0);
        var a = post(base + "/v1/reputation/batch", "{\"refs\":[\"" + known + "\",\"domain:unknown.example\"]}");
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.body().get("results")).hasSize(2);
        assertThat(a.body().get("results").get(0).get("verdict").asText()).isEqualTo("CLEAN");
        assertThat(a.body().get("results").get(1).get("verdict").asText()).isEqualTo("UNKNOWN");
        assertThat(a.body().get("results").get(1).get("ttlSeconds").asLong()).isEqualTo(300);
    }

    @Test
    void aBatchOfExactlyTheLimitIsAnsweredAndOneMoreIs413() {
        assertThat(post(base + "/v1/reputation/batch", batchOf(1000)).status()).isEqualTo(200);
        var a = post(base + "/v1/reputation/batch", batchOf(1001));
        assertThat(a.status()).isEqualTo(413);
        assertThat(a.body().get("error").asText()).contains("at most 1000");
    }

    @Test
    void aBatchWithAMalformedRefNamesIt() {
        var a = post(base + "/v1/reputation/batch", "{\"refs\":[\"domain:ok.example\",\"ip:999.1.1.1\"]}");
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.body().get("error").asText()).startsWith("refs[1]").contains("IPv4");
        assertThat(post(base + "/v1/reputation/batch", "[1,2]").status()).isEqualTo(400);
        assertThat(post(base + "/v1/reputation/batch", "{\"refs\":").status()).isEqualTo(400);
    }

    @Test
    void whileLoadingLookupsAndHealthAnswer503WithRetryAfter() {
        view.ready = false;
        var a = get(base + "/v1/reputation/domain:x.example");
        assertThat(a.status()).isEqualTo(503);
        assertThat(a.raw().headers().firstValue("Retry-After")).isPresent();
        var h = get(base + "/health");
        assertThat(h.status()).isEqualTo(503);
        assertThat(h.body().get("status").asText()).isEqualTo("LOADING");
        view.ready = true;
        assertThat(get(base + "/health").status()).isEqualTo(200);
    }

    @Test
    void metricsCountLookupsAndHits() {
        String ref = fileRef(9);
        table.apply(0, 0, ref, cached(ref, Verdict.MALICIOUS, 1), 0);
        get(base + "/v1/reputation/" + ref);
        get(base + "/v1/reputation/" + fileRef(10));
        get(base + "/v1/reputation/" + fileRef(11));
        String text = get(base + "/metrics").raw().body();
        assertThat(text).contains("opensn_cache_lookups_total{result=\"hit\"} 1.0")
                .contains("opensn_cache_lookups_total{result=\"miss\"} 2.0")
                .contains("opensn_cache_hit_ratio 0.333")
                .contains("opensn_cache_staleness_seconds")
                .contains("opensn_cache_consumer_lag");
    }

    @Test
    void aLargeSnapshotIsStreamedNotBuffered() {
        for (int i = 0; i < 20_000; i++) {
            table.apply(0, i, fileRef(i), cached(fileRef(i), Verdict.CLEAN, 1), 0);
        }
        var a = get(base + "/v1/updates");
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.raw().headers().firstValue("Transfer-Encoding")).hasValue("chunked");
        assertThat(a.raw().headers().firstValue("Content-Length")).isEmpty();
        assertThat(a.body().get("full").asBoolean()).isTrue();
        assertThat(a.body().get("count").asInt()).isEqualTo(20_000);
        assertThat(a.body().get("checksum").asText()).isEqualTo(table.checksum());
    }

    @Test
    void aMalformedTokenAnswers400() {
        var a = get(base + "/v1/updates?since=not-a-token");
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.body().get("error").asText()).contains("token");
    }

    private static String batchOf(int n) {
        List<String> refs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            refs.add("\"" + fileRef(i) + "\"");
        }
        return "{\"refs\":[" + String.join(",", refs) + "]}";
    }
}
