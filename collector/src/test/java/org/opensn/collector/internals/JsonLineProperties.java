package org.opensn.collector.internals;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Whatever the string: the bytes Jackson writes for it, and where Jackson cannot (a lone surrogate) what its text gives as UTF-8. */
class JsonLineProperties {

    private static final ObjectMapper TEXT = new ObjectMapper();
    private static final JsonFactory UTF8 = JsonFactory.builder().enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8).build();

    /** Mostly ASCII with the characters that need escaping, plus any UTF-16 unit: pairs, lone surrogates, controls. */
    @Provide
    Arbitrary<String> texts() {
        Arbitrary<Character> ascii = Arbitraries.chars().range(' ', '~');
        Arbitrary<Character> special = Arbitraries.of('"', '\\', '\n', '\t', '\r', '\b', '\f', '\u0000', '\u001f', '\u007f', '\u2028', '\u00e9');
        Arbitrary<Character> any = Arbitraries.chars().range('\u0000', '\uffff');
        Arbitrary<String> pair = Arbitraries.integers().between(0x10000, 0x10FFFF).map(Character::toString);
        Arbitrary<String> unit = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(8, ascii.map(String::valueOf)),
                net.jqwik.api.Tuple.of(2, special.map(String::valueOf)),
                net.jqwik.api.Tuple.of(1, any.map(String::valueOf)),
                net.jqwik.api.Tuple.of(1, pair));
        return unit.list().ofMaxSize(80).map(l -> String.join("", l));
    }

    @Property(tries = 2000)
    void writesWhatJacksonWrites(@ForAll("texts") String s) throws IOException {
        JsonLine line = new JsonLine();
        line.raw((byte) '[').string(s).raw((byte) ',').string(null).raw((byte) ']');
        byte[] expected = TEXT.writeValueAsString(new String[] {s, null}).getBytes(StandardCharsets.UTF_8);
        assertThat(line.toByteArray()).isEqualTo(expected);
        if (!hasLoneSurrogate(s)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (JsonGenerator g = UTF8.createGenerator(out)) {
                g.writeStartArray();
                g.writeString(s);
                g.writeNull();
                g.writeEndArray();
            }
            assertThat(line.toByteArray()).isEqualTo(out.toByteArray());
        }
    }

    private static boolean hasLoneSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }
}
