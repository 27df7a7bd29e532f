package org.opensn.security;

import java.util.Map;
import java.util.Objects;

/** SCRAM-SHA-512 client settings and the checks the JAAS syntax needs. */
public final class ScramCredentials {

    /** The one SASL mechanism OpenSN uses. */
    public static final String MECHANISM = "SCRAM-SHA-512";
    /** SCRAM iterations for credentials created by {@link ClusterAccess} (Kafka's minimum is 4,096). */
    public static final int ITERATIONS = 8192;

    private ScramCredentials() {
    }

    /**
     * {@code sasl.mechanism} and {@code sasl.jaas.config} that log in as {@code user}; add
     * {@code security.protocol} ({@code SASL_SSL} or {@code SASL_PLAINTEXT}) and, for a private CA,
     * the truststore.
     *
     * @throws IllegalArgumentException when user or password is empty or holds a quote, backslash or control character
     */
    public static Map<String, String> clientSettings(String user, String password) {
        return Map.of("sasl.mechanism", MECHANISM, "sasl.jaas.config", jaasConfig(user, password));
    }

    /** The {@code sasl.jaas.config} value for SCRAM. */
    public static String jaasConfig(String user, String password) {
        check("SCRAM user name", user);
        check("SCRAM password of " + user, password);
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                + "\" password=\"" + password + "\";";
    }

    static void check(String what, String value) {
        Objects.requireNonNull(value, what);
        if (value.isEmpty()) {
            throw new IllegalArgumentException(what + " is empty");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\' || Character.isISOControl(c)) {
                throw new IllegalArgumentException(what + " contains a double quote, backslash or control character,"
                        + " which the JAAS settings cannot carry; choose another");
            }
        }
    }
}
