package org.opensn.security;

import java.security.SecureRandom;
import java.util.Base64;

/** API key generation and hashing. A key is {@code osn_} + 43 base64url characters (256 random bits). */
public final class ApiKeys {

    /** Prefix of generated keys, so they are recognisable in a secret scanner. */
    public static final String PREFIX = "osn_";

    private ApiKeys() {
    }

    /** A new random key. Show it once to its holder; store only {@link #hash(String)}. */
    public static String generate(SecureRandom random) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The lower-case hex SHA-256 of the key as presented (surrounding spaces dropped). */
    public static String hash(String key) {
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("API key is empty");
        }
        return Hashing.sha256Hex(key.strip());
    }
}
