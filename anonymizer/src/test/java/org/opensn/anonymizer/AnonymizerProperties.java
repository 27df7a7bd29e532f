package org.opensn.anonymizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecordBase;
import org.opensn.schemas.avro.AnonymizedDetection;
import org.opensn.schemas.avro.AnonymizedThreatSource;
import org.opensn.schemas.avro.DetectionEvent;
import org.opensn.schemas.avro.ThreatSourceEvent;

/**
 * Properties of the strict anonymizer over open inputs: identifying values planted anywhere never
 * survive, anonymizing twice equals once, nothing throws (and no rule falls back), and the result
 * is deterministic.
 *
 * <p>"Planted anywhere" means: each identifying value is inserted at a random position of a random
 * string field, set off by a random delimiter (space, slash, backslash, quote, comma, semicolon,
 * parenthesis, pipe, equals, tab). Without a delimiter, {@code v1.2.3.4.5} or {@code abc2001:db8::1}
 * are ambiguous even to a human reader, and the corpus covers the unambiguous glued forms.
 */
class AnonymizerProperties {

    /** Everything fixed a record's toString() can contain besides field values: a planted name must not be part of it. */
    private static final String VOCABULARY = (String.join(" ", AnonymizedDetection.getClassSchema().toString(),
            AnonymizedThreatSource.getClassSchema().toString(), "<user> <host> <email> <id> unknown null true false"))
            .toLowerCase(Locale.ROOT);

    private static final String[] DELIMITERS = {" ", "/", "\\", "\"", ",", ";", "(", ")", "|", "=", "\t"};

    private final DefaultAnonymizer anonymizer = new DefaultAnonymizer(AnonymizationPolicy.strict());

    // ------------------------------------------------------------------ planted values never survive

    // Random seeds on purpose. Counterexamples found so far, each fixed with an example in
    // AnonymizerTest: a MAC/IPv6 value running across an opaque URL "scheme" (seed
    // -3789252057302881116), and a value split by another one whose written form re-joins it through
    // an escape ending in a letter: toString()'s "\t" or a URL's "%7C" (seeds -2292309770650451079,
    // -1954211590431924831, -2859989338556763998), and the same for an address: 2.1.1.1 split by a
    // quoted user name, written "2%22<user>%22.1.1.1" (CI, 2026-12-03; the seed was not printed).
    // Before the seeds were released, both properties
    // ran 5 x 20,000 tries with random seeds without a failure.
    @Property(tries = 400)
    void plantedIdentifyingValuesNeverSurviveInDetections(@ForAll("secrets") Secrets secrets,
                                                          @ForAll("plantings") List<Tuple.Tuple3<Integer, Integer, Integer>> plantings) {
        String[] fields = {
            TestEvents.EVENT_ID, "12.1.0.553", "10.0.19045.4291", "Trojan.Win32.Agent.abc", TestEvents.SHA,
            "C:\\Users\\" + secrets.user() + "\\Downloads\\invoice.pdf.exe", "Program Files/Common/x.dll"
        };
        List<String> planted = plant(fields, secrets, plantings);
        DetectionEvent raw = TestEvents.detection()
                .setUserName(secrets.user()).setHostName(secrets.host())
                .setDeviceInstallId(secrets.deviceId()).setLocalIp(secrets.localIp())
                .setEventId(fields[0]).setProductVersion(fields[1]).setOsVersion(fields[2])
                .setThreatName(fields[3]).setObjectSha256(fields[4])
                .setObjectPath(fields[5] + "\\" + fields[6])
                .build();
        AnonymizedDetection out = anonymizer.anonymize(raw);
        assertNoneSurvive(out, planted);
        assertThat(anonymizer.fallbackCount()).isZero();
    }

    @Property(tries = 400) // see the note above
    void plantedIdentifyingValuesNeverSurviveInThreatSources(@ForAll("secrets") Secrets secrets,
                                                             @ForAll("plantings") List<Tuple.Tuple3<Integer, Integer, Integer>> plantings) {
        String[] fields = {
            TestEvents.EVENT_ID, "12.1.0.553", "10.0.19045.4291", "Trojan.Win32.Agent.abc", TestEvents.SHA,
            "https://evil.example.com/drop/" + secrets.user() + "/payload.exe?u=" + secrets.email() + "#top",
            "93.184.216.34"
        };
        List<String> planted = plant(fields, secrets, plantings);
        ThreatSourceEvent raw = TestEvents.threatSource()
                .setUserName(secrets.user()).setHostName(secrets.host())
                .setDeviceInstallId(secrets.deviceId()).setLocalIp(secrets.localIp())
                .setEventId(fields[0]).setProductVersion(fields[1]).setOsVersion(fields[2])
                .setThreatName(fields[3]).setRelatedFileSha256(fields[4]).setUrl(fields[5]).setRemoteAddress(fields[6])
                .build();
        AnonymizedThreatSource out = anonymizer.anonymize(raw);
        assertNoneSurvive(out, planted);
        assertThat(anonymizer.fallbackCount()).isZero();
    }

    /** Inserts every secret into a field chosen by the planting, at a chosen position, between delimiters. */
    private static List<String> plant(String[] fields, Secrets s, List<Tuple.Tuple3<Integer, Integer, Integer>> plantings) {
        List<String> values = s.all();
        for (int i = 0; i < values.size(); i++) {
            var p = plantings.get(i % plantings.size());
            int f = Math.floorMod(p.get1() + i, fields.length);
            String field = fields[f];
            int at = Math.floorMod(p.get2(), field.length() + 1);
            String d = DELIMITERS[Math.floorMod(p.get3() + i, DELIMITERS.length)];
            fields[f] = field.substring(0, at) + d + values.get(i) + d + field.substring(at);
        }
        return values;
    }

    private static void assertNoneSurvive(SpecificRecordBase out, List<String> planted) {
        String bytes = new String(avroBytes(out), StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
        String text = out.toString().toLowerCase(Locale.ROOT);
        for (String value : planted) {
            String v = value.toLowerCase(Locale.ROOT);
            assertThat(bytes).as("Avro bytes of %s", out).doesNotContain(v);
            assertThat(text).doesNotContain(v);
        }
    }

    static byte[] avroBytes(SpecificRecordBase record) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            @SuppressWarnings("unchecked")
            SpecificDatumWriter<SpecificRecordBase> writer = new SpecificDatumWriter<>((Class<SpecificRecordBase>) record.getClass());
            writer.write(record, encoder);
            encoder.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    record Secrets(String user, String host, String deviceId, String localIp, String email, String ipv4, String ipv6,
                   String mac, String sid, String token) {
        List<String> all() {
            return List.of(user, host, deviceId, localIp, email, ipv4, ipv6, mac, sid, token);
        }
    }

    @Provide
    Arbitrary<Secrets> secrets() {
        Arbitrary<String> user = name();
        Arbitrary<String> host = name().map(n -> n.toUpperCase(Locale.ROOT) + "-PC");
        Arbitrary<String> deviceId = hex(32).map(h -> h.substring(0, 8) + "-" + h.substring(8, 12) + "-" + h.substring(12, 16)
                + "-" + h.substring(16, 20) + "-" + h.substring(20));
        Arbitrary<String> email = Combinators.combine(
                Arbitraries.strings().withCharRange('a', 'z').withChars("._-").ofMinLength(1).ofMaxLength(10)
                        .map(l -> "x" + l + "1"),
                Arbitraries.strings().withCharRange('a', 'z').ofMinLength(3).ofMaxLength(10),
                Arbitraries.of("com", "org", "de", "co.uk", "io", "museum"))
                .as((l, d, t) -> l + "@" + d + "." + t);
        Arbitrary<String> v4 = Arbitraries.integers().between(1, 254).list().ofSize(4)
                .map(o -> o.get(0) + "." + o.get(1) + "." + o.get(2) + "." + o.get(3));
        Arbitrary<String> v6 = Combinators.combine(
                Arbitraries.integers().between(0x2000, 0xfeff).list().ofSize(8), Arbitraries.integers().between(0, 2))
                .as((g, form) -> ipv6(g, form));
        Arbitrary<String> mac = Combinators.combine(hex(12), Arbitraries.of(":", "-"), Arbitraries.of(true, false))
                .as((h, sep, upper) -> {
                    StringBuilder sb = new StringBuilder();
                    for (int i = 0; i < 12; i += 2) {
                        sb.append(i == 0 ? "" : sep).append(h, i, i + 2);
                    }
                    return upper ? sb.toString().toUpperCase(Locale.ROOT) : sb.toString();
                });
        Arbitrary<String> sid = Arbitraries.longs().between(100_000_000L, 4_294_967_295L).list().ofSize(3)
                .flatMap(d -> Arbitraries.integers().between(500, 99_999)
                        .map(rid -> "S-1-5-21-" + d.get(0) + "-" + d.get(1) + "-" + d.get(2) + "-" + rid));
        Arbitrary<String> token = Arbitraries.strings().withCharRange('a', 'z').withCharRange('A', 'Z').withCharRange('0', '9')
                .ofMinLength(20).ofMaxLength(48)
                .filter(t -> t.chars().filter(Character::isDigit).count() >= 3
                        && t.chars().filter(Character::isLetter).count() >= 3);
        return Combinators.combine(List.of(user, host, deviceId, v4, email, v4, v6, mac, sid, token))
                .as(v -> new Secrets(v.get(0), v.get(1), v.get(2), v.get(3), v.get(4), v.get(5), v.get(6), v.get(7),
                        v.get(8), v.get(9)));
    }

    private static String ipv6(List<Integer> g, int form) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            int v = (form == 2 && i >= 3 && i <= 5) ? 0 : g.get(i);
            parts.add(Integer.toHexString(v));
        }
        if (form == 2) {
            return String.join(":", parts.subList(0, 3)) + "::" + String.join(":", parts.subList(6, 8));
        }
        if (form == 1) {
            return String.join(":", parts).toUpperCase(Locale.ROOT);
        }
        return String.join(":", parts);
    }

    private static Arbitrary<String> name() {
        return Arbitraries.strings().withCharRange('a', 'z').ofMinLength(6).ofMaxLength(12)
                .filter(n -> !VOCABULARY.contains(n) && !"trojan.win32.agent.abc invoice.pdf.exe downloads program files common"
                        .contains(n) && !"evil.example.com drop payload.exe".contains(n));
    }

    private static Arbitrary<String> hex(int length) {
        return Arbitraries.strings().withCharRange('0', '9').withCharRange('a', 'f').ofLength(length);
    }

    @Provide
    Arbitrary<List<Tuple.Tuple3<Integer, Integer, Integer>>> plantings() {
        Arbitrary<Integer> any = Arbitraries.integers().between(0, 10_000);
        return Combinators.combine(any, any, any).as(Tuple::of).list().ofMinSize(1).ofMaxSize(10);
    }

    // ------------------------------------------------------------------ idempotence

    @Property(tries = 300)
    void anonymizingTwiceEqualsOnceForDetections(@ForAll("secrets") Secrets secrets, @ForAll("texts") String path,
                                                 @ForAll("texts") String threat, @ForAll("texts") String version) {
        DetectionEvent raw = TestEvents.detection()
                .setUserName(secrets.user()).setHostName(secrets.host()).setDeviceInstallId(secrets.deviceId())
                .setObjectPath(path).setThreatName(threat).setProductVersion(version).setOsVersion(version)
                .build();
        AnonymizedDetection once = anonymizer.anonymize(raw);
        DetectionEvent again = TestEvents.detection()
                .setUserName(secrets.user()).setHostName(secrets.host()).setDeviceInstallId(secrets.deviceId())
                .setEventId(once.getEventId()).setProductVersion(once.getProductVersion())
                .setOsVersion(once.getOsMajorMinor()).setThreatName(once.getThreatName())
                .setObjectSha256(once.getObjectSha256()).setObjectPath(once.getObjectPath())
                .build();
        assertThat(anonymizer.anonymize(again)).isEqualTo(once);
        assertThat(anonymizer.fallbackCount()).isZero();
    }

    @Property(tries = 300)
    void anonymizingTwiceEqualsOnceForThreatSources(@ForAll("secrets") Secrets secrets, @ForAll("urls") String url,
                                                    @ForAll("addresses") String address, @ForAll("texts") String threat) {
        ThreatSourceEvent raw = TestEvents.threatSource()
                .setUserName(secrets.user()).setHostName(secrets.host()).setDeviceInstallId(secrets.deviceId())
                .setUrl(url).setRemoteAddress(address).setThreatName(threat)
                .build();
        AnonymizedThreatSource once = anonymizer.anonymize(raw);
        ThreatSourceEvent again = TestEvents.threatSource()
                .setUserName(secrets.user()).setHostName(secrets.host()).setDeviceInstallId(secrets.deviceId())
                .setEventId(once.getEventId()).setProductVersion(once.getProductVersion())
                .setOsVersion(once.getOsMajorMinor()).setThreatName(once.getThreatName())
                .setRelatedFileSha256(once.getRelatedFileSha256()).setUrl(once.getUrl())
                .setRemoteAddress(once.getRemoteNetwork())
                .build();
        assertThat(anonymizer.anonymize(again)).isEqualTo(once);
        assertThat(anonymizer.fallbackCount()).isZero();
    }

    /** Realistic paths, URLs and names with planted values, and arbitrary UTF-16 (lone surrogates included). */
    @Provide
    Arbitrary<String> texts() {
        Arbitrary<String> realistic = Combinators.combine(
                Arbitraries.of(
                        "C:\\Users\\%s\\AppData\\Local\\Temp\\%s.exe", "/home/%s/Downloads/%s", "\\\\%s\\share\\%s",
                        "/Users/%s/Library/%s.plist", "Trojan.Win32.%s.%s", "/run/user/%s/%s", "~%s/%s",
                        "https://%s.example.com/%s?q=1", "%s@%s.com", "%s %s", "/var/mail/%s%s"),
                secrets().map(s -> s.all()), Arbitraries.integers().between(0, 9), Arbitraries.integers().between(0, 9))
                .as((template, values, a, b) -> String.format(Locale.ROOT, template, values.get(a), values.get(b)));
        Arbitrary<String> anything = Arbitraries.strings().withCharRange('\u0000', '\uffff').ofMaxLength(80);
        Arbitrary<String> pieces = Arbitraries.strings().withChars("abcAB019.:-_@%+/\\<>~ ?#[]xXsS").ofMaxLength(60);
        return Arbitraries.oneOf(realistic, anything, pieces);
    }

    @Provide
    Arbitrary<String> urls() {
        Arbitrary<String> realistic = Combinators.combine(
                Arbitraries.of("http", "HTTPS", "ftp", "file", "mailto", "ws", "hxxp", ""),
                Arbitraries.of("", "user:pw@", "alice@"),
                Arbitraries.of("Example.COM", "bücher.example", "192.168.0.1", "[2001:db8::1]", "intranet", "x.local",
                        "a1b2c3d4e5f6a7b8c9d0e1f2.cdn.net", "<host>", "例え.jp", ""),
                Arbitraries.of("", ":80", ":443", ":8080", ":99999", ":x"),
                Arbitraries.of("", "/", "/a/b", "/users/bob@example.com/x", "/%7Ealice/%20x", "/a\\b", "/パス",
                        "/order/12345678", "/<id>/x", "/%zz%2F", "/S-1-5-21-1-2-3"),
                Arbitraries.of("", "?q=secret", "#frag", "?a=b#c"))
                .as((scheme, userinfo, host, port, path, rest) ->
                        (scheme.isEmpty() ? "" : scheme + "://") + userinfo + host + port + path + rest);
        return Arbitraries.oneOf(realistic, texts());
    }

    @Provide
    Arbitrary<String> addresses() {
        return Arbitraries.oneOf(
                Arbitraries.of("8.8.8.8", "10.0.0.1", "::1", "2001:4860:4860::8888", "[2a00:1450::1]", "fe80::1%eth0",
                        "::ffff:8.8.4.4", "100.64.1.1", "1.2.3.4/24", "2001:4860::/32", "garbage", ""),
                Arbitraries.integers().between(0, 255).list().ofSize(4)
                        .map(o -> o.get(0) + "." + o.get(1) + "." + o.get(2) + "." + o.get(3)),
                texts());
    }

    // ------------------------------------------------------------------ never throws, deterministic

    @Property(tries = 300)
    void neverThrowsOnAnyContent(@ForAll("texts") String a, @ForAll("texts") String b, @ForAll("urls") String url,
                                 @ForAll("texts") String c) {
        DetectionEvent d = TestEvents.detection().setEventId(a).setProductVersion(b).setOsVersion(c).setThreatName(a)
                .setObjectSha256(b).setObjectPath(c).setUserName(a).setHostName(b).setDeviceInstallId(c).setLocalIp(a)
                .build();
        ThreatSourceEvent t = TestEvents.threatSource().setEventId(b).setProductVersion(c).setOsVersion(a).setThreatName(c)
                .setUrl(url).setRemoteAddress(a).setRelatedFileSha256(b).setUserName(c).setHostName(a).setLocalIp(b)
                .build();
        AnonymizedDetection ad = anonymizer.anonymize(d);
        AnonymizedThreatSource at = anonymizer.anonymize(t);
        assertThat(avroBytes(ad)).isNotEmpty();
        assertThat(avroBytes(at)).isNotEmpty();
        assertThat(anonymizer.fallbackCount()).isZero();
    }

    @Property(tries = 200)
    void isDeterministic(@ForAll("texts") String path, @ForAll("urls") String url, @ForAll("secrets") Secrets s) {
        DetectionEvent d = TestEvents.detection().setObjectPath(path).setUserName(s.user()).setHostName(s.host()).build();
        ThreatSourceEvent t = TestEvents.threatSource().setUrl(url).setUserName(s.user()).build();
        Anonymizer other = Anonymizer.create(AnonymizationPolicy.strict());
        assertThat(anonymizer.anonymize(d)).isEqualTo(other.anonymize(d)).isEqualTo(anonymizer.anonymize(d));
        assertThat(anonymizer.anonymize(t)).isEqualTo(other.anonymize(t)).isEqualTo(anonymizer.anonymize(t));
    }

    @Example
    void megabyteAdversarialFieldsDoNotThrow() {
        int mib = 1 << 20;
        List<String> hostile = List.of(
                "a".repeat(mib), "a@".repeat(mib / 2), "1.".repeat(mib / 2), ":".repeat(mib), "1:".repeat(mib / 2),
                "S-1-".repeat(mib / 4), "%".repeat(mib), "aB3".repeat(mib / 3), "<".repeat(mib), "<user>".repeat(mib / 6),
                "\\\\".repeat(mib / 2), "/home/".repeat(mib / 6), "\uD800".repeat(mib), "é@ü.".repeat(mib / 4),
                "0-".repeat(mib / 2), "ab:cd:".repeat(mib / 6), "http://" + "a.".repeat(mib / 2),
                "http://" + "ü".repeat(mib), "https://x.com/" + "%41".repeat(mib / 3));
        for (String s : hostile) {
            DetectionEvent d = TestEvents.detection().setObjectPath(s).setThreatName(s).setUserName(s.substring(0, 1000))
                    .setProductVersion(s).setOsVersion(s).setEventId(s).setObjectSha256(s).build();
            ThreatSourceEvent t = TestEvents.threatSource().setUrl(s).setRemoteAddress(s).setThreatName(s)
                    .setHostName(s).build();
            AnonymizedDetection ad = anonymizer.anonymize(d);
            AnonymizedThreatSource at = anonymizer.anonymize(t);
            assertThat(ad.getThreatName().length()).isLessThanOrEqualTo(256);
            assertThat(ad.getObjectPath() == null || ad.getObjectPath().length() <= 4096).isTrue();
            assertThat(at.getUrl() == null || at.getUrl().length() <= 2048).isTrue();
        }
        assertThat(anonymizer.fallbackCount()).isZero();
    }
}
