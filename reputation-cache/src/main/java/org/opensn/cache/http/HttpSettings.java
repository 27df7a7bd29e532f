package org.opensn.cache.http;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the endpoint-facing HTTP API.
 *
 * @param host             address to listen on
 * @param port             port to listen on (0: any free port)
 * @param knownTtl         {@code ttlSeconds} answered with a known verdict
 * @param unknownTtl       {@code ttlSeconds} answered with UNKNOWN: how long a client may cache the negative answer
 * @param maxBatch         most refs in one batch request (more: 413)
 * @param pollAfter        {@code pollAfterSeconds} in {@code /v1/updates} answers: the least wait before the next call
 * @param maxStaleness     {@code /health} answers 503 when the table is staler than this
 * @param constantEndpoint also serve {@code GET /v1/benchmark/constant} (a fixed answer, for load-test baselines)
 */
public record HttpSettings(String host, int port, Duration knownTtl, Duration unknownTtl, int maxBatch, Duration pollAfter,
                           Duration maxStaleness, boolean constantEndpoint) {

    public HttpSettings {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("HTTP port " + port + " is out of range 0-65535");
        }
        requireNonNegative(knownTtl, "knownTtl");
        requireNonNegative(unknownTtl, "unknownTtl");
        requireNonNegative(pollAfter, "pollAfter");
        requireNonNegative(maxStaleness, "maxStaleness");
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be at least 1, was " + maxBatch);
        }
    }

    /** The contract defaults: 127.0.0.1:8090, TTL 15 min known / 5 min unknown, batches of 1,000. */
    public static HttpSettings defaults() {
        return new HttpSettings("127.0.0.1", 8090, Duration.ofMinutes(15), Duration.ofMinutes(5), 1000,
                Duration.ofSeconds(10), Duration.ofMinutes(5), false);
    }

    /** The same settings on another port. */
    public HttpSettings withPort(int newPort) {
        return new HttpSettings(host, newPort, knownTtl, unknownTtl, maxBatch, pollAfter, maxStaleness, constantEndpoint);
    }

    /** The same settings with the constant benchmark endpoint on or off. */
    public HttpSettings withConstantEndpoint(boolean on) {
        return new HttpSettings(host, port, knownTtl, unknownTtl, maxBatch, pollAfter, maxStaleness, on);
    }

    private static void requireNonNegative(Duration d, String what) {
        if (d == null || d.isNegative()) {
            throw new IllegalArgumentException(what + " must be zero or positive, was " + d);
        }
    }
}
