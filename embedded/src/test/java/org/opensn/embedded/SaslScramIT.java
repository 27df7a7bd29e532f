package org.opensn.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class SaslScramIT {

    @Test
    void wrongPasswordIsRefusedAndTheRightOneWorksAcrossARestart() throws Exception {
        KafkaSecurity security = KafkaSecurity.saslScram("admin", "admin-secret").withUser("alice", "alice-secret");
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().security(security).build().start()) {
            Throwable refused = catchThrowable(() -> describeCluster(kafka.clientProperties("alice", "wrong")));
            assertThat(refused).isInstanceOf(ExecutionException.class).cause().isInstanceOf(SaslAuthenticationException.class);

            String topic = "sasl-" + UUID.randomUUID();
            kafka.createTopic(topic, 1);
            send(kafka.clientProperties("alice", "alice-secret"), topic);

            kafka.stop();
            kafka.start();
            send(kafka.clientProperties("alice", "alice-secret"), topic);
            assertThat(catchThrowable(() -> describeCluster(kafka.clientProperties("alice", "wrong"))))
                    .cause().isInstanceOf(SaslAuthenticationException.class);
        }
    }

    @Test
    void aclsDenyUntilGrantedAndUsersCanBeAddedAtRuntime() throws Exception {
        KafkaSecurity security = KafkaSecurity.saslScram("admin", "admin-secret").withAcls();
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().security(security).build().start()) {
            String topic = "acl-" + UUID.randomUUID();
            kafka.createTopic(topic, 1);
            kafka.createUser("bob", "bob-secret");
            Map<String, Object> bob = kafka.clientProperties("bob", "bob-secret");

            assertThatThrownBy(() -> send(bob, topic)).cause().isInstanceOf(TopicAuthorizationException.class);

            try (Admin admin = Admin.create(kafka.clientProperties())) {
                admin.createAcls(List.of(
                        allow("bob", topic, AclOperation.WRITE),
                        allow("bob", topic, AclOperation.DESCRIBE))).all().get(60, TimeUnit.SECONDS);
            }
            send(bob, topic);
        }
    }

    @Test
    void saslSslWithAGeneratedCertificate() throws Exception {
        KafkaSecurity security = KafkaSecurity.saslScram("admin", "admin-secret").withUser("carol", "carol-secret").withTls();
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().security(security).build().start()) {
            Map<String, Object> carol = kafka.clientProperties("carol", "carol-secret");
            assertThat(carol).containsEntry("security.protocol", "SASL_SSL").containsKey("ssl.truststore.location");
            String topic = "tls-" + UUID.randomUUID();
            kafka.createTopic(topic, 1);
            send(carol, topic);

            assertThat(catchThrowable(() -> describeCluster(kafka.clientProperties("carol", "wrong"))))
                    .cause().isInstanceOf(SaslAuthenticationException.class);

            Map<String, Object> noTruststore = new HashMap<>(carol);
            noTruststore.remove("ssl.truststore.location");
            noTruststore.remove("ssl.truststore.password");
            noTruststore.remove("ssl.truststore.type");
            assertThat(catchThrowable(() -> describeCluster(noTruststore)))
                    .as("a client that does not trust the generated certificate")
                    .cause().isInstanceOf(SslAuthenticationException.class);

            kafka.stop();
            kafka.start();
            send(carol, topic);
        }
    }

    @Test
    void plaintextBrokerRefusesSaslOnlyCalls() {
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().build()) {
            assertThat(kafka.security().isSasl()).isFalse();
            assertThatThrownBy(() -> kafka.clientProperties("a", "b")).hasMessageContaining("KafkaSecurity.saslScram");
            assertThatThrownBy(() -> kafka.createUser("a", "b")).hasMessageContaining("plaintext");
        }
    }

    private static AclBinding allow(String user, String topic, AclOperation operation) {
        return new AclBinding(new ResourcePattern(ResourceType.TOPIC, topic, PatternType.LITERAL),
                new AccessControlEntry("User:" + user, "*", operation, AclPermissionType.ALLOW));
    }

    private static void describeCluster(Map<String, Object> client) throws Exception {
        Map<String, Object> config = new HashMap<>(client);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 60_000);
        try (Admin admin = Admin.create(config)) {
            admin.describeCluster().nodes().get(60, TimeUnit.SECONDS);
        }
    }

    private static void send(Map<String, Object> client, String topic) throws Exception {
        Map<String, Object> config = new HashMap<>(client);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 60_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 30_000);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "k", "v")).get(90, TimeUnit.SECONDS);
        }
    }
}
