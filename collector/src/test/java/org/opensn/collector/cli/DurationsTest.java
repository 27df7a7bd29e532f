package org.opensn.collector.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DurationsTest {

    @Test
    void parsesShortFormsIsoAndInstants() {
        assertThat(Durations.parse("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Durations.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Durations.parse("2d")).isEqualTo(Duration.ofDays(2));
        assertThat(Durations.parse("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(Durations.parse("PT1H")).isEqualTo(Duration.ofHours(1));
        Instant now = Instant.parse("2026-11-27T12:00:00Z");
        assertThat(Durations.since("1h", now)).isEqualTo(Instant.parse("2026-11-27T11:00:00Z"));
        assertThat(Durations.since("2026-11-27T08:00:00Z", now)).isEqualTo(Instant.parse("2026-11-27T08:00:00Z"));
        assertThatThrownBy(() -> Durations.parse("1 hour")).hasMessageContaining("is not a duration");
        assertThatThrownBy(() -> Durations.parse("h")).hasMessageContaining("is not a duration");
    }
}
