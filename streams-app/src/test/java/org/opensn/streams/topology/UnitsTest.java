package org.opensn.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.opensn.schemas.avro.AnalystVerdict;
import org.opensn.schemas.avro.DetectionTechnology;
import org.opensn.schemas.avro.ThreatType;
import org.opensn.schemas.avro.Verdict;
import org.opensn.schemas.avro.VerdictSource;

/** Unit tests of the aggregators, rules, decider and codecs (no Kafka). */
class UnitsTest {

    private static final long T0 = Instant.parse("2026-03-02T10:00:00Z").toEpochMilli();
    private static final long HOUR = Duration.ofHours(1).toMillis();

    private final ObjectStatsAggregator aggregator = new ObjectStatsAggregator(2, Duration.ofHours(24), 24);
    private final VerdictRules rules = VerdictRules.defaults();

    private ObjectStats fold(ObjectContribution... cs) {
        ObjectStats s = ObjectStats.empty();
        for (ObjectContribution c : cs) {
            s = aggregator.apply("file:x", c, s);
        }
        return s;
    }

    @Test
    void objectStatsKeepFirstAndLastSeenAndABoundedListOfThreatNames() {
        ObjectStats s = fold(new ObjectContribution(T0 + 5, "A", true, 1), new ObjectContribution(T0, "B", true, 2),
                new ObjectContribution(T0 + 9, "C", true, 2), new ObjectContribution(T0 + 7, "A", true, 1));
        assertThat(s.detections()).isEqualTo(4);
        assertThat(s.distinctDevices()).isEqualTo(2);
        assertThat(s.firstSeen()).isEqualTo(T0);
        assertThat(s.lastSeen()).isEqualTo(T0 + 9);
        assertThat(s.threatNames()).containsExactly("A", "B");
    }

    @Test
    void bucketsOlderThanTheWindowAreDropped() {
        ObjectStats s = fold(new ObjectContribution(T0, "A", true, 1), new ObjectContribution(T0 + 3 * HOUR, "A", false, 2));
        assertThat(s.recent()).extracting(ObjectStats.Bucket::start).containsExactly(T0, T0 + 3 * HOUR);
        s = aggregator.apply("file:x", new ObjectContribution(T0 + 25 * HOUR, "A", true, 3), s);
        assertThat(s.recent()).extracting(ObjectStats.Bucket::start).containsExactly(T0 + 3 * HOUR, T0 + 25 * HOUR);
        s = aggregator.apply("file:x", new ObjectContribution(T0 - HOUR, "A", true, 4), s);
        assertThat(s.recent()).as("too old for the window: not added").hasSize(2);
        assertThat(s.distinctDevices()).as("but counted all-time").isEqualTo(4);
    }

    /**
     * The buckets, and the all-time sketch, hold what a recount of the reports gives, however late the reports come and
     * however many buckets leave the window. The all-time sketch is not touched when the detection's bucket has counted
     * the device already, so this also checks that a bucket never counts a device the all-time sketch has not.
     */
    @Test
    void bucketsHoldWhatARecountOfTheWindowsReportsHolds() {
        // the model: per bucket start, the sketches copied on write (Hll.add), the buckets that left the window removed;
        // all-time, every report's device
        java.util.SplittableRandom random = new java.util.SplittableRandom(11);
        for (int run = 0; run < 300; run++) {
            Duration window = Duration.ofHours(1 + random.nextInt(30));
            int buckets = 1 + random.nextInt(24);
            long bucketMillis = Math.max(1, window.toMillis() / buckets);
            ObjectStatsAggregator a = new ObjectStatsAggregator(3, window, buckets);
            ObjectStats s = ObjectStats.empty();
            java.util.TreeMap<Long, byte[][]> model = new java.util.TreeMap<>();
            byte[] allTime = null;
            long lastSeen = Long.MIN_VALUE;
            int reports = random.nextInt(run % 10 == 0 ? 2_000 : 60);
            for (int i = 0; i < reports; i++) {
                // mostly in order, some late, up to 300 devices so that sketches outgrow their arrays
                long time = T0 + i * 60_000L - (random.nextInt(8) == 0 ? random.nextLong(48 * HOUR) : 0);
                boolean definitive = random.nextBoolean();
                long device = random.nextInt(run % 10 == 0 ? 300 : 12);
                s = a.apply("file:x", new ObjectContribution(time, "A", definitive, device), s);
                allTime = Hll.add(allTime, device);
                assertThat(HllTest.used(s.deviceSketch())).as("run %d, report %d, all-time", run, i).isEqualTo(allTime);
                lastSeen = Math.max(lastSeen, time);
                long oldestKept = lastSeen - window.toMillis();
                long start = Math.floorDiv(time, bucketMillis) * bucketMillis;
                if (start + bucketMillis > oldestKept) {
                    byte[][] sketches = model.computeIfAbsent(start, k -> new byte[2][]);
                    int side = definitive ? 0 : 1;
                    sketches[side] = Hll.add(sketches[side], device);
                }
                model.headMap(oldestKept - bucketMillis, true).clear();
                assertThat(s.recent()).extracting(ObjectStats.Bucket::start).as("run %d, report %d", run, i)
                        .containsExactlyElementsOf(model.keySet());
                for (ObjectStats.Bucket b : s.recent()) {
                    byte[][] expected = model.get(b.start());
                    assertThat(HllTest.used(b.definitive())).as("run %d, report %d, definitive", run, i).isEqualTo(expected[0]);
                    assertThat(HllTest.used(b.probabilistic())).as("run %d, report %d, probabilistic", run, i).isEqualTo(expected[1]);
                }
            }
        }
    }

    @Test
    void ruleThresholdsAndConfidence() {
        ObjectStats four = foldDevices(4, true);
        assertThat(rules.evaluate(four)).isEmpty();
        assertThat(rules.evaluate(foldDevices(5, true)).orElseThrow().confidence()).isEqualTo(0.6);
        assertThat(rules.evaluate(foldDevices(20, true)).orElseThrow().confidence()).isEqualTo(0.9);
        Optional<RuleVerdict> suspicious = rules.evaluate(foldDevices(5, false));
        assertThat(suspicious.orElseThrow().verdict()).isEqualTo(Verdict.SUSPICIOUS);
        assertThat(rules.evaluate(foldDevices(1000, false)).orElseThrow().confidence()).isLessThanOrEqualTo(0.7);
        ObjectStats mixed = aggregator.apply("file:x", new ObjectContribution(T0, "A", true, 999), foldDevices(6, false));
        assertThat(rules.evaluate(mixed)).as("one definitive report: not 'probabilistic only', and below N").isEmpty();
    }

    @Test
    void objectsTheRulesCannotApplyToAreTheOnesBelowBothThresholdsAllTime() {
        assertThat(rules.mayApply(ObjectStats.empty())).isFalse();
        assertThat(rules.mayApply(foldDevices(4, true))).isFalse();
        assertThat(rules.mayApply(foldDevices(5, false))).isTrue();
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        for (int run = 0; run < 2_000; run++) {
            VerdictRules r = new VerdictRules(1 + random.nextInt(8), 1 + random.nextInt(8), Duration.ofHours(1 + random.nextInt(30)),
                    1 + random.nextInt(24));
            ObjectStatsAggregator a = new ObjectStatsAggregator(3, r.window(), r.buckets());
            ObjectStats s = ObjectStats.empty();
            int reports = random.nextInt(run % 10 == 0 ? 400 : 20);
            for (int i = 0; i < reports; i++) {
                s = a.apply("file:x", new ObjectContribution(T0 + random.nextLong(48 * HOUR), "A", random.nextBoolean(),
                        random.nextInt(run % 10 == 0 ? 300 : 12)), s);
                if (!r.mayApply(s)) {
                    assertThat(r.evaluate(s)).as("run %d, report %d: a rule applied although mayApply said none can", run, i).isEmpty();
                }
            }
        }
    }

    private ObjectStats foldDevices(int devices, boolean definitive) {
        ObjectStats s = ObjectStats.empty();
        for (int i = 0; i < devices; i++) {
            s = aggregator.apply("file:x", new ObjectContribution(T0 + i, "A", definitive, 1000L + i), s);
        }
        return s;
    }

    @Test
    void rulesRejectNonsense() {
        assertThatThrownBy(() -> new VerdictRules(0, 5, Duration.ofHours(1), 1)).hasMessageContaining(">= 1 device");
        assertThatThrownBy(() -> new VerdictRules(5, 5, Duration.ZERO, 1)).hasMessageContaining("window must be positive");
    }

    @Test
    void deciderPrefersALiveOverride() {
        RuleVerdict rule = new RuleVerdict(Verdict.MALICIOUS, 0.7, "r", "T");
        AnalystVerdict clean = AnalystVerdict.newBuilder().setObjectRef("file:x").setVerdict(Verdict.CLEAN).setReason("FP")
                .setCreatedAt(Instant.ofEpochMilli(T0)).setExpiresAt(Instant.ofEpochMilli(T0 + 10)).build();
        assertThat(VerdictDecider.decide(rule, clean, T0 + 9).source()).isEqualTo(VerdictSource.ANALYST);
        assertThat(VerdictDecider.decide(rule, clean, T0 + 10).source()).isEqualTo(VerdictSource.RULE);
        assertThat(VerdictDecider.decide(null, clean, T0 + 10)).isNull();
        assertThat(VerdictDecider.decide(null, null, T0)).isNull();
    }

    @Test
    void decisionChangeIgnoresReasonOnly() {
        Decision a = new Decision(Verdict.MALICIOUS, 0.6, VerdictSource.RULE, "5 devices", "T");
        assertThat(a.differsFrom(new Decision(Verdict.MALICIOUS, 0.6, VerdictSource.RULE, "other figures", "T"))).isFalse();
        assertThat(a.differsFrom(new Decision(Verdict.MALICIOUS, 0.61, VerdictSource.RULE, "5 devices", "T"))).isTrue();
        assertThat(a.differsFrom(null)).isTrue();
    }

    @Test
    void codecsRoundTripAndRejectBadBytes() {
        ObjectStats s = fold(new ObjectContribution(T0, "A", true, 1), new ObjectContribution(T0 + HOUR, "B", false, 2));
        ObjectStats.Serde serde = new ObjectStats.Serde();
        ObjectStats back = serde.deserialize("t", serde.serialize("t", s));
        assertThat(back.detections()).isEqualTo(2);
        assertThat(back.threatNames()).containsExactly("A", "B");
        assertThat(back.recent()).hasSize(2);
        assertThat(back.distinctDevices()).isEqualTo(2);
        assertThat(serde.serialize("t", s)).as("the size hint is exact for ASCII threat names (no buffer copy)")
                .hasSize(1 + serde.sizeHint(s));
        ThreatWindow w = new ThreatWindow(ThreatType.TROJAN, 1, Hll.add(null, 7));
        assertThat(new ThreatWindow.Serde().serialize("t", w)).hasSize(1 + new ThreatWindow.Serde().sizeHint(w));
        assertThat(serde.serialize("t", null)).isNull();
        assertThatThrownBy(() -> serde.deserialize("t", new byte[] {9, 1, 2})).isInstanceOf(SerializationException.class)
                .hasMessageContaining("ObjectStats");
        byte[] truncated = java.util.Arrays.copyOf(serde.serialize("t", s), 12);
        assertThatThrownBy(() -> serde.deserialize("t", truncated)).isInstanceOf(SerializationException.class);

        VerdictState state = new VerdictState(new RuleVerdict(Verdict.SUSPICIOUS, 0.4, "r", null),
                new Decision(Verdict.CLEAN, 1.0, VerdictSource.ANALYST, "FP", "T"), 7, T0);
        VerdictState.Serde states = new VerdictState.Serde();
        assertThat(states.deserialize("t", states.serialize("t", state))).isEqualTo(state);
        for (VerdictState v : List.of(state, VerdictState.EMPTY, new VerdictState(null, state.published(), 8, T0),
                new VerdictState(new RuleVerdict(Verdict.MALICIOUS, 0.9, "devices>=5 in 24h: 12", "Trojan.X"), null, 9, T0))) {
            assertThat(states.serialize("t", v)).as("the size hint is exact for ASCII text: %s", v).hasSize(1 + states.sizeHint(v));
        }

        ObjectContribution oc = new ObjectContribution(T0, "Name", false, -42L);
        assertThat(new ObjectContribution.Serde().deserialize("t", new ObjectContribution.Serde().serialize("t", oc))).isEqualTo(oc);
        ThreatPartial.Serde partials = new ThreatPartial.Serde();
        ThreatPartial tp = new ThreatPartial(T0, 2, new ThreatWindow(ThreatType.RANSOMWARE, 3, Hll.add(Hll.add(null, -7L), 9L)));
        ThreatPartial back2 = partials.deserialize("t", partials.serialize("t", tp));
        assertThat(back2.windowStart()).isEqualTo(T0);
        assertThat(back2.partition()).isEqualTo(2);
        assertThat(back2.window().detections()).isEqualTo(3);
        assertThat(back2.window().deviceSketch()).isEqualTo(tp.window().deviceSketch());
        assertThat(partials.serialize("t", tp)).as("the size hint is exact").hasSize(1 + partials.sizeHint(tp));
        ThreatPartial none = new ThreatPartial(T0, 0, new ThreatWindow(null, 1, null));
        assertThat(partials.deserialize("t", partials.serialize("t", none))).isEqualTo(none);
        assertThatThrownBy(() -> partials.deserialize("t", new byte[] {1, 0, 0})).isInstanceOf(SerializationException.class);
        byte[] unknownType = partials.serialize("t", tp);
        unknownType[1 + 8 + 4 + 1 + 2] = 'X'; // first letter of the type name
        assertThatThrownBy(() -> partials.deserialize("t", unknownType)).isInstanceOf(SerializationException.class)
                .hasMessageContaining("unknown threat type");
        ThreatCounts counts = ThreatCounts.EMPTY.with(2, 5).with(0, 1);
        assertThat(new ThreatCounts.Serde().deserialize("t", new ThreatCounts.Serde().serialize("t", counts))).isEqualTo(counts);
    }

    @Test
    void hllUnionCountsDistinctAcrossSketches() {
        byte[] a = Hll.add(Hll.add(null, 1), 2);
        byte[] b = Hll.add(Hll.add(null, 2), 3);
        assertThat(Hll.estimate(Hll.union(List.of(a, b)))).isEqualTo(3);
        assertThat(Hll.union(java.util.Arrays.asList(null, null))).isNull();
        assertThatThrownBy(() -> Hll.estimate(new byte[] {1, 2, 3})).isInstanceOf(SerializationException.class);
    }

    @Test
    void probabilisticTechnologies() {
        assertThat(Rekey.probabilistic(DetectionTechnology.HEURISTIC)).isTrue();
        assertThat(Rekey.probabilistic(DetectionTechnology.BEHAVIOR)).isTrue();
        assertThat(Rekey.probabilistic(DetectionTechnology.MACHINE_LEARNING)).isTrue();
        assertThat(Rekey.probabilistic(DetectionTechnology.SIGNATURE)).isFalse();
        assertThat(Rekey.probabilistic(DetectionTechnology.CLOUD)).isFalse();
    }
}
