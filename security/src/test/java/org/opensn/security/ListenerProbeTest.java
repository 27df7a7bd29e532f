package org.opensn.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Probe decisions against fake listeners; the real Kafka listeners are covered by admin's ListenerProbeIT. */
class ListenerProbeTest {

    @Test
    void nothingListeningIsUnreachable() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        assertThat(ListenerProbe.probe("127.0.0.1", port, Duration.ofSeconds(2))).isEqualTo(ListenerProbe.Kind.UNREACHABLE);
    }

    @Test
    void aListenerThatClosesOnPlainBytesExpectsTls() throws Exception {
        try (ServerSocket server = new ServerSocket(0)) {
            Thread t = Thread.ofVirtual().start(() -> {
                try (Socket s = server.accept()) {
                    s.getInputStream().read(new byte[64]);
                    s.getOutputStream().write(new byte[] {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x32});
                } catch (IOException ignored) {
                    // the probe closed first
                }
            });
            assertThat(ListenerProbe.probe("127.0.0.1", server.getLocalPort(), Duration.ofSeconds(5))).isEqualTo(ListenerProbe.Kind.TLS);
            t.join();
        }
    }

    @Test
    void aSilentListenerIsNoAnswerNotHungForever() throws Exception {
        try (ServerSocket server = new ServerSocket(0)) {
            Thread t = Thread.ofVirtual().start(() -> {
                try (Socket s = server.accept()) {
                    s.getInputStream().readAllBytes();
                } catch (IOException ignored) {
                    // closed by the probe
                }
            });
            assertThat(ListenerProbe.probe("127.0.0.1", server.getLocalPort(), Duration.ofMillis(500))).isEqualTo(ListenerProbe.Kind.NO_ANSWER);
            t.join();
        }
    }

    @Test
    void mismatchMessagesNameBothSidesAndTheFix() {
        assertThat(ListenerProbe.mismatch("h:9093", "PLAINTEXT", ListenerProbe.Kind.TLS))
                .contains("security settings do not match").contains("h:9093 expects SSL or SASL_SSL").contains("uses PLAINTEXT")
                .contains("security.protocol=SASL_SSL");
        assertThat(ListenerProbe.mismatch("h:9092", "sasl_ssl", ListenerProbe.Kind.PLAINTEXT)).contains("expects PLAINTEXT")
                .contains("uses SASL_SSL");
        assertThat(ListenerProbe.mismatch("h:9093", "SASL_SSL", ListenerProbe.Kind.TLS)).isNull();
        assertThat(ListenerProbe.mismatch("h:9093", null, ListenerProbe.Kind.UNREACHABLE)).isNull();
    }
}
