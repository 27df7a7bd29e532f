package org.opensn.cache.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.opensn.cache.CachedVerdict;
import org.opensn.cache.Change;
import org.opensn.cache.ChangeSet;
import org.opensn.cache.UpdateToken;
import org.opensn.cache.VerdictView;
import org.opensn.schemas.ObjectRef;

/**
 * The handlers. Answers are JSON; errors are {@code {"error": "..."}} with 400 (malformed ref,
 * body or token), 413 (batch over the limit) or 503 with {@code Retry-After} (table still loading,
 * or an update token ahead of this instance).
 *
 * <p>A verdict answer: {@code {"ref","verdict","confidence","version","updatedAt","ttlSeconds"}};
 * an unknown ref answers verdict UNKNOWN, confidence 0, version 0, updatedAt null and the
 * negative-cache TTL.
 *
 * <p>{@code /v1/updates}: {@code {"full","reason","nextToken","checksum","pollAfterSeconds",
 * "changes":[...], "count"}}, streamed; a change is a verdict answer without ttlSeconds, or
 * {@code {"ref","withdrawn":true}}. The header fields come first so a client knows before the
 * changes whether to replace its copy.
 */
final class ReputationRoutes {

    private static final String REPUTATION_PREFIX = "/v1/reputation/";
    private static final String JSON = "application/json";
    private static final JsonFactory JSON_FACTORY = JsonFactory.builder().build();
    private static final int RETRY_AFTER_SECONDS = 5;

    private final VerdictView view;
    private final HttpSettings settings;
    private final CacheMetrics metrics;
    private final PrometheusMeterRegistry registry;
    private final byte[] constantAnswer;

    ReputationRoutes(VerdictView view, HttpSettings settings, CacheMetrics metrics, PrometheusMeterRegistry registry) {
        this.view = view;
        this.settings = settings;
        this.metrics = metrics;
        this.registry = registry;
        this.constantAnswer = ("{\"ref\":\"domain:example.com\",\"verdict\":\"UNKNOWN\",\"confidence\":0.0,\"version\":0,"
                + "\"updatedAt\":null,\"ttlSeconds\":300}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    void register(Javalin app) {
        app.get("/v1/reputation/{ref}", this::lookup);
        app.post("/v1/reputation/batch", this::batch);
        app.get("/v1/updates", this::updates);
        app.get("/health", this::health);
        app.get("/metrics", this::metrics);
        if (settings.constantEndpoint()) {
            app.get("/v1/benchmark/constant", ctx -> ctx.contentType(JSON).result(constantAnswer));
        }
    }

    private void lookup(Context ctx) throws IOException {
        if (notReady(ctx)) {
            return;
        }
        String uri = ctx.req().getRequestURI();
        int at = uri.indexOf(REPUTATION_PREFIX);
        String raw = at < 0 ? ctx.pathParam("ref") : uri.substring(at + REPUTATION_PREFIX.length());
        ObjectRef ref;
        try {
            ref = RefPath.parse(raw);
        } catch (IllegalArgumentException e) {
            error(ctx, 400, e.getMessage());
            return;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = JSON_FACTORY.createGenerator(out)) {
            writeAnswer(g, ref.toString());
        }
        ctx.contentType(JSON).result(out.toByteArray());
    }

    private void batch(Context ctx) throws IOException {
        if (notReady(ctx)) {
            return;
        }
        List<String> refs = new ArrayList<>();
        try (InputStream body = ctx.bodyInputStream(); JsonParser p = JSON_FACTORY.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                error(ctx, 400, "expected a JSON object {\"refs\": [\"<type>:<value>\", ...]}");
                return;
            }
            boolean sawRefs = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                if (!"refs".equals(field)) {
                    p.skipChildren();
                    continue;
                }
                if (t != JsonToken.START_ARRAY) {
                    error(ctx, 400, "\"refs\" must be an array of object refs");
                    return;
                }
                sawRefs = true;
                while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                    if (t != JsonToken.VALUE_STRING) {
                        error(ctx, 400, "refs[" + refs.size() + "] is not a string");
                        return;
                    }
                    if (refs.size() == settings.maxBatch()) {
                        error(ctx, 413, "a batch holds at most " + settings.maxBatch() + " refs: split it");
                        return;
                    }
                    refs.add(p.getText());
                }
            }
            if (!sawRefs) {
                error(ctx, 400, "the body has no \"refs\" array: send {\"refs\": [\"<type>:<value>\", ...]}");
                return;
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            error(ctx, 400, "the body is not valid JSON: " + e.getOriginalMessage());
            return;
        }
        List<ObjectRef> parsed = new ArrayList<>(refs.size());
        for (int i = 0; i < refs.size(); i++) {
            try {
                parsed.add(ObjectRef.parse(refs.get(i)));
            } catch (IllegalArgumentException e) {
                error(ctx, 400, "refs[" + i + "]: " + e.getMessage());
                return;
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(128 + 160 * parsed.size());
        try (JsonGenerator g = JSON_FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeArrayFieldStart("results");
            for (ObjectRef ref : parsed) {
                writeAnswer(g, ref.toString());
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        ctx.contentType(JSON).result(out.toByteArray());
    }

    private void writeAnswer(JsonGenerator g, String ref) throws IOException {
        CachedVerdict v = view.lookup(ref);
        metrics.lookup(v != null);
        g.writeStartObject();
        g.writeStringField("ref", ref);
        if (v == null) {
            g.writeStringField("verdict", "UNKNOWN");
            g.writeNumberField("confidence", 0.0);
            g.writeNumberField("version", 0L);
            g.writeNullField("updatedAt");
            g.writeNumberField("ttlSeconds", settings.unknownTtl().toSeconds());
        } else {
            writeVerdictFields(g, v);
            g.writeNumberField("ttlSeconds", settings.knownTtl().toSeconds());
        }
        g.writeEndObject();
    }

    private static void writeVerdictFields(JsonGenerator g, CachedVerdict v) throws IOException {
        g.writeStringField("verdict", v.verdict().name());
        g.writeNumberField("confidence", v.confidence());
        g.writeNumberField("version", v.version());
        g.writeStringField("updatedAt", v.updatedAt().toString());
    }

    private void updates(Context ctx) throws IOException {
        if (notReady(ctx)) {
            return;
        }
        String since = ctx.queryParam("since");
        UpdateToken token = null;
        if (since != null && !since.isBlank()) {
            try {
                token = UpdateToken.decode(since);
            } catch (IllegalArgumentException e) {
                error(ctx, 400, e.getMessage());
                return;
            }
        }
        ChangeSet changes;
        try {
            changes = view.changesSince(token);
        } catch (VerdictView.TokenAheadException e) {
            ctx.header("Retry-After", "1");
            error(ctx, 503, e.getMessage());
            return;
        } catch (IllegalStateException e) {
            ctx.header("Retry-After", String.valueOf(RETRY_AFTER_SECONDS));
            error(ctx, 503, e.getMessage());
            return;
        }
        try (changes) {
            metrics.updates(changes.full());
            ctx.status(200).contentType(JSON);
            OutputStream os = ctx.outputStream();
            try (JsonGenerator g = JSON_FACTORY.createGenerator(os)) {
                g.writeStartObject();
                g.writeBooleanField("full", changes.full());
                g.writeStringField("reason", changes.reason());
                g.writeStringField("nextToken", changes.nextToken().encode());
                g.writeStringField("checksum", changes.checksum());
                g.writeNumberField("pollAfterSeconds", settings.pollAfter().toSeconds());
                g.writeArrayFieldStart("changes");
                long count = 0;
                for (Change c : changes) {
                    g.writeStartObject();
                    g.writeStringField("ref", c.ref());
                    if (c.withdrawn()) {
                        g.writeBooleanField("withdrawn", true);
                    } else {
                        writeVerdictFields(g, c.value());
                    }
                    g.writeEndObject();
                    count++;
                }
                g.writeEndArray();
                g.writeNumberField("count", count);
                g.writeEndObject();
            }
        }
    }

    private void health(Context ctx) throws IOException {
        boolean ready = view.isReady();
        long stalenessMillis = view.staleness().toMillis();
        boolean fresh = stalenessMillis <= settings.maxStaleness().toMillis();
        String status = !ready ? "LOADING" : fresh ? "UP" : "STALE";
        ByteArrayOutputStream out = new ByteArrayOutputStream(160);
        try (JsonGenerator g = JSON_FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("status", status);
            g.writeBooleanField("ready", ready);
            g.writeNumberField("verdicts", view.size());
            g.writeNumberField("stalenessSeconds", stalenessMillis / 1000.0);
            g.writeNumberField("lag", view.lag());
            g.writeEndObject();
        }
        if (!"UP".equals(status)) {
            ctx.header("Retry-After", String.valueOf(RETRY_AFTER_SECONDS));
        }
        ctx.status("UP".equals(status) ? 200 : 503).contentType(JSON).result(out.toByteArray());
    }

    private void metrics(Context ctx) {
        ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(registry.scrape());
    }

    private boolean notReady(Context ctx) throws IOException {
        if (view.isReady()) {
            return false;
        }
        ctx.header("Retry-After", String.valueOf(RETRY_AFTER_SECONDS));
        error(ctx, 503, "the reputation cache is still loading verdicts (" + view.size() + " so far): retry shortly");
        return true;
    }

    private static void error(Context ctx, int status, String message) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(message.length() + 16);
        try (JsonGenerator g = JSON_FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("error", message);
            g.writeEndObject();
        }
        ctx.status(status).contentType(JSON).result(out.toByteArray());
    }
}
