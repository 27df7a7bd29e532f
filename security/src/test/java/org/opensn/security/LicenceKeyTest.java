package org.opensn.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.NumericChars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class LicenceKeyTest {

    private static final String KEY = "ABCD-EFGH-IJKL-MNOP-QRST";

    @Test
    void derivesAStableIdPrincipalAndPassword() {
        LicenceKey k = LicenceKey.parse(KEY);
        assertThat(k.id()).matches("[0-9a-f]{16}");
        assertThat(k.principal()).isEqualTo("endpoint-" + k.id());
        assertThat(LicenceKey.isEndpointPrincipal(k.principal())).isTrue();
        assertThat(k.scramPassword()).matches("[A-Za-z0-9_-]{43}").isEqualTo(LicenceKey.parse(KEY).scramPassword());
        // the id is the documented hash, so other tools can derive it
        assertThat(k.id()).isEqualTo(Hashing.sha256Hex("opensn-licence-id|ABCDEFGHIJKLMNOPQRST").substring(0, 16));
    }

    @Test
    void typingVariantsAreTheSameKey() {
        LicenceKey a = LicenceKey.parse(KEY);
        LicenceKey b = LicenceKey.parse("  abcd efgh-ijkl mnop qrst ");
        assertThat(b).isEqualTo(a);
        assertThat(b.id()).isEqualTo(a.id());
        assertThat(b.scramPassword()).isEqualTo(a.scramPassword());
    }

    @Test
    void differentKeysGiveDifferentPrincipalsAndPasswords() {
        LicenceKey a = LicenceKey.parse(KEY);
        LicenceKey b = LicenceKey.parse("ABCD-EFGH-IJKL-MNOP-QRSU");
        assertThat(b.principal()).isNotEqualTo(a.principal());
        assertThat(b.scramPassword()).isNotEqualTo(a.scramPassword());
    }

    @Test
    void neverShowsTheKey() {
        LicenceKey k = LicenceKey.parse(KEY);
        assertThat(k.toString()).doesNotContain("ABCD").contains(k.id());
        assertThat(k.saslClientSettings().get("sasl.jaas.config")).doesNotContain("ABCD").contains(k.principal());
    }

    @Test
    void rejectsShortOrStrangeKeysWithoutRepeatingThem() {
        assertThatThrownBy(() -> LicenceKey.parse("SHORT-KEY")).hasMessageContaining("at least 16").hasMessageNotContaining("SHORT");
        assertThatThrownBy(() -> LicenceKey.parse("ABCD-EFGH-IJKL-MNOP-QRS\"T")).hasMessageContaining("position 24")
                .hasMessageNotContaining("ABCD");
        assertThatThrownBy(() -> LicenceKey.parse(" ")).hasMessageContaining("OPENSN_LICENCE_KEY");
        assertThatThrownBy(() -> LicenceKey.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void servicePrincipalsAreNotEndpoints() {
        assertThat(LicenceKey.isEndpointPrincipal("opensn-streams")).isFalse();
        assertThat(LicenceKey.isEndpointPrincipal("endpoint-XYZ")).isFalse();
        assertThat(LicenceKey.isEndpointPrincipal("endpoint-0123456789abcdef0")).isFalse();
    }

    @Property(tries = 200)
    void idIgnoresCaseDashesAndSpaces(@ForAll @AlphaChars @NumericChars @StringLength(min = 16, max = 40) String key) {
        LicenceKey plain = LicenceKey.parse(key);
        String typed = " " + key.toLowerCase(java.util.Locale.ROOT).replaceAll("(.{4})", "$1-") + " ";
        assertThat(LicenceKey.parse(typed).id()).isEqualTo(plain.id());
        assertThat(plain.principal()).matches("endpoint-[0-9a-f]{16}");
    }
}
