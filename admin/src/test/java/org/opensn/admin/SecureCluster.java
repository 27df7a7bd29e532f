package org.opensn.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.opensn.embedded.EmbeddedKafka;
import org.opensn.embedded.KafkaSecurity;
import org.opensn.schemas.Topics;
import org.opensn.security.ServicePrincipals;

/**
 * A private SASL_SSL + SCRAM + ACL broker (ACLs deny unless granted) with unique contract topic
 * names and an {@code opensn-admin} config file that logs in as its super user.
 */
final class SecureCluster implements AutoCloseable {

    final EmbeddedKafka kafka;
    final String prefix = "t" + UUID.randomUUID().toString().substring(0, 8) + ".";
    final Topics topics = Topics.withPrefix(prefix);
    final ServicePrincipals principals;
    final Path configFile;
    final Path dir;

    SecureCluster() {
        kafka = EmbeddedKafka.builder().partitions(2)
                // connections re-authenticate every 3 s, so a revoked licence also ends connections already open
                .brokerProperty("connections.max.reauth.ms", "3000")
                .security(KafkaSecurity.saslScram("admin", "admin-secret").withAcls().withTls())
                .build().start();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        principals = new ServicePrincipals("streams-" + suffix, "app-" + suffix, "analyst-" + suffix, "analysis-" + suffix, "cache-" + suffix);
        try {
            dir = Files.createTempDirectory("opensn-admin-it");
            configFile = dir.resolve("admin.properties");
            Properties p = new Properties();
            kafka.clientProperties().forEach((k, v) -> p.setProperty(k.equals("bootstrap.servers") ? k : "kafka." + k, String.valueOf(v)));
            p.setProperty("topic.prefix", prefix);
            p.setProperty("topic.partitions", "2");
            p.setProperty("principal.streams", principals.streams());
            p.setProperty("streams.application.id", principals.streamsApplicationId());
            p.setProperty("principal.analyst", principals.analyst());
            p.setProperty("analyst.group.prefix", principals.analystGroupPrefix());
            p.setProperty("principal.cache", principals.cache());
            p.setProperty("api.keys.file", dir.resolve("api-keys").toString());
            p.setProperty("admin.timeout", "PT60S");
            try (var w = Files.newBufferedWriter(configFile, StandardCharsets.UTF_8)) {
                p.store(w, "opensn-admin IT");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The result of one {@code opensn-admin} run. */
    record Run(int exitCode, String out, String err) {
    }

    Run admin(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] all = new String[args.length + 2];
        all[0] = "--config";
        all[1] = configFile.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        int code = AdminCli.run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), env, all);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    Run admin(String... args) {
        return admin(Map.of(), args);
    }

    Run adminOk(Map<String, String> env, String... args) {
        Run r = admin(env, args);
        assertThat(r.exitCode()).as("opensn-admin %s: %s %s", String.join(" ", args), r.out(), r.err()).isZero();
        return r;
    }

    Run adminOk(String... args) {
        return adminOk(Map.of(), args);
    }

    /** Creates the topics, the three service users (password "<user>-pw") and the role ACLs. */
    void provision() {
        adminOk("topics", "apply");
        for (String user : new String[] {principals.streams(), principals.analyst(), principals.cache()}) {
            adminOk(Map.of("OPENSN_USER_PASSWORD", user + "-pw"), "user", "set", "--name", user);
        }
        adminOk("acl", "apply");
    }

    Map<String, Object> login(String user, String password) {
        return new HashMap<>(kafka.clientProperties(user, password));
    }

    Map<String, Object> service(String user) {
        return login(user, user + "-pw");
    }

    @Override
    public void close() {
        kafka.close();
    }
}
