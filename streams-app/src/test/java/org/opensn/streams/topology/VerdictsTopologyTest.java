package org.opensn.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.Test;
import org.opensn.schemas.avro.AnalystVerdict;
import org.opensn.schemas.avro.DetectionTechnology;
import org.opensn.schemas.avro.ReputationVerdict;
import org.opensn.schemas.avro.Verdict;
import org.opensn.schemas.avro.VerdictSource;

class VerdictsTopologyTest {

    private static final Instant T = PipelineFixture.START.plusSeconds(10);
    private static final String SHA = TestEvents.sha(0xbad);
    private static final String REF = "file:" + SHA;

    @Test
    void maliciousOnceEnoughDevicesReportItWithRisingConfidenceAndChangeOnlyEmission() throws Exception {
        try (PipelineFixture p = PipelineFixture.create()) {
            for (int d = 1; d <= 4; d++) {
                report(p, "dev-" + d, DetectionTechnology.SIGNATURE, T.plusSeconds(d));
            }
            assertThat(p.verdicts.isEmpty()).as("below N=5 devices: no verdict").isTrue();
            KeyValueStore<String, VerdictState> states = p.driver.getKeyValueStore(Names.VERDICT_STATE_STORE);
            assertThat(states.get(REF)).as("no rule opinion yet: nothing written to the verdict state (or its changelog)").isNull();

            report(p, "dev-5", DetectionTechnology.SIGNATURE, T.plusSeconds(5));
            ReputationVerdict v1 = p.verdicts.readValue();
            assertThat(v1.getVerdict()).isEqualTo(Verdict.MALICIOUS);
            assertThat(v1.getSource()).isEqualTo(VerdictSource.RULE);
            assertThat(v1.getVersion()).isEqualTo(1);
            assertThat(v1.getConfidence()).isEqualTo(0.6);
            assertThat(v1.getThreatName()).isEqualTo("Trojan.V");
            var changelog = p.driver.createOutputTopic(p.applicationId + "-" + Names.VERDICT_STATE_STORE + "-changelog",
                    org.apache.kafka.common.serialization.Serdes.String().deserializer(), new VerdictState.Serde().deserializer());
            List<KeyValue<String, VerdictState>> written = changelog.readKeyValuesToList();
            assertThat(written).as("the new rule opinion and the verdict it publishes: one write of the state, not two").hasSize(1);
            assertThat(written.get(0).key).isEqualTo(REF);
            assertThat(written.get(0).value.version()).isEqualTo(1);
            assertThat(written.get(0).value.published().verdict()).isEqualTo(Verdict.MALICIOUS);
            assertThat(written.get(0).value.rule()).isEqualTo(states.get(REF).rule());

            for (int i = 0; i < 3; i++) {
                report(p, "dev-" + (1 + i), DetectionTechnology.SIGNATURE, T.plusSeconds(10 + i));
            }
            assertThat(p.verdicts.isEmpty()).as("same devices again: nothing changed, nothing emitted").isTrue();

            for (int d = 6; d <= 10; d++) {
                report(p, "dev-" + d, DetectionTechnology.SIGNATURE, T.plusSeconds(20 + d));
            }
            List<ReputationVerdict> more = p.verdicts.readValuesToList();
            assertThat(more).isNotEmpty();
            assertThat(more).extracting(ReputationVerdict::getVersion).containsExactlyElementsOf(
                    java.util.stream.LongStream.rangeClosed(2, 1 + more.size()).boxed().toList());
            assertThat(more).extracting(ReputationVerdict::getConfidence).isSortedAccordingTo(Double::compare);
            assertThat(more.get(more.size() - 1).getConfidence()).isEqualTo(0.8);
        }
    }

    @Test
    void probabilisticDetectionsOnlyMakeAnObjectSuspicious() throws Exception {
        try (PipelineFixture p = PipelineFixture.create()) {
            for (int d = 1; d <= 5; d++) {
                report(p, "dev-" + d, d % 2 == 0 ? DetectionTechnology.HEURISTIC : DetectionTechnology.MACHINE_LEARNING, T.plusSeconds(d));
            }
            ReputationVerdict v = p.verdicts.readValue();
            assertThat(v.getVerdict()).isEqualTo(Verdict.SUSPICIOUS);
            assertThat(v.getConfidence()).isEqualTo(0.4);
        }
    }

    @Test
    void reportsOutsideTheWindowDoNotCountTowardsTheRule() throws Exception {
        try (PipelineFixture p = PipelineFixture.create()) {
            for (int d = 1; d <= 3; d++) {
                report(p, "old-" + d, DetectionTechnology.SIGNATURE, T.plusSeconds(d));
            }
            Instant later = T.plus(Duration.ofDays(2));
            for (int d = 1; d <= 4; d++) {
                report(p, "new-" + d, DetectionTechnology.SIGNATURE, later.plusSeconds(d));
            }
            assertThat(p.verdicts.isEmpty()).as("7 devices in total but only 4 within 24 h").isTrue();
            ReadOnlyKeyValueStore<String, ObjectStats> stats = p.store(Names.OBJECT_STATS_STORE, QueryableStoreTypes.keyValueStore());
            assertThat(stats.get(REF).distinctDevices()).isEqualTo(7);
            assertThat(stats.get(REF).detections()).isEqualTo(7);
            assertThat(stats.get(REF).firstSeen()).isEqualTo(T.plusSeconds(1).toEpochMilli());
        }
    }

    @Test
    void analystOverrideWinsAndItsRemovalHandsBackToTheRules() throws Exception {
        try (PipelineFixture p = PipelineFixture.create()) {
            for (int d = 1; d <= 5; d++) {
                report(p, "dev-" + d, DetectionTechnology.SIGNATURE, T.plusSeconds(d));
            }
            assertThat(p.verdicts.readValue().getVerdict()).isEqualTo(Verdict.MALICIOUS);

            p.analystVerdicts.pipeInput(REF, analyst(Verdict.CLEAN, null), T.plusSeconds(30));
            ReputationVerdict clean = p.verdicts.readValue();
            assertThat(clean.getVerdict()).isEqualTo(Verdict.CLEAN);
            assertThat(clean.getSource()).isEqualTo(VerdictSource.ANALYST);
            assertThat(clean.getReason()).isEqualTo("FP-1234");
            assertThat(clean.getVersion()).isEqualTo(2);

            report(p, "dev-6", DetectionTechnology.SIGNATURE, T.plusSeconds(40));
            assertThat(p.verdicts.isEmpty()).as("rules change under an override: nothing published").isTrue();

            p.analystVerdicts.pipeInput(REF, null, T.plusSeconds(50));
            ReputationVerdict back = p.verdicts.readValue();
            assertThat(back.getVerdict()).isEqualTo(Verdict.MALICIOUS);
            assertThat(back.getSource()).isEqualTo(VerdictSource.RULE);
            assertThat(back.getVersion()).isEqualTo(3);
        }
    }

    @Test
    void expiredOverrideIsRemovedByTheWallClockAndAWithdrawnVerdictIsATombstone() throws Exception {
        try (PipelineFixture p = PipelineFixture.create()) {
            String ref = "domain:unknown.example.net";
            Instant expires = PipelineFixture.START.plus(Duration.ofMinutes(30));
            p.analystVerdicts.pipeInput(ref, analyst(ref, Verdict.MALICIOUS, expires), T);
            ReputationVerdict v = p.verdicts.readValue();
            assertThat(v.getVerdict()).isEqualTo(Verdict.MALICIOUS);
            assertThat(v.getVersion()).isEqualTo(1);

            p.driver.advanceWallClockTime(Duration.ofMinutes(20));
            assertThat(p.verdicts.isEmpty()).isTrue();
            p.driver.advanceWallClockTime(Duration.ofMinutes(11));
            KeyValue<String, ReputationVerdict> withdrawn = p.verdicts.readKeyValue();
            assertThat(withdrawn.key).isEqualTo(ref);
            assertThat(withdrawn.value).as("no rule verdict behind it: withdrawn").isNull();

            p.analystVerdicts.pipeInput(ref, analyst(ref, Verdict.SUSPICIOUS, null), T);
            assertThat(p.verdicts.readValue().getVersion()).as("versions keep increasing after a withdrawal").isEqualTo(3);
        }
    }

    @Test
    void removingAnOverrideThatWasNeverBackedByRulesWithdrawsTheVerdict() throws Exception {
        try (PipelineFixture p = PipelineFixture.create()) {
            p.analystVerdicts.pipeInput(REF, analyst(Verdict.MALICIOUS, null), T);
            assertThat(p.verdicts.readValue().getVerdict()).isEqualTo(Verdict.MALICIOUS);
            p.analystVerdicts.pipeInput(REF, null, T);
            KeyValue<String, ReputationVerdict> kv = p.verdicts.readKeyValue();
            assertThat(kv.key).isEqualTo(REF);
            assertThat(kv.value).isNull();
            p.analystVerdicts.pipeInput(REF, null, T);
            assertThat(p.verdicts.isEmpty()).as("nothing published, nothing to withdraw again").isTrue();
        }
    }

    @Test
    void detectionsKeyedByTheirObjectAreAggregatedInPlaceAndOthersReachTheSameFiguresThroughTheRepartition() throws Exception {
        try (PipelineFixture p = PipelineFixture.create()) {
            // the test driver reads every record from partition 0: a file whose ref the default partitioner puts there
            String sha = fileWhoseRefIsInPartitionZero(p, true);
            String ref = "file:" + sha;
            for (int d = 1; d <= 3; d++) {
                p.detections.pipeInput(ref, TestEvents.detection("dev-" + d, sha, "Trojan.P", DetectionTechnology.SIGNATURE, T.plusSeconds(d)),
                        T.plusSeconds(d));
            }
            assertThat(p.driver.producedTopicNames()).as("keyed and partitioned by the object ref: aggregated where it was read")
                    .noneMatch(t -> t.contains(Names.OBJECT_REPARTITION));
            for (int d = 4; d <= 5; d++) {
                p.detections.pipeInput("some-other-key-" + d,
                        TestEvents.detection("dev-" + d, sha, "Trojan.P", DetectionTechnology.SIGNATURE, T.plusSeconds(d)), T.plusSeconds(d));
            }
            assertThat(p.driver.producedTopicNames()).as("under another key: through the object repartition topic")
                    .anyMatch(t -> t.contains(Names.OBJECT_REPARTITION));

            ReadOnlyKeyValueStore<String, ObjectStats> objects = p.store(Names.OBJECT_STATS_STORE, QueryableStoreTypes.keyValueStore());
            assertThat(objects.get(ref).detections()).as("both paths counted in the same object's figures").isEqualTo(5);
            assertThat(objects.get(ref).distinctDevices()).isEqualTo(5);
            ReputationVerdict v = p.verdicts.readValue();
            assertThat(v.getObjectRef()).isEqualTo(ref);
            assertThat(v.getVerdict()).isEqualTo(Verdict.MALICIOUS);
            assertThat(p.anonDetections.readKeyValuesToList()).as("the anonymized topic is keyed by the object ref either way")
                    .extracting(kv -> kv.key).containsOnly(ref).hasSize(5);
        }
    }

    @Test
    void aDetectionKeyedByItsObjectButReadFromAnotherPartitionGoesThroughTheRepartition() throws Exception {
        try (PipelineFixture p = PipelineFixture.create()) {
            // the test driver reads every record from partition 0: a ref the default partitioner puts elsewhere is misplaced there
            String sha = fileWhoseRefIsInPartitionZero(p, false);
            String ref = "file:" + sha;
            p.detections.pipeInput(ref, TestEvents.detection("dev-1", sha, "Trojan.P", DetectionTechnology.SIGNATURE, T), T);
            assertThat(p.driver.producedTopicNames()).as("the right key in the wrong partition: through the object repartition topic")
                    .anyMatch(t -> t.contains(Names.OBJECT_REPARTITION));
            ReadOnlyKeyValueStore<String, ObjectStats> objects = p.store(Names.OBJECT_STATS_STORE, QueryableStoreTypes.keyValueStore());
            assertThat(objects.get(ref).detections()).isEqualTo(1);
        }
    }

    /** The hash of a file whose ref the default partitioner puts in partition 0 of the object partitions ({@code inZero}), or not. */
    private static String fileWhoseRefIsInPartitionZero(PipelineFixture p, boolean inZero) {
        int partitions = p.config.internalPartitions();
        for (int i = 1; ; i++) {
            String candidate = TestEvents.sha(0xc0de00 + i);
            boolean zero = Utils.toPositive(Utils.murmur2(("file:" + candidate).getBytes(StandardCharsets.UTF_8))) % partitions == 0;
            if (zero == inZero) {
                return candidate;
            }
        }
    }

    private static void report(PipelineFixture p, String device, DetectionTechnology tech, Instant time) {
        p.detections.pipeInput("k", TestEvents.detection(device, SHA, "Trojan.V", tech, time), time);
    }

    private static AnalystVerdict analyst(Verdict verdict, Instant expiresAt) {
        return analyst(REF, verdict, expiresAt);
    }

    private static AnalystVerdict analyst(String ref, Verdict verdict, Instant expiresAt) {
        return AnalystVerdict.newBuilder().setObjectRef(ref).setVerdict(verdict).setConfidence(1.0).setReason("FP-1234")
                .setCreatedAt(T).setExpiresAt(expiresAt).build();
    }
}
