package org.opensn.embedded;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How clients authenticate to an {@link EmbeddedKafka} and whether ACLs apply. Immutable.
 *
 * <ul>
 *   <li>{@link #plaintext()} (the default): no authentication, no ACLs.
 *   <li>{@link #saslScram(String, String)}: the client listener speaks {@code SASL_PLAINTEXT} with
 *       {@code SCRAM-SHA-512}; the admin user exists from the start and is the one
 *       {@link EmbeddedKafka#clientProperties()} logs in as. More users with {@link #withUser} (created
 *       when the data directory is formatted) or later with {@link EmbeddedKafka#createUser}.
 *   <li>{@link #withTls()}: {@code SASL_SSL} instead of {@code SASL_PLAINTEXT}, with a self-signed
 *       certificate made for the data directory; the client properties carry its truststore.
 *   <li>{@link #withAcls()}: Kafka's {@code StandardAuthorizer} with
 *       {@code allow.everyone.if.no.acl.found=false}: only the admin (a super user) may do anything
 *       until ACLs are created, e.g. with {@code Admin#createAcls} from the admin's client properties.
 * </ul>
 *
 * <p>The controller listener stays {@code PLAINTEXT} on 127.0.0.1 and its principal
 * {@code User:ANONYMOUS} is a super user (Kafka's broker-to-controller link needs one of these two
 * set-ups); clients never use that port.
 *
 * <p>Users are fixed when the data directory is formatted: reusing a {@code dataDir} formatted with
 * other settings keeps the users it had.
 */
public final class KafkaSecurity {

    /** The SASL mechanism used throughout. */
    public static final String SCRAM_MECHANISM = "SCRAM-SHA-512";

    private static final KafkaSecurity PLAINTEXT = new KafkaSecurity(null, null, Map.of(), false, false);

    private final String adminUser;
    private final String adminPassword;
    private final Map<String, String> users;
    private final boolean acls;
    private final boolean tls;

    private KafkaSecurity(String adminUser, String adminPassword, Map<String, String> users, boolean acls, boolean tls) {
        this.adminUser = adminUser;
        this.adminPassword = adminPassword;
        this.users = Collections.unmodifiableMap(new LinkedHashMap<>(users));
        this.acls = acls;
        this.tls = tls;
    }

    /** No authentication, no ACLs. */
    public static KafkaSecurity plaintext() {
        return PLAINTEXT;
    }

    /** {@code SASL_PLAINTEXT} + {@code SCRAM-SHA-512}, with {@code adminUser} as a super user. */
    public static KafkaSecurity saslScram(String adminUser, String adminPassword) {
        checkCredential("admin user name", adminUser);
        checkCredential("password of admin user " + adminUser, adminPassword);
        Map<String, String> users = new LinkedHashMap<>();
        users.put(adminUser, adminPassword);
        return new KafkaSecurity(adminUser, adminPassword, users, false, false);
    }

    /** A copy with one more SCRAM user, created when the data directory is formatted. */
    public KafkaSecurity withUser(String name, String password) {
        requireSasl("withUser");
        checkCredential("user name", name);
        checkCredential("password of user " + name, password);
        if (users.containsKey(name)) {
            throw new IllegalArgumentException("user " + name + " was already added");
        }
        Map<String, String> more = new LinkedHashMap<>(users);
        more.put(name, password);
        return new KafkaSecurity(adminUser, adminPassword, more, acls, tls);
    }

    /** A copy with ACLs enforced ({@code StandardAuthorizer}, nothing allowed without an ACL but for the admin). */
    public KafkaSecurity withAcls() {
        requireSasl("withAcls");
        return new KafkaSecurity(adminUser, adminPassword, users, true, tls);
    }

    /**
     * A copy whose client listener speaks {@code SASL_SSL}: the broker gets a self-signed certificate
     * for 127.0.0.1 and localhost, made with the JDK's {@code keytool} on first start and kept in the
     * data directory; {@link EmbeddedKafka#clientProperties()} then includes a truststore for it.
     */
    public KafkaSecurity withTls() {
        requireSasl("withTls");
        return new KafkaSecurity(adminUser, adminPassword, users, acls, true);
    }

    /** True when the client listener uses TLS ({@code SASL_SSL}). */
    public boolean tlsEnabled() {
        return tls;
    }

    /** {@code SASL_SSL}, {@code SASL_PLAINTEXT} or {@code PLAINTEXT}: the client listener's protocol. */
    public String securityProtocol() {
        return !isSasl() ? "PLAINTEXT" : tls ? "SASL_SSL" : "SASL_PLAINTEXT";
    }

    /** True for SASL/SCRAM, false for plaintext. */
    public boolean isSasl() {
        return adminUser != null;
    }

    /** True when ACLs are enforced. */
    public boolean aclsEnabled() {
        return acls;
    }

    /** The super user; empty string for plaintext. */
    public String adminUser() {
        return adminUser == null ? "" : adminUser;
    }

    /**
     * The client settings that log in as {@code user}: {@code security.protocol},
     * {@code sasl.mechanism} and {@code sasl.jaas.config}. Usable against any broker speaking
     * SASL_PLAINTEXT with SCRAM-SHA-512.
     */
    public static Map<String, Object> scramClientProperties(String user, String password) {
        checkCredential("user name", user);
        checkCredential("password of user " + user, password);
        Map<String, Object> props = new HashMap<>();
        props.put("security.protocol", "SASL_PLAINTEXT");
        props.put("sasl.mechanism", SCRAM_MECHANISM);
        props.put("sasl.jaas.config", jaasConfig(user, password));
        return props;
    }

    String adminPassword() {
        return adminPassword;
    }

    Map<String, String> users() {
        return users;
    }

    static String jaasConfig(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                + "\" password=\"" + password + "\";";
    }

    /** Format-time SCRAM arguments in {@code kafka-storage.sh --add-scram} syntax. */
    String scramArgument(String user) {
        return SCRAM_MECHANISM + "=[name=\"" + user + "\",password=\"" + users.get(user) + "\"]";
    }

    @Override
    public String toString() {
        if (!isSasl()) {
            return "plaintext";
        }
        return securityProtocol() + "/" + SCRAM_MECHANISM + " admin " + adminUser + ", users " + users.keySet() + (acls ? ", ACLs" : "");
    }

    private void requireSasl(String what) {
        if (!isSasl()) {
            throw new IllegalStateException(what + "() needs SASL: start from KafkaSecurity.saslScram(adminUser, adminPassword)");
        }
    }

    private static void checkCredential(String what, String value) {
        Objects.requireNonNull(value, what);
        if (value.isEmpty()) {
            throw new IllegalArgumentException(what + " is empty");
        }
        for (char c : value.toCharArray()) {
            if (c == '"' || c == '\\' || Character.isISOControl(c)) {
                throw new IllegalArgumentException(what + " contains a double quote, backslash or control character,"
                        + " which the JAAS and SCRAM settings cannot carry; choose another");
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KafkaSecurity other && acls == other.acls && tls == other.tls && Objects.equals(adminUser, other.adminUser)
                && Objects.equals(adminPassword, other.adminPassword) && users.equals(other.users);
    }

    @Override
    public int hashCode() {
        return Objects.hash(adminUser, adminPassword, users, acls, tls);
    }
}
