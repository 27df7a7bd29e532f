package org.opensn.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Locale;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * An endpoint's licence key and everything derived from it. The key itself never leaves the
 * endpoint and is never stored by the network.
 *
 * <p>Scheme (version 1), with {@code n} the normalised key (spaces and dashes dropped, upper case,
 * at least 16 letters or digits):
 * <ul>
 *   <li>licence id = the first 16 hex digits of {@code SHA-256("opensn-licence-id|" + n)};
 *   <li>Kafka principal = {@code endpoint-<licence id>};
 *   <li>SCRAM password = base64url (no padding) of {@code PBKDF2-HMAC-SHA256(password = n,
 *       salt = "opensn-scram-password|" + licence id, 100,000 iterations, 256 bits)}.
 * </ul>
 * The endpoint derives principal and password from its one secret; the administrator derives the
 * same two with {@code opensn-admin licence register --key K} and the broker stores only the SCRAM
 * salted hash of the derived password (SCRAM-SHA-512, 8,192 iterations). The id is public (it
 * names the principal and appears in ACLs and logs); 64 bits of a hash of a key with at least
 * 80 bits of entropy reveal nothing usable about the key. PBKDF2 makes guessing a weak key from a
 * stolen derived password slow; it is deterministic, so nothing but the key has to be kept.
 *
 * <p>{@link #toString()} shows the licence id, never the key.
 */
public final class LicenceKey {

    /** Prefix of every endpoint principal. */
    public static final String PRINCIPAL_PREFIX = "endpoint-";
    /** Minimum number of letters and digits in a licence key. */
    public static final int MIN_LENGTH = 16;
    static final int PBKDF2_ITERATIONS = 100_000;

    private final String normalised;
    private final String id;

    private LicenceKey(String normalised) {
        this.normalised = normalised;
        this.id = Hashing.sha256Hex("opensn-licence-id|" + normalised).substring(0, 16);
    }

    /**
     * Parses a licence key as a person would type it: spaces and dashes are ignored, case does not
     * matter.
     *
     * @throws IllegalArgumentException when the key is empty, too short or holds other characters
     *     (the message never repeats the key)
     */
    public static LicenceKey parse(String key) {
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("licence key is empty: set licence.key (or OPENSN_LICENCE_KEY) to the key you were given");
        }
        StringBuilder n = new StringBuilder(key.length());
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c == '-' || Character.isWhitespace(c)) {
                continue;
            }
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
                n.append(c);
            } else {
                throw new IllegalArgumentException("licence key holds a character other than letters, digits, dashes and spaces"
                        + " (at position " + (i + 1) + "): check that it was copied completely and nothing else with it");
            }
        }
        if (n.length() < MIN_LENGTH) {
            throw new IllegalArgumentException("licence key has " + n.length() + " letters or digits, at least " + MIN_LENGTH
                    + " are needed: check that it was copied completely");
        }
        return new LicenceKey(n.toString().toUpperCase(Locale.ROOT));
    }

    /** The public licence id: 16 lower-case hex digits. */
    public String id() {
        return id;
    }

    /** The Kafka principal name ({@code User:} is not included): {@code endpoint-<id>}. */
    public String principal() {
        return PRINCIPAL_PREFIX + id;
    }

    /** The SCRAM password derived from the key (see the class comment). Costs about 0.1 s of CPU. */
    public String scramPassword() {
        PBEKeySpec spec = new PBEKeySpec(normalised.toCharArray(),
                ("opensn-scram-password|" + id).getBytes(StandardCharsets.UTF_8), PBKDF2_ITERATIONS, 256);
        try {
            byte[] derived = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
            return Base64.getUrlEncoder().withoutPadding().encodeToString(derived);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot derive PBKDF2WithHmacSHA256 keys", e);
        } finally {
            spec.clearPassword();
        }
    }

    /** The Kafka client settings ({@code sasl.mechanism}, {@code sasl.jaas.config}) that log in with this key. */
    public java.util.Map<String, String> saslClientSettings() {
        return ScramCredentials.clientSettings(principal(), scramPassword());
    }

    /** True when {@code principal} names an endpoint ({@code endpoint-<16 hex>}). */
    public static boolean isEndpointPrincipal(String principal) {
        return principal != null && principal.matches(PRINCIPAL_PREFIX + "[0-9a-f]{16}");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LicenceKey other && normalised.equals(other.normalised);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    @Override
    public String toString() {
        return "licence " + id;
    }
}
