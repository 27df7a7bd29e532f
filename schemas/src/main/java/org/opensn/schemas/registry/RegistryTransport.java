package org.opensn.schemas.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP to the registry: headers, authentication, retries with back-off on I/O errors and 5xx
 * answers (only), fail-over between several base URLs, and turning refusals into
 * {@link SchemaRegistryException}s with the registry's error code and message.
 */
final class RegistryTransport implements AutoCloseable {

    static final String MEDIA_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final String ACCEPT = MEDIA_TYPE + ", application/vnd.schemaregistry+json; qs=0.9, application/json; qs=0.5";
    private static final Logger LOG = LoggerFactory.getLogger(RegistryTransport.class);
    static final ObjectMapper JSON = new ObjectMapper();

    /** Waits between retries; tests pass one that records instead of sleeping. */
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    /**
     * What a request is for, in the words used by error messages.
     *
     * @param refused what the registry refused, e.g. "refused schema for subject X"
     * @param doing   what was being done, e.g. "registering a schema for subject X"
     */
    record Op(String refused, String doing) {
    }

    /** An answer that is not a retriable failure (2xx, 4xx, or the last 5xx after all retries). */
    record Answer(URI base, int status, JsonNode body, String rawBody) {
        boolean ok() {
            return status >= 200 && status < 300;
        }

        int errorCode() {
            JsonNode code = body.get("error_code");
            return code != null && code.canConvertToInt() ? code.asInt() : status;
        }

        String errorMessage() {
            for (String field : new String[] {"message", "detail", "title"}) {
                JsonNode node = body.get(field);
                if (node != null && node.isTextual() && !node.asText().isBlank()) {
                    return node.asText();
                }
            }
            String raw = rawBody == null ? "" : rawBody.strip();
            return raw.isEmpty() ? "(no message)" : raw.length() > 300 ? raw.substring(0, 300) + "..." : raw;
        }

        SchemaRegistryException failure(Op op) {
            int code = errorCode();
            return new SchemaRegistryException("registry at " + base + " " + op.refused() + ": error " + code + " "
                    + ErrorCodes.describe(code) + ": " + errorMessage(), base.toString(), status, code, null);
        }
    }

    private final RegistrySettings settings;
    private final HttpClient http;
    private final Sleeper sleeper;
    private final String authorization;
    private final AtomicInteger preferredUrl = new AtomicInteger();

    RegistryTransport(RegistrySettings settings, Sleeper sleeper) {
        this.settings = settings;
        this.sleeper = sleeper;
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER);
        if (settings.sslContext() != null) {
            builder.sslContext(settings.sslContext());
        }
        this.http = builder.build();
        this.authorization = settings.userInfo() == null ? null
                : "Basic " + Base64.getEncoder().encodeToString(settings.userInfo().getBytes(StandardCharsets.UTF_8));
    }

    String describeUrls() {
        return settings.describeUrls();
    }

    /**
     * Sends one request, retrying I/O errors and 5xx answers with back-off.
     *
     * @param path path and query below the base URL, starting with '/'
     * @param body JSON body, or null for GET
     * @return the answer; 4xx answers are returned, not thrown, so callers can treat 404 specially
     * @throws SchemaRegistryException when every attempt failed with an I/O error
     */
    Answer send(String method, String path, Object body, Op op) {
        String json = null;
        if (body != null) {
            try {
                json = JSON.writeValueAsString(body);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot encode registry request body", e);
            }
        }
        int attempts = settings.maxRetries() + 1;
        IOException lastError = null;
        URI lastBase = null;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            int index = Math.floorMod(preferredUrl.get(), settings.urls().size());
            URI base = settings.urls().get(index);
            lastBase = base;
            try {
                Answer answer = sendOnce(base, method, path, json);
                if (answer.status() < 500 || attempt == attempts) {
                    return answer;
                }
                LOG.warn("schema registry at {} answered {} while {}; retry {} of {}", base, answer.status(), op.doing(),
                        attempt, settings.maxRetries());
            } catch (IOException e) {
                if (isCertificateProblem(e)) {
                    // a certificate problem does not go away by retrying
                    throw new SchemaRegistryException("TLS with registry at " + base + " failed while " + op.doing() + ": "
                            + e.getClass().getSimpleName() + ": " + e.getMessage() + " (check "
                            + SchemaRegistryClientConfig.SSL_TRUSTSTORE_LOCATION + " and " + SchemaRegistryClientConfig.SSL_KEYSTORE_LOCATION
                            + ")", base.toString(), SchemaRegistryException.UNREACHABLE, SchemaRegistryException.UNREACHABLE, e);
                }
                lastError = e;
                LOG.warn("schema registry at {} unreachable while {} ({}: {}); retry {} of {}", base, op.doing(),
                        e.getClass().getSimpleName(), e.getMessage(), attempt, settings.maxRetries());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SchemaRegistryException("interrupted while " + op.doing() + " at registry " + base, base.toString(),
                        SchemaRegistryException.UNREACHABLE, SchemaRegistryException.UNREACHABLE, e);
            }
            preferredUrl.compareAndSet(index, index + 1);
            if (attempt < attempts) {
                pause(backoff(attempt), op, base);
            }
        }
        String reason = lastError == null ? "no answer" : lastError.getClass().getSimpleName()
                + (lastError.getMessage() == null ? "" : ": " + lastError.getMessage());
        throw new SchemaRegistryException("registry at " + describeUrls() + " unreachable while " + op.doing() + ", after "
                + attempts + (attempts == 1 ? " attempt" : " attempts") + ": " + reason
                + " (check schema.registry.url and that the registry is running)",
                String.valueOf(lastBase), SchemaRegistryException.UNREACHABLE, SchemaRegistryException.UNREACHABLE, lastError);
    }

    /** True when a TLS failure is about certificates (untrusted, wrong host name, refused client certificate). */
    static boolean isCertificateProblem(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof java.security.cert.CertificateException || t instanceof javax.net.ssl.SSLPeerUnverifiedException) {
                return true;
            }
            if (t instanceof SSLException && t.getMessage() != null) {
                String m = t.getMessage();
                if (m.contains("PKIX") || m.contains("certification path") || m.contains("bad_certificate")
                        || m.contains("certificate_required") || m.contains("certificate_unknown") || m.contains("subject alternative")) {
                    return true;
                }
            }
        }
        return false;
    }

    Duration backoff(int attempt) {
        long base = settings.retryBackoff().toMillis();
        long max = settings.retryBackoffMax().toMillis();
        long delay = base << Math.min(attempt - 1, 20);
        return Duration.ofMillis(Math.min(delay, max));
    }

    private void pause(Duration delay, Op op, URI base) {
        try {
            sleeper.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException("interrupted while " + op.doing() + " at registry " + base, base.toString(),
                    SchemaRegistryException.UNREACHABLE, SchemaRegistryException.UNREACHABLE, e);
        }
    }

    private Answer sendOnce(URI base, String method, String path, String json) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(settings.requestTimeout())
                .header("Accept", ACCEPT);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (json == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", MEDIA_TYPE).method(method, HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Answer(base, response.statusCode(), parse(response.body()), response.body());
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return MissingNode.getInstance();
        }
        try {
            JsonNode node = JSON.readTree(body);
            return node == null ? MissingNode.getInstance() : node;
        } catch (JsonProcessingException e) {
            return MissingNode.getInstance();
        }
    }

    @Override
    public void close() {
        http.shutdownNow();
    }
}
