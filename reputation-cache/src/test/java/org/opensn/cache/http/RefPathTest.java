package org.opensn.cache.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.opensn.schemas.ObjectRef;

class RefPathTest {

    @Test
    void decodesPercentEscapesButKeepsPlus() {
        assertThat(RefPath.decode("url:https%3A%2F%2Fa.example%2Fx%3Fq%3D1+2")).isEqualTo("url:https://a.example/x?q=1+2");
        assertThat(RefPath.decode("domain:caf%C3%A9.example")).isEqualTo("domain:café.example");
    }

    @Test
    void namesAMalformedEscape() {
        assertThatThrownBy(() -> RefPath.parse("domain:a%2")).hasMessageContaining("percent-encoding at position 8");
        assertThatThrownBy(() -> RefPath.parse("domain:a%zz")).hasMessageContaining("two hex digits");
    }

    @Property(tries = 200)
    void undoesTheEncodingOfObjectRef(@ForAll @AlphaChars @StringLength(min = 1, max = 30) String path) {
        ObjectRef ref = ObjectRef.url("https://example.com/" + path + "?a=b&c=d+e");
        assertThat(RefPath.parse(ref.toPathSegment())).isEqualTo(ref);
    }
}
