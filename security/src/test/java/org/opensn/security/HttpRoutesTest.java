package org.opensn.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class HttpRoutesTest {

    @Test
    void analystRoutes() {
        assertThat(HttpRoutes.analyst("GET", "/health")).isEmpty();
        assertThat(HttpRoutes.analyst("GET", "/api/v1/threats/top")).contains(Permission.STATISTICS_READ);
        assertThat(HttpRoutes.analyst("GET", "/api/v1/objects/file:abc")).contains(Permission.STATISTICS_READ);
        assertThat(HttpRoutes.analyst("post", "/api/v1/verdicts")).contains(Permission.VERDICT_OVERRIDE);
        assertThat(HttpRoutes.analyst("DELETE", "/api/v1/verdicts/file:abc")).contains(Permission.VERDICT_OVERRIDE);
        assertThat(HttpRoutes.analyst("GET", "/internal/threats/top")).contains(Permission.STATISTICS_READ);
        assertThat(HttpRoutes.analyst("GET", "/metrics")).contains(Permission.METRICS);
        assertThat(HttpRoutes.analyst("GET", "/anything-new")).contains(Permission.STATISTICS_READ);
    }

    @Test
    void cacheRoutesAndWhatAnEndpointKeyMayDo() {
        assertThat(HttpRoutes.cache("GET", "/v1/reputation/file:abc")).contains(Permission.REPUTATION_READ);
        assertThat(HttpRoutes.cache("POST", "/v1/reputation/batch")).contains(Permission.REPUTATION_READ);
        assertThat(HttpRoutes.cache("GET", "/v1/updates")).contains(Permission.REPUTATION_READ);
        assertThat(HttpRoutes.cache("GET", "/health")).isEqualTo(Optional.empty());
        assertThat(HttpRoutes.cache("GET", "/metrics")).contains(Permission.METRICS);
        assertThat(Role.ENDPOINT.allows(HttpRoutes.cache("GET", "/v1/reputation/x").orElseThrow())).isTrue();
        assertThat(Role.ENDPOINT.allows(HttpRoutes.analyst("GET", "/api/v1/threats/top").orElseThrow())).isFalse();
    }
}
