package org.opensn.cache.http;

import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Objects;
import org.eclipse.jetty.http.UriCompliance;
import org.opensn.cache.VerdictView;

/**
 * The endpoint-facing reputation API of CONTRACT.md over a {@link VerdictView}:
 * {@code GET /v1/reputation/{ref}}, {@code POST /v1/reputation/batch}, {@code GET /v1/updates?since=},
 * {@code GET /health}, {@code GET /metrics}. See {@link ReputationRoutes} for the answers.
 */
public final class CacheHttpServer implements AutoCloseable {

    /** Largest request body accepted: 1,000 refs of the longest legal length, with room. */
    static final long MAX_REQUEST_BYTES = 4L * 1024 * 1024;

    private final Javalin app;
    private final String host;

    private CacheHttpServer(Javalin app, String host) {
        this.app = app;
        this.host = host;
    }

    /**
     * Starts serving {@code view}; meters go to {@code registry}, which {@code /metrics} scrapes.
     *
     * @throws IllegalStateException if the port cannot be bound (the message names it)
     */
    public static CacheHttpServer start(VerdictView view, HttpSettings settings, PrometheusMeterRegistry registry) {
        return start(view, settings, registry, null);
    }

    /**
     * As {@link #start(VerdictView, HttpSettings, PrometheusMeterRegistry)}; with {@code auth} not null every
     * route but {@code GET /health} needs an API key whose role allows it ({@link org.opensn.security.HttpRoutes#cache}):
     * 401 without or with an unknown key, 403 with a key of the wrong role, both with a JSON reason.
     */
    public static CacheHttpServer start(VerdictView view, HttpSettings settings, PrometheusMeterRegistry registry,
                                        org.opensn.security.ApiKeyAuthenticator auth) {
        Objects.requireNonNull(view, "view");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(registry, "registry");
        ReputationRoutes routes = new ReputationRoutes(view, settings, new CacheMetrics(registry, view), registry);
        Javalin app = Javalin.create(cfg -> {
            cfg.showJavalinBanner = false;
            cfg.startupWatcherEnabled = false;
            cfg.http.maxRequestSize = MAX_REQUEST_BYTES;
            // refs carry URLs: let %2F through to the handler, which decodes the raw segment itself
            cfg.jetty.modifyHttpConfiguration(http -> http.setUriCompliance(UriCompliance.LEGACY));
        });
        if (auth != null) {
            ApiKeyFilter.install(app, auth);
        }
        routes.register(app);
        try {
            app.start(settings.host(), settings.port());
        } catch (RuntimeException e) {
            app.stop();
            throw new IllegalStateException("reputation cache HTTP API cannot listen on " + settings.host() + ":" + settings.port()
                    + " (" + e.getMessage() + "): set cache.http.port to a free port", e);
        }
        return new CacheHttpServer(app, settings.host());
    }

    /** The port actually bound. */
    public int port() {
        return app.port();
    }

    /** {@code http://127.0.0.1:PORT} (the host it listens on). */
    public String baseUrl() {
        return "http://" + hostForUrl() + ":" + port();
    }

    private String hostForUrl() {
        return host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
    }

    @Override
    public void close() {
        app.stop();
    }
}
