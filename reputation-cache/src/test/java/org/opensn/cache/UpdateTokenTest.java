package org.opensn.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Positive;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class UpdateTokenTest {

    @Property(tries = 200)
    void decodesWhatItEncodes(@ForAll("topics") String topic, @ForAll @Size(min = 1, max = 12) List<@Positive Long> offsets) {
        UpdateToken token = new UpdateToken(topic, offsets);
        String text = token.encode();
        assertThat(text).matches("[A-Za-z0-9_-]+");
        assertThat(UpdateToken.decode(text)).isEqualTo(token);
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<String> topics() {
        return net.jqwik.api.Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz.-_0123456789").ofMinLength(1).ofMaxLength(60);
    }

    @Test
    void saysWhatIsWrongWithAMalformedToken() {
        assertThatThrownBy(() -> UpdateToken.decode("%%%")).hasMessageContaining("base64");
        assertThatThrownBy(() -> UpdateToken.decode("aGVsbG8")).hasMessageContaining("unknown format");
        String badOffset = java.util.Base64.getUrlEncoder().encodeToString("v1;t;1,x".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThatThrownBy(() -> UpdateToken.decode(badOffset)).hasMessageContaining("malformed offset 'x'");
    }

    @Property(tries = 50)
    void neverThrowsAnythingButIllegalArgumentOnGarbage(@ForAll @StringLength(max = 80) String garbage) {
        try {
            UpdateToken.decode(garbage);
        } catch (IllegalArgumentException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }
}
