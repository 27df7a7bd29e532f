package org.opensn.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class KafkaSecurityTest {

    @Test
    void plaintextIsTheDefault() {
        KafkaSecurity plain = KafkaSecurity.plaintext();
        assertThat(plain.isSasl()).isFalse();
        assertThat(plain.securityProtocol()).isEqualTo("PLAINTEXT");
        assertThatThrownBy(plain::withAcls).hasMessageContaining("KafkaSecurity.saslScram");
        assertThatThrownBy(() -> plain.withUser("a", "b")).hasMessageContaining("KafkaSecurity.saslScram");
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().build()) {
            assertThat(kafka.security()).isEqualTo(plain);
        }
    }

    @Test
    void optionsCombineWithoutChangingTheOriginal() {
        KafkaSecurity base = KafkaSecurity.saslScram("admin", "pw");
        KafkaSecurity full = base.withUser("alice", "a-pw").withAcls().withTls();

        assertThat(base.aclsEnabled()).isFalse();
        assertThat(base.users()).containsOnlyKeys("admin");
        assertThat(full.users()).containsOnlyKeys("admin", "alice");
        assertThat(full.aclsEnabled()).isTrue();
        assertThat(full.securityProtocol()).isEqualTo("SASL_SSL");
        assertThat(base.securityProtocol()).isEqualTo("SASL_PLAINTEXT");
        assertThat(full.scramArgument("alice")).isEqualTo("SCRAM-SHA-512=[name=\"alice\",password=\"a-pw\"]");
    }

    @Test
    void neverShowsPasswords() {
        KafkaSecurity security = KafkaSecurity.saslScram("admin", "s3cret-admin").withUser("alice", "s3cret-alice");
        assertThat(security.toString()).contains("admin", "alice").doesNotContain("s3cret");
    }

    @Test
    void rejectsCredentialsTheConfigSyntaxCannotCarry() {
        assertThatThrownBy(() -> KafkaSecurity.saslScram("admin", "")).hasMessageContaining("is empty");
        assertThatThrownBy(() -> KafkaSecurity.saslScram("ad\"min", "pw")).hasMessageContaining("double quote");
        assertThatThrownBy(() -> KafkaSecurity.saslScram("admin", "pw").withUser("bob", "back\\slash"))
                .hasMessageContaining("password of user bob");
        assertThatThrownBy(() -> KafkaSecurity.saslScram("admin", "pw").withUser("admin", "x")).hasMessageContaining("already");
    }

    @Test
    void clientPropertiesForAUser() {
        assertThat(KafkaSecurity.scramClientProperties("bob", "pw"))
                .containsEntry("security.protocol", "SASL_PLAINTEXT")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("sasl.jaas.config",
                        "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"bob\" password=\"pw\";");
    }
}
