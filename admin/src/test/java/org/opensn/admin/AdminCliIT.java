package org.opensn.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.opensn.security.LicenceKey;

/** {@code opensn-admin} against a secured broker: exit codes and messages when the admin's own access is wrong. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminCliIT {

    private SecureCluster cluster;

    @BeforeAll
    void start() {
        cluster = new SecureCluster();
        cluster.provision();
    }

    @AfterAll
    void close() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void registerListRevoke() {
        String key = "ADMIN-CLI-IT-0001-ZZZZ";
        LicenceKey k = LicenceKey.parse(key);
        assertThat(cluster.adminOk(Map.of("OPENSN_LICENCE_KEY", key), "licence", "register").out())
                .contains("registered licence " + k.id()).contains(k.principal()).doesNotContain(key);
        assertThat(cluster.adminOk("licence", "register", "--key", key).out()).contains("renewed");
        SecureCluster.Run list = cluster.adminOk("licence", "list");
        assertThat(list.out()).contains(k.principal()).doesNotContain(key);
        assertThat(cluster.adminOk("licence", "revoke", "--id", k.id()).out()).contains("revoked " + k.principal());
        assertThat(cluster.adminOk("licence", "list").out()).doesNotContain(k.principal());
        SecureCluster.Run again = cluster.admin("licence", "revoke", "--id", k.id());
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).contains("was not registered");
    }

    @Test
    void topicsApplyIsIdempotent() {
        SecureCluster.Run again = cluster.adminOk("topics", "apply");
        assertThat(again.out()).contains("exists   " + cluster.topics.detectionsRaw().name()).doesNotContain("created");
    }

    @Test
    void wrongAdminPasswordExitsThree() {
        SecureCluster.Run r = cluster.admin(Map.of("OPENSN_KAFKA_SASL_JAAS_CONFIG",
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"admin\" password=\"wrong\";"), "licence", "list");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(3);
        assertThat(r.err()).contains("refused the admin's login").contains("kafka.sasl.jaas.config");
    }

    @Test
    void aNonAdminPrincipalCannotAdministerAndExitsThree() {
        String streams = cluster.principals.streams();
        SecureCluster.Run r = cluster.admin(Map.of("OPENSN_KAFKA_SASL_JAAS_CONFIG",
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + streams + "\" password=\"" + streams + "-pw\";"),
                "licence", "register", "--key", "ADMIN-CLI-IT-0002-YYYY");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(3);
        assertThat(r.err()).contains("refused the operation").contains("super user");
    }

    @Test
    void plaintextAgainstTheSaslPortAndANonListeningPortExitFour() throws IOException {
        SecureCluster.Run plain = cluster.admin(Map.of("OPENSN_KAFKA_SECURITY_PROTOCOL", "PLAINTEXT", "OPENSN_ADMIN_TIMEOUT", "PT5S"), "licence", "list");
        assertThat(plain.exitCode()).as(plain.err()).isEqualTo(4);
        assertThat(plain.err()).contains("kafka.security.protocol matches the listener");
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        SecureCluster.Run down = cluster.admin(Map.of("OPENSN_BOOTSTRAP_SERVERS", "127.0.0.1:" + closedPort, "OPENSN_ADMIN_TIMEOUT", "PT3S"),
                "acl", "apply");
        assertThat(down.exitCode()).as(down.err()).isEqualTo(4);
        assertThat(down.err()).contains("127.0.0.1:" + closedPort).contains("did not answer");
        assertThat(Files.exists(cluster.configFile)).isTrue();
    }
}
