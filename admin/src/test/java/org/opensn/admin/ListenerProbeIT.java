package org.opensn.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.opensn.embedded.EmbeddedKafka;
import org.opensn.embedded.KafkaSecurity;
import org.opensn.security.ListenerProbe;

/** {@link ListenerProbe} against the three kinds of real Kafka listener. */
class ListenerProbeIT {

    @Test
    void tellsPlaintextSaslAndTlsListenersApart() {
        try (EmbeddedKafka plain = EmbeddedKafka.builder().build().start()) {
            assertThat(ListenerProbe.probeBootstrap(plain.bootstrapServers(), Duration.ofSeconds(10))).isEqualTo(ListenerProbe.Kind.PLAINTEXT);
        }
        try (EmbeddedKafka sasl = EmbeddedKafka.builder().security(KafkaSecurity.saslScram("admin", "admin-secret")).build().start()) {
            assertThat(ListenerProbe.probeBootstrap(sasl.bootstrapServers(), Duration.ofSeconds(10))).isEqualTo(ListenerProbe.Kind.SASL_PLAINTEXT);
        }
        try (EmbeddedKafka tls = EmbeddedKafka.builder().security(KafkaSecurity.saslScram("admin", "admin-secret").withTls()).build().start()) {
            ListenerProbe.Kind kind = ListenerProbe.probeBootstrap(tls.bootstrapServers(), Duration.ofSeconds(10));
            assertThat(kind).isEqualTo(ListenerProbe.Kind.TLS);
            assertThat(ListenerProbe.mismatch(tls.bootstrapServers(), "PLAINTEXT", kind)).contains("security settings do not match");
        }
    }
}
