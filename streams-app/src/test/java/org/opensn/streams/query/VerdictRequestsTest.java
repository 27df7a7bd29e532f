package org.opensn.streams.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.opensn.schemas.avro.AnalystVerdict;
import org.opensn.schemas.avro.Verdict;

class VerdictRequestsTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-02T10:00:00Z"), ZoneOffset.UTC);
    private static final String REF = "file:" + "ab".repeat(32);

    @Test
    void validRequestBecomesAnAnalystVerdict() {
        AnalystVerdict v = VerdictRequests.toAnalystVerdict(new Model.VerdictRequest(REF, "clean", null, " FP-99 ", "2026-03-03T00:00:00Z"), CLOCK);
        assertThat(v.getObjectRef()).isEqualTo(REF);
        assertThat(v.getVerdict()).isEqualTo(Verdict.CLEAN);
        assertThat(v.getConfidence()).isEqualTo(1.0);
        assertThat(v.getReason()).isEqualTo("FP-99");
        assertThat(v.getCreatedAt()).isEqualTo(CLOCK.instant());
        assertThat(v.getExpiresAt()).isEqualTo(Instant.parse("2026-03-03T00:00:00Z"));
    }

    @Test
    void everyProblemIsABadRequestNamingTheField() {
        assertBad(new Model.VerdictRequest("file:xyz", "CLEAN", null, "r", null), "objectRef");
        assertBad(new Model.VerdictRequest(REF, "GOOD", null, "r", null), "verdict 'GOOD'");
        assertBad(new Model.VerdictRequest(REF, "UNKNOWN", null, "r", null), "DELETE");
        assertBad(new Model.VerdictRequest(REF, "CLEAN", 1.5, "r", null), "confidence");
        assertBad(new Model.VerdictRequest(REF, "CLEAN", null, " ", null), "reason");
        assertBad(new Model.VerdictRequest(REF, "CLEAN", null, "r", "tomorrow"), "expiresAt");
        assertBad(new Model.VerdictRequest(REF, "CLEAN", null, "r", "2020-01-01T00:00:00Z"), "not in the future");
        assertBad(null, "body is missing");
    }

    private static void assertBad(Model.VerdictRequest request, String message) {
        assertThatThrownBy(() -> VerdictRequests.toAnalystVerdict(request, CLOCK))
                .isInstanceOfSatisfying(QueryException.class, e -> assertThat(e.status()).isEqualTo(400))
                .hasMessageContaining(message);
    }

    @Test
    void stepsAreWholeHours() {
        assertThat(AnalystApi.stepMillis("1h")).isEqualTo(3_600_000L);
        assertThat(AnalystApi.stepMillis("1d")).isEqualTo(86_400_000L);
        assertThat(AnalystApi.stepMillis("PT2H")).isEqualTo(7_200_000L);
        assertThatThrownBy(() -> AnalystApi.stepMillis("30m")).hasMessageContaining("not a duration");
        assertThatThrownBy(() -> AnalystApi.stepMillis("PT30M")).hasMessageContaining("whole number of hours");
    }
}
