package org.opensn.anonymizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AnonymizationPolicyTest {

    @Test
    void strictIsVersionOneWithDocumentedLimits() {
        AnonymizationPolicy p = AnonymizationPolicy.strict();
        assertThat(p.version()).isEqualTo(1).isEqualTo(AnonymizationPolicy.STRICT_VERSION);
        assertThat(p.tokenMinLength()).isEqualTo(20);
        assertThat(p.textDigitRunMinLength()).isEqualTo(10);
        assertThat(p.urlDigitRunMinLength()).isEqualTo(6);
        assertThat(p.maxPathLength()).isEqualTo(4096);
        assertThat(p.maxUrlLength()).isEqualTo(2048);
        assertThat(p.maxThreatNameLength()).isEqualTo(256);
        assertThat(AnonymizationPolicy.builder().build()).isEqualTo(p).hasSameHashCodeAs(p);
    }

    @Test
    void builderChangesSettingsAndVersion() {
        AnonymizationPolicy p = AnonymizationPolicy.builder().version(2).tokenMinLength(16).build();
        assertThat(p.version()).isEqualTo(2);
        assertThat(p.tokenMinLength()).isEqualTo(16);
        assertThat(p).isNotEqualTo(AnonymizationPolicy.strict());
        assertThat(p.toString()).contains("version=2", "tokenMinLength=16");
    }

    @Test
    void builderFailsFastWithTheLimits() {
        assertThatThrownBy(() -> AnonymizationPolicy.builder().version(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("version must be at least 1 but was 0");
        assertThatThrownBy(() -> AnonymizationPolicy.builder().tokenMinLength(4))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("tokenMinLength must be between 8 and 64 but was 4");
        assertThatThrownBy(() -> AnonymizationPolicy.builder().maxPathLength(10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxPathLength");
    }

    @Test
    void policyVersionIsWrittenIntoRecords() {
        Anonymizer v7 = Anonymizer.create(AnonymizationPolicy.builder().version(7).build());
        assertThat(v7.anonymize(TestEvents.detection().build()).getPolicyVersion()).isEqualTo(7);
        assertThat(v7.anonymize(TestEvents.threatSource().build()).getPolicyVersion()).isEqualTo(7);
        assertThat(Anonymizer.create().policy()).isEqualTo(AnonymizationPolicy.strict());
    }

    @Test
    void tunedLimitsTakeEffect() {
        Anonymizer lax = Anonymizer.create(AnonymizationPolicy.builder().version(2).urlDigitRunMinLength(10).build());
        String url = lax.anonymize(TestEvents.threatSource().setUrl("https://example.com/order/12345678").build()).getUrl();
        assertThat(url).isEqualTo("https://example.com/order/12345678");
        assertThatThrownBy(() -> Anonymizer.create(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("AnonymizationPolicy.strict()");
    }
}
