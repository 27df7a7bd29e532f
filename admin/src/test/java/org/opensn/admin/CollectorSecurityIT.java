package org.opensn.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.opensn.collector.cli.CollectorCli;
import org.opensn.security.LicenceKey;

/**
 * The collector on a secured network: its licence key is its login; a key that is not (or no
 * longer) registered and a client whose security settings do not match are refused with exit 3
 * and a message saying what to do, never a timeout.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CollectorSecurityIT {

    private static final String KEY = "COLLECTOR-IT-0001-AAAA";
    private static final String NEW_KEY = "COLLECTOR-IT-0002-BBBB";
    private static final String SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    private SecureCluster cluster;
    private Path events;

    @BeforeAll
    void start() throws IOException {
        cluster = new SecureCluster();
        cluster.provision();
        cluster.adminOk("licence", "register", "--key", KEY);
        events = cluster.dir.resolve("events.jsonl");
        Files.writeString(events, "{\"eventId\": \"d-1\", \"eventTime\": \"2026-01-31T12:00:00Z\", \"hostName\": \"DESKTOP-1\", \"userName\": \"anna\","
                + " \"threatName\": \"Trojan.Win32.Agent.abc\", \"threatType\": \"TROJAN\", \"detectionTechnology\": \"signature\","
                + " \"actionTaken\": \"QUARANTINED\", \"objectSha256\": \"" + SHA + "\", \"objectSize\": 12345,"
                + " \"objectPath\": \"C:\\\\Users\\\\anna\\\\Downloads\\\\invoice.pdf.exe\"}\n");
    }

    @AfterAll
    void close() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private record Run(int code, String out, String err) {
    }

    /** A collector config for this cluster: TLS trust, topic names, a state dir, and the given extra lines. */
    private Path config(String name, boolean trust, String... extra) throws IOException {
        Properties p = new Properties();
        p.setProperty("bootstrap.servers", cluster.kafka.bootstrapServers());
        p.setProperty("schema.registry.url", "mock://" + name);
        p.setProperty("state.dir", cluster.dir.resolve("state-" + name).toString());
        p.setProperty("topic.prefix", cluster.prefix);
        p.setProperty("delivery.timeout.ms", "20000");
        if (trust) {
            cluster.kafka.clientProperties().forEach((k, v) -> {
                if (k.startsWith("ssl.")) {
                    p.setProperty("kafka." + k, String.valueOf(v));
                }
            });
        }
        for (String line : extra) {
            int eq = line.indexOf('=');
            p.setProperty(line.substring(0, eq), line.substring(eq + 1));
        }
        Path file = cluster.dir.resolve("collector-" + name + ".properties");
        try (var w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            p.store(w, null);
        }
        return file;
    }

    private static Run collector(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = CollectorCli.run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aRegisteredLicenceKeyIsTheWholeLoginAndPublishes() throws Exception {
        Path config = config("registered", true, "licence.key=" + KEY);
        Run check = collector("check-connection", "--config", config.toString());
        assertThat(check.code()).as(check.toString()).isZero();
        assertThat(check.out()).contains("credentials accepted (SASL_SSL)").contains("raw topics writable");

        assertThat(collector("mode", "set", "extended", "--config", config.toString()).code()).isZero();
        Run publish = collector("publish", "--config", config.toString(), "--events", events.toString());
        assertThat(publish.code()).as(publish.toString()).isZero();
        assertThat(publish.out()).contains("1 lines: 1 sent");
        List<ConsumerRecord<String, String>> raw = Clients.consumeFor(cluster.kafka.clientProperties(), cluster.topics.detectionsRaw().name(),
                java.time.Duration.ofSeconds(3));
        assertThat(raw).extracting(ConsumerRecord::key).contains("file:" + SHA);
    }

    @Test
    void aChangedKeyThatIsNotRegisteredExitsThreeSayingWhatTheAdministratorMustRun() throws Exception {
        Path config = config("changed", true, "licence.key=" + NEW_KEY);
        String id = LicenceKey.parse(NEW_KEY).id();
        Run check = collector("check-connection", "--config", config.toString());
        assertThat(check.code()).as(check.toString()).isEqualTo(3);
        assertThat(check.out()).contains("not registered with this network").contains(id)
                .contains("opensn-admin licence register --key").doesNotContain(NEW_KEY);

        assertThat(collector("mode", "set", "extended", "--config", config.toString()).code()).isZero();
        Run publish = collector("publish", "--config", config.toString(), "--events", events.toString());
        assertThat(publish.code()).as(publish.toString()).isEqualTo(3);
        assertThat(publish.err()).contains("nothing sent").contains("not registered with this network")
                .contains("opensn-admin licence register --key");

        // once the administrator registers the new key, the same config works
        cluster.adminOk("licence", "register", "--key", NEW_KEY);
        assertThat(collector("check-connection", "--config", config.toString()).code()).isZero();
        cluster.adminOk("licence", "revoke", "--key", NEW_KEY);
        assertThat(collector("check-connection", "--config", config.toString()).out()).contains("not registered with this network");
    }

    @Test
    void aPlaintextClientOnTheSaslPortIsToldTheSecuritySettingsDoNotMatch() throws Exception {
        Path config = config("plaintext", false);
        Run check = collector("check-connection", "--config", config.toString());
        assertThat(check.code()).as(check.toString()).isEqualTo(3);
        assertThat(check.out()).contains("security settings do not match").contains("expects SSL or SASL_SSL")
                .contains("uses PLAINTEXT").contains("security.protocol=SASL_SSL");

        assertThat(collector("mode", "set", "extended", "--config", config.toString()).code()).isZero();
        Run publish = collector("publish", "--config", config.toString(), "--events", events.toString());
        assertThat(publish.code()).as(publish.toString()).isEqualTo(3);
        assertThat(publish.err()).contains("security settings do not match");
    }

    @Test
    void aClientThatDoesNotTrustTheCertificateIsToldSo() throws Exception {
        Path config = config("untrusted", false, "licence.key=" + KEY);
        Run check = collector("check-connection", "--config", config.toString());
        assertThat(check.code()).as(check.toString()).isEqualTo(3);
        assertThat(check.out()).contains("does not trust the broker's certificate").contains("kafka.ssl.truststore.location");
    }

    @Test
    void contradictoryLoginSettingsAreAUsageError() throws Exception {
        Path config = config("contradictory", true, "licence.key=" + KEY, "kafka.security.protocol=PLAINTEXT");
        Run check = collector("check-connection", "--config", config.toString());
        assertThat(check.code()).isEqualTo(2);
        assertThat(check.err()).contains("use SASL_SSL");
    }
}
