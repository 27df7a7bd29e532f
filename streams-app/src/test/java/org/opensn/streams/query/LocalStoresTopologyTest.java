package org.opensn.streams.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.opensn.schemas.avro.AnalystVerdict;
import org.opensn.schemas.avro.Verdict;
import org.opensn.streams.topology.PipelineFixture;
import org.opensn.streams.topology.TestEvents;

/** Query answers over the stores of a TopologyTestDriver: sums, unions and k-suppression. */
class LocalStoresTopologyTest {

    private static final Instant H10 = Instant.parse("2026-03-02T10:00:00Z");

    @Test
    void topThreatsSumWindowsUnionDevicesAndSuppressBelowK() throws Exception {
        try (PipelineFixture p = PipelineFixture.create()) {
            // Big.A: 6 devices over two hours (3 + 3 distinct, 2 devices in both hours) -> 4 distinct
            for (int i = 0; i < 3; i++) {
                detect(p, "dev-" + i, "Big.A", H10.plusSeconds(i));
                detect(p, "dev-" + (i + 2), "Big.A", H10.plus(Duration.ofHours(1)).plusSeconds(i));
            }
            for (int i = 0; i < 7; i++) {
                detect(p, "other-" + i, "Wide.B", H10.plusSeconds(100 + i));
            }
            detect(p, "lonely", "Rare.C", H10.plusSeconds(200));
            p.sendThreatPartials();

            LocalStores k4 = new LocalStores(p::store, 4);
            Model.ThreatsPart top = k4.topThreats(H10, H10.plus(Duration.ofHours(2)), 10);
            assertThat(top.threats()).extracting(Model.ThreatFigure::name).containsExactly("Wide.B", "Big.A");
            assertThat(top.threats().get(1).detections()).isEqualTo(6);
            assertThat(top.threats().get(1).distinctDevices()).isEqualTo(5);
            assertThat(top.suppressed()).as("Rare.C has one device").isEqualTo(1);

            Model.ThreatsPart k6 = new LocalStores(p::store, 6).topThreats(H10, H10.plus(Duration.ofHours(2)), 10);
            assertThat(k6.threats()).extracting(Model.ThreatFigure::name).containsExactly("Wide.B");
            assertThat(k6.suppressed()).isEqualTo(2);

            Model.ThreatsPart firstHourOnly = k4.topThreats(H10, H10.plus(Duration.ofHours(1)).minusMillis(1), 1);
            assertThat(firstHourOnly.threats()).extracting(Model.ThreatFigure::name).containsExactly("Wide.B");
        }
    }

    @Test
    void seriesMarksSuppressedPoints() throws Exception {
        try (PipelineFixture p = PipelineFixture.create()) {
            for (int i = 0; i < 5; i++) {
                detect(p, "dev-" + i, "S.A", H10.plusSeconds(i));
            }
            detect(p, "dev-0", "S.A", H10.plus(Duration.ofHours(2)));
            p.sendThreatPartials();
            Model.Series s = new LocalStores(p::store, 5).series("S.A", H10, H10.plus(Duration.ofHours(3)), Duration.ofHours(1).toMillis(), "1h");
            assertThat(s.points()).hasSize(3);
            assertThat(s.points().get(0).detections()).isEqualTo(5);
            assertThat(s.points().get(0).suppressed()).isFalse();
            assertThat(s.points().get(1).detections()).isZero();
            assertThat(s.points().get(2).suppressed()).isTrue();
            assertThat(s.points().get(2).detections()).isNull();
            Model.Series daily = new LocalStores(p::store, 5).series("S.A", H10, H10.plus(Duration.ofHours(3)), Duration.ofHours(3).toMillis(), "3h");
            assertThat(daily.points()).singleElement().satisfies(pt -> {
                assertThat(pt.detections()).isEqualTo(6);
                assertThat(pt.distinctDevices()).isEqualTo(5);
            });
        }
    }

    @Test
    void objectViewSuppressesFiguresBelowKButShowsTheVerdict() throws Exception {
        try (PipelineFixture p = PipelineFixture.create()) {
            String sha = TestEvents.sha(77);
            p.detections.pipeInput("k", TestEvents.detection("dev-1", sha, "O.A", H10), H10);
            p.analystVerdicts.pipeInput("file:" + sha, AnalystVerdict.newBuilder().setObjectRef("file:" + sha).setVerdict(Verdict.MALICIOUS)
                    .setReason("TICKET-1").setCreatedAt(H10).build(), H10);
            Model.ObjectView view = new LocalStores(p::store, 5).object("file:" + sha);
            assertThat(view.suppressed()).isTrue();
            assertThat(view.suppressedReason()).contains("k=5");
            assertThat(view.detections()).isNull();
            assertThat(view.firstSeen()).isNull();
            assertThat(view.verdict().verdict()).isEqualTo("MALICIOUS");
            assertThat(view.verdict().source()).isEqualTo("ANALYST");

            Model.ObjectView shown = new LocalStores(p::store, 1).object("file:" + sha);
            assertThat(shown.suppressed()).isFalse();
            assertThat(shown.detections()).isEqualTo(1);
            assertThat(shown.threatNames()).containsExactly("O.A");
            assertThat(new LocalStores(p::store, 1).object("file:" + TestEvents.sha(78))).isNull();
        }
    }

    @Test
    void topSourcesByHits() throws Exception {
        try (PipelineFixture p = PipelineFixture.create()) {
            for (int i = 0; i < 6; i++) {
                p.threatSources.pipeInput("k", TestEvents.threatSource("dev-" + i, "a.example.com", "P", H10.plusSeconds(i)), H10.plusSeconds(i));
            }
            for (int i = 0; i < 3; i++) {
                p.threatSources.pipeInput("k", TestEvents.threatSource("dev-" + i, "b.example.com", "P", H10.plusSeconds(i)), H10.plusSeconds(i));
            }
            Model.SourcesPart part = new LocalStores(p::store, 5).topSources(H10, H10.plus(Duration.ofHours(1)), 10);
            assertThat(part.sources()).extracting(Model.SourceFigure::domain).containsExactly("a.example.com");
            assertThat(part.sources().get(0).hits()).isEqualTo(6);
            assertThat(part.suppressed()).isEqualTo(1);
        }
    }

    private static void detect(PipelineFixture p, String device, String threat, Instant t) {
        p.detections.pipeInput("k", TestEvents.detection(device, TestEvents.sha(threat.hashCode() & 0xffff), threat, t), t);
    }
}
