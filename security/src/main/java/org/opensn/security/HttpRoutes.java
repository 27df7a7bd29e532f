package org.opensn.security;

import java.util.Locale;
import java.util.Optional;

/**
 * Which {@link Permission} each route of the two HTTP APIs needs (CONTRACT.md); empty for the
 * public ones ({@code GET /health}, the analyst API's {@code openapi.json}). Routes not listed need
 * the API's main permission, so a new route is closed until someone decides otherwise.
 */
public final class HttpRoutes {

    private HttpRoutes() {
    }

    /** The analyst API (streams app): statistics, verdict overrides, metrics; {@code /internal/**} as statistics. */
    public static Optional<Permission> analyst(String method, String path) {
        String m = method.toUpperCase(Locale.ROOT);
        if (isHealth(m, path) || (m.equals("GET") && path.equals("/api/v1/openapi.json"))) {
            return Optional.empty();
        }
        if (path.equals("/metrics")) {
            return Optional.of(Permission.METRICS);
        }
        if ((m.equals("POST") || m.equals("DELETE")) && (path.equals("/api/v1/verdicts") || path.startsWith("/api/v1/verdicts/"))) {
            return Optional.of(Permission.VERDICT_OVERRIDE);
        }
        return Optional.of(Permission.STATISTICS_READ);
    }

    /** The reputation cache API: reputation look-ups and updates, metrics. */
    public static Optional<Permission> cache(String method, String path) {
        String m = method.toUpperCase(Locale.ROOT);
        if (isHealth(m, path)) {
            return Optional.empty();
        }
        if (path.equals("/metrics")) {
            return Optional.of(Permission.METRICS);
        }
        return Optional.of(Permission.REPUTATION_READ);
    }

    private static boolean isHealth(String method, String path) {
        return (method.equals("GET") || method.equals("HEAD")) && (path.equals("/health") || path.startsWith("/health/"));
    }
}
