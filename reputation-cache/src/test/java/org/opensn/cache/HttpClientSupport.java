package org.opensn.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.opensn.schemas.avro.Verdict;

/** A minimal endpoint-side client of the cache API, as a downstream cache would write it. */
final class HttpClientSupport {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private HttpClientSupport() {
    }

    record Answer(int status, JsonNode body, HttpResponse<String> raw) {
    }

    static Answer get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET().build());
    }

    static Answer post(String url, String json) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    private static Answer send(HttpRequest request) {
        try {
            HttpResponse<String> r = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode body = r.body().isEmpty() || !r.body().startsWith("{") ? null : JSON.readTree(r.body());
            return new Answer(r.statusCode(), body, r);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** An endpoint-local copy kept in step through {@code /v1/updates}. */
    static final class LocalCopy {
        final Map<String, String> entries = new HashMap<>(); // ref -> "VERDICT/version"
        String token = "";
        int fullAnswers;
        int deltaAnswers;
        String lastServerChecksum;

        /** One sync; returns the answer. Throws if the client's own checksum disagrees with the server's. */
        JsonNode sync(String baseUrl) {
            Answer a = get(baseUrl + "/v1/updates?since=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
            if (a.status() != 200) {
                throw new AssertionError("updates answered " + a.status() + ": " + a.raw().body());
            }
            JsonNode b = a.body();
            if (b.get("full").asBoolean()) {
                entries.clear();
                fullAnswers++;
            } else {
                deltaAnswers++;
            }
            for (JsonNode c : b.get("changes")) {
                String ref = c.get("ref").asText();
                if (c.path("withdrawn").asBoolean(false)) {
                    entries.remove(ref);
                } else {
                    entries.put(ref, c.get("verdict").asText() + "/" + c.get("version").asLong());
                }
            }
            if (b.get("count").asInt() != b.get("changes").size()) {
                throw new AssertionError("count " + b.get("count") + " != " + b.get("changes").size());
            }
            token = b.get("nextToken").asText();
            lastServerChecksum = b.get("checksum").asText();
            return b;
        }

        String checksum() {
            TableChecksum c = new TableChecksum();
            entries.forEach((ref, v) -> {
                String[] parts = v.split("/");
                c.toggle(ref, Verdict.valueOf(parts[0]), Long.parseLong(parts[1]));
            });
            return c.hex();
        }
    }
}
