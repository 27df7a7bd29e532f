package org.opensn.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EndpointLoginTest {

    private final LicenceKey key = LicenceKey.parse("ENDPOINT-LOGIN-TEST-0001");

    @Test
    void derivesTheLoginAndDefaultsToSaslSsl() {
        Map<String, String> s = EndpointLogin.withLicence(Map.of("ssl.truststore.location", "/ca.p12"), key);
        assertThat(s).containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("ssl.truststore.location", "/ca.p12");
        assertThat(EndpointLogin.principalOf(s.get("sasl.jaas.config"))).isEqualTo(key.principal());
        assertThat(EndpointLogin.withLicence(Map.of("security.protocol", "sasl_plaintext"), key)).containsEntry("security.protocol", "SASL_PLAINTEXT");
    }

    @Test
    void refusesContradictorySettings() {
        assertThatThrownBy(() -> EndpointLogin.withLicence(Map.of("sasl.jaas.config", "x"), key)).hasMessageContaining("remove kafka.sasl.jaas.config");
        assertThatThrownBy(() -> EndpointLogin.withLicence(Map.of("security.protocol", "PLAINTEXT"), key)).hasMessageContaining("use SASL_SSL");
    }

    @Test
    void refusalNamesTheLicenceAndTheAdministratorsCommand() {
        assertThat(EndpointLogin.refusedMessage(key.principal())).contains("not registered with this network").contains(key.id())
                .contains("opensn-admin licence register --key");
        assertThat(EndpointLogin.refusedMessage("bob")).contains("of bob").contains("kafka.sasl.jaas.config");
    }
}
