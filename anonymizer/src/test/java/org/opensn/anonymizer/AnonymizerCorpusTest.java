package org.opensn.anonymizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.opensn.schemas.avro.AnonymizedDetection;
import org.opensn.schemas.avro.AnonymizedThreatSource;

/**
 * Runs the hand-written corpus ({@code corpus.psv}) through the strict anonymizer, end to end
 * (whole raw events in, whole records out), and reports recall (identifying values removed /
 * planted) and precision (non-personal parts kept / expected to be kept).
 */
class AnonymizerCorpusTest {

    private final Anonymizer anonymizer = Anonymizer.create(AnonymizationPolicy.strict());

    record Case(int line, String kind, String user, String host, String input, String expected,
                List<String> remove, List<String> keep) {
    }

    record Outcome(String field, String record) {
    }

    @Test
    void corpusMeetsExpectationsWithFullRecall() throws IOException {
        List<Case> cases = load();
        List<String> mismatches = new ArrayList<>();
        List<String> leaks = new ArrayList<>();
        List<String> lostKeeps = new ArrayList<>();
        Map<String, Integer> perKind = new TreeMap<>();
        int planted = 0;
        int removed = 0;
        int keepsExpected = 0;
        int kept = 0;
        for (Case c : cases) {
            perKind.merge(c.kind(), 1, Integer::sum);
            Outcome out = run(c);
            String shown = out.field() == null ? "null" : out.field().isEmpty() ? "<empty>" : out.field();
            if (!shown.equals(c.expected())) {
                mismatches.add("line " + c.line() + " [" + c.kind() + "] " + c.input() + "\n    expected: " + c.expected()
                        + "\n    actual:   " + shown);
            }
            String record = out.record().toLowerCase(Locale.ROOT);
            for (String value : c.remove()) {
                planted++;
                if (record.contains(value.toLowerCase(Locale.ROOT))) {
                    leaks.add("line " + c.line() + ": '" + value + "' survives in " + out.record());
                } else {
                    removed++;
                }
            }
            for (String value : c.keep()) {
                keepsExpected++;
                if (out.field() != null && out.field().contains(value)) {
                    kept++;
                } else {
                    lostKeeps.add("line " + c.line() + ": '" + value + "' lost in " + shown);
                }
            }
        }
        double recall = planted == 0 ? 1.0 : (double) removed / planted;
        double precision = keepsExpected == 0 ? 1.0 : (double) kept / keepsExpected;
        System.out.printf(Locale.ROOT, "Anonymizer corpus: %d cases %s%n", cases.size(), perKind);
        System.out.printf(Locale.ROOT, "  recall    = %d/%d identifying values removed = %.2f%%%n", removed, planted, 100 * recall);
        System.out.printf(Locale.ROOT, "  precision = %d/%d non-personal values kept   = %.2f%%%n", kept, keepsExpected, 100 * precision);
        lostKeeps.forEach(l -> System.out.println("  over-redacted: " + l));

        assertThat(cases).hasSizeGreaterThanOrEqualTo(200);
        assertThat(leaks).as("identifying values that survived").isEmpty();
        assertThat(recall).isEqualTo(1.0);
        assertThat(mismatches).as("cases whose output differs from the corpus").isEmpty();
        assertThat(precision).as("share of non-personal values kept").isGreaterThanOrEqualTo(0.95);
    }

    private Outcome run(Case c) {
        String input = c.input();
        switch (c.kind()) {
            case "path", "threat", "os", "product", "sha" -> {
                var raw = TestEvents.detection().setUserName(c.user()).setHostName(c.host());
                switch (c.kind()) {
                    case "path" -> raw.setObjectPath(input);
                    case "threat" -> raw.setThreatName(input);
                    case "os" -> raw.setOsVersion(input);
                    case "product" -> raw.setProductVersion(input);
                    default -> raw.setObjectSha256(input);
                }
                AnonymizedDetection a = anonymizer.anonymize(raw.build());
                String field = switch (c.kind()) {
                    case "path" -> a.getObjectPath();
                    case "threat" -> a.getThreatName();
                    case "os" -> a.getOsMajorMinor();
                    case "product" -> a.getProductVersion();
                    default -> a.getObjectSha256();
                };
                return new Outcome(field, a.toString());
            }
            case "url", "domain", "ip" -> {
                var raw = TestEvents.threatSource().setUserName(c.user()).setHostName(c.host());
                if (c.kind().equals("ip")) {
                    raw.setRemoteAddress(input);
                } else {
                    raw.setUrl(input);
                }
                AnonymizedThreatSource a = anonymizer.anonymize(raw.build());
                String field = switch (c.kind()) {
                    case "url" -> a.getUrl();
                    case "domain" -> a.getDomain();
                    default -> a.getRemoteNetwork();
                };
                return new Outcome(field, a.toString());
            }
            default -> throw new IllegalStateException("line " + c.line() + ": unknown kind " + c.kind());
        }
    }

    static List<Case> load() throws IOException {
        List<Case> cases = new ArrayList<>();
        try (InputStream in = AnonymizerCorpusTest.class.getResourceAsStream("/corpus.psv");
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            int no = 0;
            while ((line = r.readLine()) != null) {
                no++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split(" \\| ", -1);
                if (f.length != 7) {
                    throw new IllegalStateException("corpus.psv line " + no + " has " + f.length + " columns, needs 7");
                }
                cases.add(new Case(no, f[0].strip(), dash(f[1]), dash(f[2]), f[3], f[4].strip(), list(f[5]), list(f[6])));
            }
        }
        return cases;
    }

    private static String dash(String s) {
        return s.strip().equals("-") ? null : s.strip();
    }

    private static List<String> list(String s) {
        String t = s.strip();
        return t.equals("-") ? List.of() : Arrays.stream(t.split(" ; ")).map(String::strip).toList();
    }
}
