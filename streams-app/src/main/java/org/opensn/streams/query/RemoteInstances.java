package org.opensn.streams.query;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.apache.kafka.streams.state.HostInfo;

/** Calls the internal endpoints of other instances (JSON over HTTP). */
final class RemoteInstances {

    /** The API key of the request being answered on this thread, forwarded to the other instances (null: none). */
    static final ThreadLocal<String> FORWARDED_KEY = new ThreadLocal<>();

    private final HttpClient http;
    private final ObjectMapper json;
    private final Duration timeout;

    RemoteInstances(ObjectMapper json, Duration timeout) {
        this.json = json;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
    }

    /**
     * GET {@code pathAndQuery} on {@code host}; null on 404.
     *
     * @throws QueryException 503 when the other instance is unavailable or rebalancing, 502 on other failures
     */
    <T> T get(HostInfo host, String pathAndQuery, Class<T> type) {
        URI uri = URI.create("http://" + host.host() + ":" + host.port() + pathAndQuery);
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(timeout).GET();
        String key = FORWARDED_KEY.get();
        if (key != null) {
            builder.header("X-API-Key", key);
        }
        HttpRequest request = builder.build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw QueryException.unavailable("instance " + host.host() + ":" + host.port() + " did not answer (" + e.getClass().getSimpleName()
                    + "); it may be leaving the group, retry shortly");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw QueryException.unavailable("interrupted while asking instance " + host.host() + ":" + host.port());
        }
        int status = response.statusCode();
        if (status == 404) {
            return null;
        }
        if (status == 503) {
            throw QueryException.unavailable("instance " + host.host() + ":" + host.port() + " is rebalancing; retry shortly");
        }
        if (status != 200) {
            throw QueryException.badGateway("instance " + host.host() + ":" + host.port() + " answered " + status + " to " + uri.getPath());
        }
        try {
            return json.readValue(response.body(), type);
        } catch (IOException e) {
            throw QueryException.badGateway("instance " + host.host() + ":" + host.port() + " answered unreadable JSON: " + e.getMessage());
        }
    }
}
