package org.opensn.cache;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Objects;
import org.opensn.cache.http.CacheHttpServer;

/**
 * The {@code opensn-reputation-cache} service: a {@link VerdictSubscriber} and the HTTP API over
 * it, built from a {@link CacheConfig}. The HTTP API answers at once ({@code /health} says
 * LOADING, look-ups 503) and serves verdicts once the table has caught up.
 */
public final class ReputationCacheService implements AutoCloseable {

    private final VerdictSubscriber subscriber;
    private final CacheHttpServer http;

    private ReputationCacheService(VerdictSubscriber subscriber, CacheHttpServer http) {
        this.subscriber = subscriber;
        this.http = http;
    }

    /** Starts subscriber and HTTP API. */
    public static ReputationCacheService start(CacheConfig config) {
        Objects.requireNonNull(config, "config");
        VerdictSubscriber subscriber = config.subscriber().build().start();
        try {
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            org.opensn.security.ApiKeyAuthenticator auth = config.apiKeysFile() == null ? null
                    : org.opensn.security.ApiKeyAuthenticator.fromFile(config.apiKeysFile());
            return new ReputationCacheService(subscriber, CacheHttpServer.start(subscriber, config.http(), registry, auth));
        } catch (RuntimeException e) {
            subscriber.close();
            throw e;
        }
    }

    /** The subscriber behind the API. */
    public VerdictSubscriber subscriber() {
        return subscriber;
    }

    /** The port the HTTP API listens on. */
    public int port() {
        return http.port();
    }

    /** {@code http://HOST:PORT}. */
    public String baseUrl() {
        return http.baseUrl();
    }

    /** Stops the HTTP API, then the subscriber (which writes its final snapshot). */
    @Override
    public void close() {
        try {
            http.close();
        } finally {
            subscriber.close();
        }
    }
}
