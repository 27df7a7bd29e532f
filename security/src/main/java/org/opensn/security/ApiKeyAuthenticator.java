package org.opensn.security;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Checks the API key of an HTTP request against the roles of a key file. No web framework: the
 * caller passes the two header values and the permission the route needs, and turns the
 * {@link AuthResult} into a response (status, {@link AuthResult#toJson()} body, and
 * {@code WWW-Authenticate} on 401).
 *
 * <pre>{@code
 * ApiKeyAuthenticator auth = ApiKeyAuthenticator.fromFile(Path.of("/etc/opensn/api-keys"));
 * AuthResult r = auth.authenticate(ctx.header("Authorization"), ctx.header("X-API-Key"), Permission.STATISTICS_READ);
 * if (!r.isAllowed()) { ctx.status(r.status()).contentType("application/json").result(r.toJson()); return; }
 * }</pre>
 *
 * <p>The key is sent as {@code Authorization: Bearer <key>} or {@code X-API-Key: <key>}. Only its
 * SHA-256 is compared. Thread-safe.
 */
public interface ApiKeyAuthenticator {

    /**
     * Reads the key file now (failing fast on a bad file) and re-reads it when it changes, checked
     * at most every 2 seconds, so revoking a key takes effect without a restart. A file that turns
     * bad later keeps the last good keys and logs why.
     */
    static ApiKeyAuthenticator fromFile(Path keyFile) {
        return new FileApiKeyAuthenticator(keyFile, Clock.systemUTC(), Duration.ofSeconds(2));
    }

    /** As {@link #fromFile(Path)} with an injected clock and re-check interval (tests). */
    static ApiKeyAuthenticator fromFile(Path keyFile, Clock clock, Duration recheck) {
        return new FileApiKeyAuthenticator(keyFile, clock, recheck);
    }

    /** A fixed set of keys. */
    static ApiKeyAuthenticator of(List<ApiKeyEntry> entries) {
        return new FixedApiKeyAuthenticator(entries);
    }

    /**
     * Decides one request.
     *
     * @param authorizationHeader the {@code Authorization} header value, or null
     * @param apiKeyHeader the {@code X-API-Key} header value, or null
     * @param required what the route needs
     */
    AuthResult authenticate(String authorizationHeader, String apiKeyHeader, Permission required);

    /**
     * The key a request presents ({@code Authorization: Bearer <key>} or {@code X-API-Key}), e.g.
     * to forward an accepted key on calls to other instances; null when it presents none.
     *
     * @throws IllegalArgumentException when the headers are malformed or carry two different keys
     */
    static String presentedKey(String authorizationHeader, String apiKeyHeader) {
        return FixedApiKeyAuthenticator.presentedKey(authorizationHeader, apiKeyHeader);
    }
}
