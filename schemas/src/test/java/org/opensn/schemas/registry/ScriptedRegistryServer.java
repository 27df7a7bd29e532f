package org.opensn.schemas.registry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real HTTP server on 127.0.0.1 that answers registry requests from a script: per
 * "METHOD path" a queue of answers (the last one repeats). Records every request.
 */
final class ScriptedRegistryServer implements AutoCloseable {

    record Request(String method, String pathAndQuery, Map<String, List<String>> headers, String body) {
        String header(String name) {
            for (var e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }
    }

    record Answer(int status, String body) {
    }

    private final HttpServer server;
    private final Map<String, Deque<Answer>> script = new ConcurrentHashMap<>();
    final List<Request> requests = new CopyOnWriteArrayList<>();

    ScriptedRegistryServer(String basePath) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(basePath.isEmpty() ? "/" : basePath, exchange -> handle(basePath, exchange));
        server.start();
    }

    String url(String basePath) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + basePath;
    }

    /** Answers {@code method pathAndQuery} with these, in order; the last repeats. */
    ScriptedRegistryServer on(String method, String pathAndQuery, Answer... answers) {
        script.put(method + " " + pathAndQuery, new ArrayDeque<>(List.of(answers)));
        return this;
    }

    long count(String method, String pathAndQuery) {
        return requests.stream().filter(r -> r.method().equals(method) && r.pathAndQuery().equals(pathAndQuery)).count();
    }

    private void handle(String basePath, HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String raw = exchange.getRequestURI().getRawPath().substring(basePath.length());
        String query = exchange.getRequestURI().getRawQuery();
        String pathAndQuery = query == null ? raw : raw + "?" + query;
        requests.add(new Request(exchange.getRequestMethod(), pathAndQuery, Map.copyOf(exchange.getRequestHeaders()), body));
        Deque<Answer> answers = script.get(exchange.getRequestMethod() + " " + pathAndQuery);
        Answer answer;
        if (answers == null) {
            answer = new Answer(404, "{\"error_code\":404,\"message\":\"HTTP 404 Not Found\"}");
        } else {
            synchronized (answers) {
                answer = answers.size() > 1 ? answers.poll() : answers.peek();
            }
        }
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/vnd.schemaregistry.v1+json");
        exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
