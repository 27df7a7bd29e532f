package org.opensn.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class ObjectRefProperties {

    @Property
    void validRefsRoundTripThroughTextAndPathSegments(@ForAll("refs") ObjectRef ref) {
        assertThat(ObjectRef.parse(ref.toString())).isEqualTo(ref);
        assertThat(ObjectRef.fromPathSegment(ref.toPathSegment())).isEqualTo(ref);
        assertThat(ref.toPathSegment()).doesNotContain("/", "?", "#", " ", "+");
    }

    @Property
    void anyTextEitherParsesToItselfOrFailsWithAPreciseMessage(@ForAll("texts") String text) {
        ObjectRef ref;
        try {
            ref = ObjectRef.parse(text);
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).matches("(?s)(invalid object ref '.*': .+|object ref is empty: .+)");
            return;
        }
        assertThat(ref.toString()).isEqualTo(text);
    }

    @Property
    void everyIpv6FormOfAnAddressGivesTheSameRef(@ForAll("ipv6Groups") int[] groups, @ForAll boolean upper, @ForAll boolean leadingZeros)
            throws UnknownHostException {
        StringBuilder full = new StringBuilder();
        byte[] bytes = new byte[16];
        for (int i = 0; i < 8; i++) {
            String hex = leadingZeros ? String.format("%04x", groups[i]) : Integer.toHexString(groups[i]);
            full.append(i == 0 ? "" : ":").append(upper ? hex.toUpperCase() : hex);
            bytes[2 * i] = (byte) (groups[i] >>> 8);
            bytes[2 * i + 1] = (byte) groups[i];
        }
        ObjectRef fromFull = ObjectRef.ip(full.toString());
        ObjectRef fromCanonical = ObjectRef.parse(fromFull.toString());
        assertThat(fromCanonical).isEqualTo(fromFull);
        // the canonical text is the same address as the JDK understands it (a literal: no DNS)
        byte[] parsedByJdk = InetAddress.getByName(fromFull.value()).getAddress();
        byte[] expected = parsedByJdk.length == 4 ? java.util.Arrays.copyOfRange(bytes, 12, 16) : bytes; // JDK unmaps ::ffff:a.b.c.d
        assertThat(parsedByJdk).isEqualTo(expected);
        assertThat(fromFull.value()).isLowerCase().doesNotContain(":::");
    }

    @Property
    void upperCaseFileHashesAreRefusedByParseButNormalisedByTheFactory(@ForAll("sha256") String sha) {
        String upper = sha.toUpperCase();
        if (!upper.equals(sha)) {
            assertThatThrownBy(() -> ObjectRef.parse("file:" + upper)).hasMessageContaining("64 lower-case hex digits");
        }
        assertThat(ObjectRef.file(upper).value()).isEqualTo(sha);
    }

    @Property
    void aFileHashIsExactlySixtyFourLowerCaseHexDigits(@ForAll("almostHashes") String text) {
        assertThat(ObjectRef.isSha256(text)).as(text).isEqualTo(text.matches("[0-9a-f]{64}"));
    }

    /** 63-65 chars, mostly hex, with the chars next to the hex ranges ('/', ':', '`', 'g', '@', 'G', 'A', 'F') and beyond. */
    @Provide
    Arbitrary<String> almostHashes() {
        Arbitrary<Character> hex = Arbitraries.of("0123456789abcdef".toCharArray());
        Arbitrary<Character> near = Arbitraries.of("/:`g@AFGz\u0000\u00e4\u0130\uff10\u0660".toCharArray());
        Arbitrary<Character> c = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(60, hex), net.jqwik.api.Tuple.of(1, near));
        return c.list().ofMinSize(63).ofMaxSize(65).map(l -> l.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining()));
    }

    @Provide
    Arbitrary<ObjectRef> refs() {
        return Arbitraries.oneOf(
                sha256().map(ObjectRef::file),
                hosts().map(ObjectRef::domain),
                Combinators.combine(Arbitraries.of("http://", "https://"), hosts(),
                        Arbitraries.strings().withChars("abcXYZ019-._~/?#&=%+:@!$'()*,;äö").ofMaxLength(40))
                        .as((scheme, host, rest) -> ObjectRef.url(scheme + host + "/" + rest)),
                Arbitraries.integers().between(0, 255).list().ofSize(4).map(l -> ObjectRef.ip(l.get(0) + "." + l.get(1) + "." + l.get(2) + "." + l.get(3))),
                ipv6Groups().map(g -> {
                    StringBuilder sb = new StringBuilder();
                    for (int i = 0; i < 8; i++) {
                        sb.append(i == 0 ? "" : ":").append(Integer.toHexString(g[i]));
                    }
                    return ObjectRef.ip(sb.toString());
                }));
    }

    @Provide
    Arbitrary<String> texts() {
        Arbitrary<String> prefix = Arbitraries.of("file:", "url:", "domain:", "ip:", "FILE:", "", ":", "x:");
        Arbitrary<String> rest = Arbitraries.strings().withChars("0123456789abcdefABCDEF:./-_ %äh\tpst").ofMaxLength(70);
        return Combinators.combine(prefix, rest).as(String::concat);
    }

    @Provide
    Arbitrary<String> sha256() {
        return Arbitraries.strings().withChars("0123456789abcdef").ofLength(64);
    }

    @Provide
    Arbitrary<int[]> ipv6Groups() {
        // many zero groups, so that compression cases are common
        Arbitrary<Integer> group = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.just(0)),
                net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(0, 0xffff)));
        return group.array(int[].class).ofSize(8);
    }

    private static Arbitrary<String> hosts() {
        Arbitrary<String> label = Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789-_").ofMinLength(1).ofMaxLength(20)
                .filter(l -> !l.startsWith("-"));
        return label.list().ofMinSize(1).ofMaxSize(4).map(l -> String.join(".", l));
    }
}
