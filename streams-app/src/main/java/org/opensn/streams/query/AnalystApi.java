package org.opensn.streams.query;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.json.JavalinJackson;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.eclipse.jetty.http.UriCompliance;
import org.opensn.schemas.ObjectRef;
import org.opensn.schemas.avro.AnalystVerdict;
import org.opensn.streams.topology.Names;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The analyst HTTP API (CONTRACT.md) on Javalin: top threats, a threat's series, top sources,
 * object details with the current verdict, verdict overrides, OpenAPI, health and Prometheus
 * metrics. Every instance answers every request ({@link QueryRouter}). Figures backed by fewer
 * than k distinct devices are suppressed and say so.
 *
 * <pre>{@code
 * AnalystApi api = AnalystApi.builder(streams).self("127.0.0.1", 8080).k(5)
 *         .verdictWriter(bootstrap, kafkaSettings, serdeConfig, "opensn.analyst-verdicts").build().start("127.0.0.1");
 * }</pre>
 */
public final class AnalystApi implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AnalystApi.class);

    private static final String STATE_ID = "state.id";

    /**
     * Kafka Streams names the tag that says which store a metric is about after the store's type
     * ({@code rocksdb.state.id}, {@code rocksdb.window.state.id}, {@code in.memory.window.state.id}, ...), under
     * the same metric names for every type, and Prometheus takes one set of tag keys per name: the first store
     * type to register a name would keep the others' meters out of {@code /metrics} (Micrometer logs it once).
     * So every store is reported as {@code state.id}, and its type as {@code store.type}
     * ({@code rocksdb}, {@code rocksdb.window}, {@code in.memory.window}, ...).
     */
    static final MeterFilter ONE_STORE_TAG_KEY = new MeterFilter() {
        @Override
        public Meter.Id map(Meter.Id id) {
            if (!id.getName().startsWith("kafka.stream")) {
                return id;
            }
            List<Tag> tags = new ArrayList<>();
            boolean store = false;
            for (Tag tag : id.getTagsAsIterable()) {
                String key = tag.getKey();
                if (key.endsWith("." + STATE_ID)) {
                    tags.add(Tag.of(STATE_ID, tag.getValue()));
                    tags.add(Tag.of("store.type", key.substring(0, key.length() - STATE_ID.length() - 1)));
                    store = true;
                } else {
                    tags.add(tag);
                }
            }
            return store ? id.replaceTags(tags) : id;
        }
    };

    private static final int MAX_LIMIT = 1000;
    private static final int MAX_SERIES_POINTS = 24 * 31;
    private static final long HOUR = Duration.ofHours(1).toMillis();

    private final KafkaStreams streams;
    private final HostInfo self;
    private final int k;
    private final Clock clock;
    private final ObjectMapper json;
    private final QueryRouter router;
    private final LocalStores local;
    private final VerdictWriter writer;
    private final org.opensn.security.ApiKeyAuthenticator auth;
    private final PrometheusMeterRegistry metrics;
    private final KafkaStreamsMetrics streamsMetrics;
    private Javalin app;

    private AnalystApi(Builder b) {
        this.streams = b.streams;
        this.self = new HostInfo(b.advertisedHost, b.port);
        this.k = b.k;
        this.clock = b.clock;
        this.json = new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        this.local = LocalStores.of(streams, k);
        this.auth = b.auth;
        this.router = new QueryRouter(streams, self, local, new RemoteInstances(json, b.queryTimeout));
        this.writer = b.bootstrapServers == null ? null
                : new VerdictWriter(b.bootstrapServers, b.kafkaSettings, b.serdeConfig, b.analystTopic, b.queryTimeout);
        this.metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        metrics.config().meterFilter(ONE_STORE_TAG_KEY);
        this.streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(metrics);
        new JvmMemoryMetrics().bindTo(metrics);
        b.meters.forEach(binder -> binder.bindTo(metrics));
    }

    /** A builder for an API over {@code streams}. */
    public static Builder builder(KafkaStreams streams) {
        return new Builder(streams);
    }

    /** Starts the HTTP server on {@code bindHost} and the configured port; returns this. */
    public AnalystApi start(String bindHost) {
        if (app != null) {
            throw new IllegalStateException("analyst API already started on port " + self.port());
        }
        app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.jsonMapper(new JavalinJackson(json, false));
            config.jetty.modifyHttpConfiguration(http -> http.setUriCompliance(UriCompliance.LEGACY));
        });
        if (auth != null) {
            ApiKeyFilter.install(app, auth);
        }
        app.exception(QueryException.class, this::onQueryException);
        app.exception(Exception.class, this::onUnexpected);

        app.get("/api/v1/threats/top", this::topThreats);
        app.get("/api/v1/threats/{name}/series", this::series);
        app.get("/api/v1/sources/top", this::topSources);
        app.get("/api/v1/objects/<ref>", this::object);
        app.post("/api/v1/verdicts", this::postVerdict);
        app.delete("/api/v1/verdicts/<ref>", this::deleteVerdict);
        app.get("/api/v1/openapi.json", this::openApi);
        app.get("/health", this::health);
        app.get("/metrics", this::metrics);

        app.get(QueryRouter.INTERNAL + "/threats/top", this::internalTopThreats);
        app.get(QueryRouter.INTERNAL + "/threats/{name}/series", this::internalSeries);
        app.get(QueryRouter.INTERNAL + "/sources/top", this::internalTopSources);
        app.get(QueryRouter.INTERNAL + "/objects/<ref>", this::internalObject);
        app.start(bindHost, self.port());
        LOG.info("analyst API listening on {}:{} (advertised as {}:{})", bindHost, self.port(), self.host(), self.port());
        return this;
    }

    /** The port the server listens on. */
    public int port() {
        return app == null ? self.port() : app.port();
    }

    // ---- public API ----

    private void topThreats(Context ctx) {
        Period p = period(ctx.queryParam("window"));
        int limit = limit(ctx.queryParam("limit"));
        Model.ThreatsPart part = router.topThreats(p.from, p.to, limit);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("window", p.name);
        body.put("from", p.from);
        body.put("to", p.to);
        body.put("k", k);
        body.put("threats", part.threats());
        body.put("suppressed", suppressedNote(part.suppressed(), "threats"));
        ctx.json(body);
    }

    private void series(Context ctx) {
        String name = ctx.pathParam("name");
        Instant to = ctx.queryParam("to") == null ? nextHour(clock.instant()) : instant("to", ctx.queryParam("to"));
        Instant from = ctx.queryParam("from") == null ? to.minus(Duration.ofHours(24)) : instant("from", ctx.queryParam("from"));
        String step = ctx.queryParam("step") == null ? "1h" : ctx.queryParam("step");
        long stepMillis = stepMillis(step);
        from = Instant.ofEpochMilli(Math.floorDiv(from.toEpochMilli(), HOUR) * HOUR);
        if (!to.isAfter(from)) {
            throw QueryException.badRequest("'to' (" + to + ") must be after 'from' (" + from + ")");
        }
        if ((to.toEpochMilli() - from.toEpochMilli()) / stepMillis > MAX_SERIES_POINTS) {
            throw QueryException.badRequest("from..to/step gives more than " + MAX_SERIES_POINTS + " points: use a larger step or a shorter range");
        }
        ctx.json(router.series(name, from, to, stepMillis, step));
    }

    private void topSources(Context ctx) {
        Period p = period(ctx.queryParam("window"));
        int limit = limit(ctx.queryParam("limit"));
        Model.SourcesPart part = router.topSources(p.from, p.to, limit);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("window", p.name);
        body.put("from", p.from);
        body.put("to", p.to);
        body.put("k", k);
        body.put("sources", part.sources());
        body.put("suppressed", suppressedNote(part.suppressed(), "domains"));
        ctx.json(body);
    }

    private void object(Context ctx) {
        ObjectRef ref = ref(ctx.pathParam("ref"));
        Model.ObjectView view = router.object(ref.toString());
        if (view == null) {
            throw QueryException.notFound("no statistics and no verdict for " + ref);
        }
        ctx.json(view);
    }

    private void postVerdict(Context ctx) {
        Model.VerdictRequest request;
        try {
            request = json.readValue(ctx.bodyAsBytes(), Model.VerdictRequest.class);
        } catch (IOException e) {
            throw QueryException.badRequest("body is not a JSON verdict request: " + e.getMessage().lines().findFirst().orElse(""));
        }
        AnalystVerdict verdict = VerdictRequests.toAnalystVerdict(request, clock);
        requireWriter().write(verdict.getObjectRef(), verdict);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("objectRef", verdict.getObjectRef());
        body.put("verdict", verdict.getVerdict().name());
        body.put("confidence", verdict.getConfidence());
        body.put("reason", verdict.getReason());
        body.put("createdAt", verdict.getCreatedAt());
        body.put("expiresAt", verdict.getExpiresAt());
        body.put("status", "accepted: the verdict is published once the pipeline has processed it");
        ctx.status(202).json(body);
    }

    private void deleteVerdict(Context ctx) {
        ObjectRef ref = ref(ctx.pathParam("ref"));
        requireWriter().write(ref.toString(), null);
        ctx.status(202).json(Map.of("objectRef", ref.toString(), "status", "accepted: the override is removed, the rules decide again"));
    }

    private void openApi(Context ctx) {
        try (InputStream in = AnalystApi.class.getResourceAsStream("openapi.json")) {
            if (in == null) {
                throw new IllegalStateException("openapi.json is missing from the jar");
            }
            ctx.contentType("application/json").result(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void health(Context ctx) {
        KafkaStreams.State state = streams.state();
        boolean alive = state != KafkaStreams.State.ERROR && state != KafkaStreams.State.NOT_RUNNING
                && state != KafkaStreams.State.PENDING_ERROR && state != KafkaStreams.State.PENDING_SHUTDOWN;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", alive ? "UP" : "DOWN");
        body.put("streams", state.name());
        body.put("ready", state == KafkaStreams.State.RUNNING);
        ctx.status(alive ? 200 : 503).json(body);
    }

    private void metrics(Context ctx) {
        ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape());
    }

    // ---- internal (instance to instance): local stores only ----

    private void internalTopThreats(Context ctx) {
        ctx.json(local.topThreats(instant("from", ctx.queryParam("from")), instant("to", ctx.queryParam("to")), limit(ctx.queryParam("limit"))));
    }

    private void internalTopSources(Context ctx) {
        ctx.json(local.topSources(instant("from", ctx.queryParam("from")), instant("to", ctx.queryParam("to")), limit(ctx.queryParam("limit"))));
    }

    private void internalSeries(Context ctx) {
        String name = ctx.pathParam("name");
        router.requireOwner(Names.THREAT_HOURLY_STORE, name);
        String step = ctx.queryParam("step");
        ctx.json(local.series(name, instant("from", ctx.queryParam("from")), instant("to", ctx.queryParam("to")), stepMillis(step), step));
    }

    private void internalObject(Context ctx) {
        String ref = ref(ctx.pathParam("ref")).toString();
        router.requireOwner(Names.OBJECT_STATS_STORE, ref);
        Model.ObjectView view = local.object(ref);
        if (view == null) {
            throw QueryException.notFound("unknown object");
        }
        ctx.json(view);
    }

    // ---- helpers ----

    private record Period(String name, Instant from, Instant to) {
    }

    /** 1h = the current hourly window; 24h and 7d = that many hourly windows up to and including the current one. */
    private Period period(String window) {
        String name = window == null ? "24h" : window;
        Duration d = switch (name) {
            case "1h" -> Duration.ofHours(1);
            case "24h" -> Duration.ofHours(24);
            case "7d" -> Duration.ofDays(7);
            default -> throw QueryException.badRequest("window '" + name + "' is not one of 1h, 24h, 7d");
        };
        Instant end = nextHour(clock.instant());
        return new Period(name, end.minus(d), end.minusMillis(1));
    }

    private static Instant nextHour(Instant t) {
        return t.truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1));
    }

    private static int limit(String text) {
        if (text == null) {
            return 10;
        }
        try {
            int limit = Integer.parseInt(text);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw QueryException.badRequest("limit '" + text + "' must be an integer within 1.." + MAX_LIMIT);
    }

    private static Instant instant(String param, String text) {
        if (text == null) {
            throw QueryException.badRequest(param + " is missing: an ISO-8601 instant such as 2030-01-31T12:00:00Z");
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw QueryException.badRequest(param + " '" + text + "' is not an ISO-8601 instant such as 2030-01-31T12:00:00Z");
        }
    }

    /** {@code 1h}, {@code 6h}, {@code 24h}, {@code 1d}, {@code 7d} or an ISO-8601 duration; a whole number of hours. */
    static long stepMillis(String step) {
        if (step == null) {
            return HOUR;
        }
        Duration d;
        try {
            if (step.matches("[1-9][0-9]{0,3}h")) {
                d = Duration.ofHours(Long.parseLong(step.substring(0, step.length() - 1)));
            } else if (step.matches("[1-9][0-9]{0,2}d")) {
                d = Duration.ofDays(Long.parseLong(step.substring(0, step.length() - 1)));
            } else {
                d = Duration.parse(step);
            }
        } catch (DateTimeParseException e) {
            throw QueryException.badRequest("step '" + step + "' is not a duration such as 1h, 6h, 1d or PT1H");
        }
        if (d.isNegative() || d.isZero() || d.toMillis() % HOUR != 0) {
            throw QueryException.badRequest("step '" + step + "' must be a positive whole number of hours (windows are hourly)");
        }
        return d.toMillis();
    }

    private static ObjectRef ref(String text) {
        try {
            return ObjectRef.parse(text);
        } catch (IllegalArgumentException e) {
            throw QueryException.badRequest(e.getMessage() + " (percent-encode the ref as one path segment, e.g. file%3A<sha256>)");
        }
    }

    private Map<String, Object> suppressedNote(int count, String what) {
        Map<String, Object> note = new LinkedHashMap<>();
        note.put("count", count);
        note.put("reason", count + " " + what + " not shown: backed by fewer than k=" + k + " distinct devices");
        return note;
    }

    private VerdictWriter requireWriter() {
        if (writer == null) {
            throw QueryException.unavailable("this instance was started without a verdict writer");
        }
        return writer;
    }

    private void onQueryException(QueryException e, Context ctx) {
        if (e.status() == 503) {
            ctx.header("Retry-After", Integer.toString(e.retryAfterSeconds()));
        }
        ctx.status(e.status()).json(new Model.Error(e.status(), e.getMessage()));
    }

    private void onUnexpected(Exception e, Context ctx) {
        LOG.error("analyst API request {} {} failed", ctx.method(), ctx.path(), e);
        ctx.status(500).json(new Model.Error(500, "internal error: " + e.getClass().getSimpleName()));
    }

    @Override
    public void close() {
        if (app != null) {
            app.stop();
        }
        if (writer != null) {
            writer.close();
        }
        streamsMetrics.close();
        metrics.close();
    }

    /** Builder of {@link AnalystApi}. */
    public static final class Builder {
        private final KafkaStreams streams;
        private String advertisedHost = "127.0.0.1";
        private int port = 8080;
        private int k = 5;
        private Clock clock = Clock.systemUTC();
        private Duration queryTimeout = Duration.ofSeconds(10);
        private String bootstrapServers;
        private Map<String, String> kafkaSettings = Map.of();
        private Map<String, Object> serdeConfig = Map.of();
        private String analystTopic;
        private org.opensn.security.ApiKeyAuthenticator auth;
        private final List<MeterBinder> meters = new ArrayList<>();

        private Builder(KafkaStreams streams) {
            if (streams == null) {
                throw new IllegalArgumentException("streams is null");
            }
            this.streams = streams;
        }

        /** Host and port other instances reach this one at (must equal the app's {@code application.server}); the server listens on that port. */
        public Builder self(String advertisedHost, int port) {
            this.advertisedHost = advertisedHost;
            this.port = port;
            return this;
        }

        public Builder k(int k) {
            if (k < 1) {
                throw new IllegalArgumentException("k must be at least 1, got " + k);
            }
            this.k = k;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public Builder queryTimeout(Duration timeout) {
            this.queryTimeout = timeout;
            return this;
        }

        /** Enables POST/DELETE /api/v1/verdicts, writing to {@code analystTopic}. */
        public Builder verdictWriter(String bootstrapServers, Map<String, String> kafkaSettings, Map<String, Object> serdeConfig,
                String analystTopic) {
            this.bootstrapServers = bootstrapServers;
            this.kafkaSettings = Map.copyOf(kafkaSettings);
            this.serdeConfig = Map.copyOf(serdeConfig);
            this.analystTopic = analystTopic;
            return this;
        }

        /**
         * Requires API keys ({@code Authorization: Bearer <key>} or {@code X-API-Key}) with the role each route needs
         * ({@link org.opensn.security.HttpRoutes#analyst}): statistics and {@code /internal/**} ANALYST, verdict
         * overrides ANALYST, {@code /metrics} OPS, {@code /health} none. 401 without or with an unknown key, 403 for
         * the wrong role, with a JSON reason. The caller's key is forwarded to the instances a query fans out to.
         * Null (the default): no authentication.
         */
        public Builder apiKeys(org.opensn.security.ApiKeyAuthenticator auth) {
            this.auth = auth;
            return this;
        }

        /** More meters for {@code GET /metrics}, beside Kafka Streams' and the JVM's. */
        public Builder meters(MeterBinder binder) {
            meters.add(binder);
            return this;
        }

        public AnalystApi build() {
            return new AnalystApi(this);
        }
    }
}
