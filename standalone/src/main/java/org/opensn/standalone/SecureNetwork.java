package org.opensn.standalone;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.opensn.embedded.EmbeddedKafka;
import org.opensn.embedded.KafkaSecurity;
import org.opensn.schemas.Topics;
import org.opensn.security.AclTopics;
import org.opensn.security.ApiKeyEntry;
import org.opensn.security.ApiKeyFile;
import org.opensn.security.ApiKeys;
import org.opensn.security.ClusterAccess;
import org.opensn.security.KafkaRoleAcls;
import org.opensn.security.LicenceKey;
import org.opensn.security.Role;
import org.opensn.security.ServicePrincipals;

/**
 * {@code ./opensn up --secure}: SASL_SSL with SCRAM-SHA-512, the {@code StandardAuthorizer} with
 * the role ACLs, one principal per component, a registered demo licence and HTTP API keys. The
 * secrets are made on first run and kept (owner-only) in {@code <data>/credentials.properties}
 * and {@code <data>/api-keys} (hashes); the keys are printed so a person can try the APIs.
 */
final class SecureNetwork {

    static final ServicePrincipals PRINCIPALS = ServicePrincipals.defaults();

    private final Path dir;
    private final Properties secrets;

    private SecureNetwork(Path dir, Properties secrets) {
        this.dir = dir;
        this.secrets = secrets;
    }

    /** Loads the secrets of {@code dir}, making any that are missing. */
    static SecureNetwork in(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve("credentials.properties");
        Properties p = new Properties();
        if (Files.exists(file)) {
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(r);
            }
        }
        SecureRandom random = new SecureRandom();
        boolean changed = false;
        for (String name : List.of("admin", PRINCIPALS.streams(), PRINCIPALS.analyst(), PRINCIPALS.cache())) {
            if (p.getProperty("password." + name) == null) {
                p.setProperty("password." + name, token(random, 24));
                changed = true;
            }
        }
        if (p.getProperty("licence.key") == null) {
            p.setProperty("licence.key", licenceKey(random));
            changed = true;
        }
        Path keyFile = dir.resolve("api-keys");
        for (Role role : Role.values()) {
            String name = "demo-" + role.name().toLowerCase(java.util.Locale.ROOT);
            if (p.getProperty("apikey." + name) == null || !Files.exists(keyFile)) {
                String key = ApiKeys.generate(random);
                if (Files.exists(keyFile)) {
                    ApiKeyFile.remove(keyFile, name);
                }
                ApiKeyFile.append(keyFile, new ApiKeyEntry(ApiKeys.hash(key), role, name));
                p.setProperty("apikey." + name, key);
                changed = true;
            }
        }
        if (changed) {
            Path tmp = dir.resolve("credentials.properties.tmp");
            Files.deleteIfExists(tmp);
            try {
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(tmp);
            }
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                p.store(w, "./opensn up --secure: local demo secrets (keep private)");
            }
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
        return new SecureNetwork(dir, p);
    }

    /** SASL_SSL, SCRAM-SHA-512, ACLs, the admin user as the only super user. */
    KafkaSecurity kafkaSecurity() {
        return KafkaSecurity.saslScram("admin", password("admin")).withAcls().withTls();
    }

    /** As the admin: service users, the role ACLs and the demo licence. Idempotent, so every start may run it. */
    void provision(EmbeddedKafka kafka, Topics topics) {
        AclTopics t = aclTopics(topics);
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            ClusterAccess access = ClusterAccess.using(admin, Duration.ofSeconds(60));
            for (String user : List.of(PRINCIPALS.streams(), PRINCIPALS.analyst(), PRINCIPALS.cache())) {
                access.setUser(user, password(user));
            }
            access.registerLicence(licence(), t);
            access.applyAcls(KafkaRoleAcls.all(PRINCIPALS, t, access.endpointPrincipals()));
        }
    }

    /** Client settings (bootstrap, SASL_SSL, truststore) that log {@code user} in. */
    Map<String, Object> login(EmbeddedKafka kafka, String user) {
        return new HashMap<>(kafka.clientProperties(user, password(user)));
    }

    /** The broker's truststore settings only ({@code ssl.*}), e.g. for an endpoint that logs in with its licence key. */
    static Map<String, Object> trust(EmbeddedKafka kafka) {
        Map<String, Object> ssl = new HashMap<>();
        kafka.clientProperties().forEach((k, v) -> {
            if (k.startsWith("ssl.")) {
                ssl.put(k, v);
            }
        });
        return ssl;
    }

    /**
     * Appends the demo endpoint's login (its licence key and the broker's truststore) to a client
     * settings file, so {@code ./opensn collector check-connection --config FILE} works; the file becomes owner-only.
     */
    void appendEndpointLogin(Path clientProperties, EmbeddedKafka kafka) throws IOException {
        try {
            Files.setPosixFilePermissions(clientProperties, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system
        }
        StringBuilder b = new StringBuilder("# --secure: the demo endpoint's login (SASL_SSL as " + licence().principal() + ")\n");
        b.append("licence.key=").append(licenceKey()).append('\n');
        trust(kafka).forEach((k, v) -> b.append("kafka.").append(k).append('=').append(v).append('\n'));
        Files.writeString(clientProperties, b.toString(), StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
    }

    LicenceKey licence() {
        return LicenceKey.parse(secrets.getProperty("licence.key"));
    }

    String licenceKey() {
        return secrets.getProperty("licence.key");
    }

    String apiKey(Role role) {
        return secrets.getProperty("apikey.demo-" + role.name().toLowerCase(java.util.Locale.ROOT));
    }

    Path apiKeysFile() {
        return dir.resolve("api-keys");
    }

    Path credentialsFile() {
        return dir.resolve("credentials.properties");
    }

    private String password(String user) {
        String p = secrets.getProperty("password." + user);
        if (p == null) {
            throw new IllegalStateException("no password for " + user + " in " + credentialsFile());
        }
        return p;
    }

    static AclTopics aclTopics(Topics t) {
        return new AclTopics(t.detectionsRaw().name(), t.threatSourcesRaw().name(), t.detectionsAnon().name(), t.threatSourcesAnon().name(),
                t.threatStats().name(), t.verdicts().name(), t.analystVerdicts().name(), t.deadLettersRaw());
    }

    private static String token(SecureRandom random, int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static String licenceKey(SecureRandom random) {
        String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            if (i > 0 && i % 5 == 0) {
                b.append('-');
            }
            b.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return b.toString();
    }
}
