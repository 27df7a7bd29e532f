package org.opensn.security;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Keys held in memory, looked up by hash. */
final class FixedApiKeyAuthenticator implements ApiKeyAuthenticator {

    private final Map<String, ApiKeyEntry> byHash;

    FixedApiKeyAuthenticator(List<ApiKeyEntry> entries) {
        Map<String, ApiKeyEntry> m = new HashMap<>();
        for (ApiKeyEntry e : entries) {
            if (m.put(e.hash(), e) != null) {
                throw new IllegalArgumentException("two API keys have the same hash (" + e.name() + "); remove one");
            }
        }
        this.byHash = Map.copyOf(m);
    }

    @Override
    public AuthResult authenticate(String authorizationHeader, String apiKeyHeader, Permission required) {
        String presented;
        try {
            presented = presentedKey(authorizationHeader, apiKeyHeader);
        } catch (IllegalArgumentException e) {
            return AuthResult.unauthorized(e.getMessage());
        }
        if (presented == null) {
            return AuthResult.unauthorized("no API key: send 'Authorization: Bearer <key>' or 'X-API-Key: <key>'");
        }
        ApiKeyEntry entry = byHash.get(ApiKeys.hash(presented));
        if (entry == null) {
            return AuthResult.unauthorized("API key not recognised (wrong, mistyped or revoked): ask the administrator for a key"
                    + " ('opensn-admin apikey create')");
        }
        if (!entry.role().allows(required)) {
            return AuthResult.forbidden(entry, "API key '" + entry.name() + "' has role " + entry.role() + ", which may not "
                    + describe(required) + "; that needs a key with role " + Role.firstAllowing(required));
        }
        return AuthResult.allowed(entry);
    }

    static String presentedKey(String authorization, String apiKey) {
        String bearer = null;
        if (authorization != null && !authorization.isBlank()) {
            String a = authorization.strip();
            if (a.equalsIgnoreCase("bearer")) {
                throw new IllegalArgumentException("Authorization header has 'Bearer' but no key");
            }
            if (!a.toLowerCase(Locale.ROOT).startsWith("bearer ")) {
                throw new IllegalArgumentException("Authorization header must be 'Bearer <key>'");
            }
            bearer = a.substring("bearer ".length()).strip();
            if (bearer.isEmpty()) {
                throw new IllegalArgumentException("Authorization header has 'Bearer' but no key");
            }
        }
        String header = apiKey == null || apiKey.isBlank() ? null : apiKey.strip();
        if (bearer != null && header != null && !bearer.equals(header)) {
            throw new IllegalArgumentException("Authorization and X-API-Key carry different keys; send one");
        }
        return bearer != null ? bearer : header;
    }

    private static String describe(Permission p) {
        return switch (p) {
            case REPUTATION_READ -> "look up reputations";
            case STATISTICS_READ -> "read statistics";
            case VERDICT_OVERRIDE -> "override verdicts";
            case METRICS -> "read metrics";
        };
    }
}
