package org.opensn.security;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * An endpoint's Kafka login made from its licence key, and the messages an endpoint shows when
 * the network refuses it.
 */
public final class EndpointLogin {

    private EndpointLogin() {
    }

    /**
     * {@code kafka} client settings plus the SCRAM login derived from {@code key}:
     * {@code sasl.mechanism}, {@code sasl.jaas.config}, and {@code security.protocol=SASL_SSL}
     * unless a SASL protocol is already set.
     *
     * @throws IllegalArgumentException when the settings already hold a {@code sasl.jaas.config}
     *     (two logins) or a protocol without SASL
     */
    public static Map<String, String> withLicence(Map<String, String> kafka, LicenceKey key) {
        if (kafka.containsKey("sasl.jaas.config")) {
            throw new IllegalArgumentException("both a licence key and kafka.sasl.jaas.config are configured: remove kafka.sasl.jaas.config"
                    + " (the login is derived from the licence key)");
        }
        String protocol = kafka.getOrDefault("security.protocol", "SASL_SSL").trim().toUpperCase(Locale.ROOT);
        if (!protocol.startsWith("SASL_")) {
            throw new IllegalArgumentException("a licence key is configured but kafka.security.protocol is " + protocol
                    + ": use SASL_SSL (or SASL_PLAINTEXT on a trusted network)");
        }
        Map<String, String> out = new HashMap<>(kafka);
        out.put("security.protocol", protocol);
        out.putAll(key.saslClientSettings());
        return out;
    }

    /** The principal a {@code sasl.jaas.config} logs in as, or null when it names none. */
    public static String principalOf(String jaasConfig) {
        if (jaasConfig == null) {
            return null;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("username=\"([^\"]*)\"").matcher(jaasConfig);
        return m.find() ? m.group(1) : null;
    }

    /**
     * What an endpoint says when the broker refuses its SCRAM login: for an endpoint principal, that
     * the licence is not registered with this network (or was revoked) and what the administrator
     * must run; otherwise that the user or password is wrong.
     */
    public static String refusedMessage(String principal) {
        if (LicenceKey.isEndpointPrincipal(principal)) {
            String id = principal.substring(LicenceKey.PRINCIPAL_PREFIX.length());
            return "the licence key (licence id " + id + ", principal " + principal + ") is not registered with this network,"
                    + " or was revoked: the network's administrator must run 'opensn-admin licence register --key <this endpoint's licence key>'"
                    + " (if the licence key was changed recently, the new key needs registering)";
        }
        return "the broker refused the login" + (principal == null ? "" : " of " + principal)
                + ": check the user and password in kafka.sasl.jaas.config, or configure licence.key (OPENSN_LICENCE_KEY)";
    }
}
