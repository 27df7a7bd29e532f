package org.opensn.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ObjectRefTest {

    private static final String SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    @Test
    void parsesEachType() {
        assertThat(ObjectRef.parse("file:" + SHA)).isEqualTo(new ObjectRef(ObjectRef.Type.FILE, SHA));
        assertThat(ObjectRef.parse("url:https://example.com/a?b=c")).isEqualTo(ObjectRef.url("https://example.com/a?b=c"));
        assertThat(ObjectRef.parse("domain:sub.example.com")).isEqualTo(ObjectRef.domain("sub.example.com"));
        assertThat(ObjectRef.parse("ip:192.0.2.1")).isEqualTo(ObjectRef.ip("192.0.2.1"));
        assertThat(ObjectRef.parse("ip:2001:db8::1").type()).isEqualTo(ObjectRef.Type.IP);
    }

    @Test
    void factoriesNormaliseWhereTheTextualFormIsStrict() {
        assertThat(ObjectRef.file(SHA.toUpperCase()).value()).isEqualTo(SHA);
        assertThat(ObjectRef.domain("WWW.Example.COM").value()).isEqualTo("www.example.com");
        assertThat(ObjectRef.domain("bücher.example").value()).isEqualTo("xn--bcher-kva.example");
        assertThat(ObjectRef.ip("2001:DB8:0:0:0:0:0:1").value()).isEqualTo("2001:db8::1");
        assertThat(ObjectRef.ip("::FFFF:0102:0304").value()).isEqualTo("::ffff:1.2.3.4");
    }

    @ParameterizedTest
    @CsvSource({
            "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
            "2001:0db8:0000:0000:0000:0000:0000:0001, 2001:db8::1",
            "0:0:0:0:0:0:0:0, ::",
            "0:0:0:0:0:0:0:1, ::1",
            "1:0:0:0:0:0:0:0, 1::",
            "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
            "::1.2.3.4, ::102:304",
            "1:2:3:4:5:6:7::, 1:2:3:4:5:6:7:0",
    })
    void ipv6IsWrittenInRfc5952Form(String input, String canonical) {
        assertThat(ObjectRef.ip(input).value()).isEqualTo(canonical);
        assertThat(ObjectRef.parse("ip:" + canonical).value()).isEqualTo(canonical);
    }

    @Test
    void parseRefusesNonCanonicalIpv6AndSaysTheCanonicalForm() {
        assertThatThrownBy(() -> ObjectRef.parse("ip:2001:DB8::1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("canonical form (RFC 5952): ip:2001:db8::1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ip:ff:ff", "ip:1::2::3", "ip:12345::", "ip:1:2:3:4:5:6:7:8:9", "ip:::g", "ip:256.1.1.1", "ip:1.2.3",
            "ip:01.2.3.4", "ip:1.2.3.4.5", "ip:example.com", "ip:fe80::1%eth0"})
    void refusesInvalidIps(String text) {
        assertThatThrownBy(() -> ObjectRef.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("invalid object ref '" + text + "'")
                .hasMessageContaining("an ip");
    }

    @ParameterizedTest
    @ValueSource(strings = {"domain:a..b", "domain:.a", "domain:a.", "domain:-a", "domain:Example.com", "domain:a b"})
    void refusesInvalidDomains(String text) {
        assertThatThrownBy(() -> ObjectRef.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("invalid object ref");
    }

    @Test
    void domainLabelsAreAtMost63Characters() {
        assertThat(ObjectRef.parse("domain:" + "a".repeat(63) + ".com").value()).startsWith("aaa");
        assertThatThrownBy(() -> ObjectRef.parse("domain:" + "a".repeat(64) + ".com")).hasMessageContaining("1-63 characters");
    }

    @Test
    void messagesSayWhatIsWrongAndWhatIsExpected() {
        assertThatThrownBy(() -> ObjectRef.parse("")).hasMessageContaining("expected <type>:<value>");
        assertThatThrownBy(() -> ObjectRef.parse(null)).hasMessageContaining("object ref is empty");
        assertThatThrownBy(() -> ObjectRef.parse("nocolon")).hasMessageContaining("type one of file, url, domain, ip");
        assertThatThrownBy(() -> ObjectRef.parse("FILE:" + SHA)).hasMessageContaining("unknown type 'FILE'").hasMessageContaining("lower case");
        assertThatThrownBy(() -> ObjectRef.parse("file:abc")).hasMessageContaining("64 lower-case hex digits, got 3 characters");
        assertThatThrownBy(() -> ObjectRef.parse("file:" + SHA.toUpperCase())).hasMessageContaining("64 lower-case hex");
        assertThatThrownBy(() -> ObjectRef.parse("url:ftp://x")).hasMessageContaining("must start with http:// or https://");
        assertThatThrownBy(() -> ObjectRef.parse("domain:")).hasMessageContaining("the value after 'domain:' is empty");
        assertThatThrownBy(() -> ObjectRef.parse("url:http://a b")).hasMessageContaining("space or control character at position 8");
        assertThatThrownBy(() -> ObjectRef.parse("url:http://" + "a".repeat(3000))).hasMessageContaining("longer than 2048")
                .hasMessageContaining("...");
    }

    @Test
    void pathSegmentsEscapeEverythingAUrlWouldSplitOn() {
        ObjectRef ref = ObjectRef.url("https://example.com/a/b?c=d&e=f#g");
        String segment = ref.toPathSegment();
        assertThat(segment).doesNotContain("/", "?", "#", "&", "+", " ");
        assertThat(ObjectRef.fromPathSegment(segment)).isEqualTo(ref);
        assertThat(ObjectRef.ip("2001:db8::1").toPathSegment()).isEqualTo("ip%3A2001%3Adb8%3A%3A1");
    }
}
