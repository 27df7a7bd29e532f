package org.opensn.embedded.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.opensn.embedded.EmbeddedKafka;

@ExtendWith(EmbeddedServicesExtension.class)
class EmbeddedServicesExtensionIT {

    private static EmbeddedKafka fromBeforeAll;

    @BeforeAll
    static void injectedIntoLifecycleMethods(EmbeddedKafka kafka) {
        fromBeforeAll = kafka;
    }

    @Test
    void injectsOneRunningBrokerPerJvm(EmbeddedKafka kafka) throws Exception {
        assertThat(kafka).isSameAs(fromBeforeAll).isSameAs(EmbeddedServices.kafka());
        assertThat(kafka.isRunning()).isTrue();

        String topic = "shared-" + UUID.randomUUID();
        kafka.createTopic(topic, 2);
        try (Admin admin = Admin.create(new HashMap<>(kafka.clientProperties()))) {
            assertThat(admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()).hasSize(2);
        }
    }

    @Test
    void sharedBrokerCannotBeStoppedOrClosedByATest(EmbeddedKafka kafka) {
        assertThatThrownBy(kafka::stop).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("EmbeddedKafka.builder()");
        assertThatThrownBy(kafka::close).isInstanceOf(UnsupportedOperationException.class);
        assertThat(kafka.isRunning()).isTrue();
        assertThat(kafka.clientProperties()).isEqualTo(Map.of("bootstrap.servers", kafka.bootstrapServers()));
    }
}
