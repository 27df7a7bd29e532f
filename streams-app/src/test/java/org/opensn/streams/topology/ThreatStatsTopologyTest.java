package org.opensn.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.junit.jupiter.api.Test;
import org.opensn.schemas.avro.ThreatStatistic;
import org.opensn.schemas.avro.ThreatType;

class ThreatStatsTopologyTest {

    private static final Instant H10 = Instant.parse("2026-03-02T10:00:00Z");
    private static final Instant H11 = H10.plus(Duration.ofHours(1));

    @Test
    void countsDetectionsAndDistinctDevicesPerThreatPerHour() throws Exception {
        try (PipelineFixture p = PipelineFixture.create()) {
            for (int i = 0; i < 6; i++) {
                p.detections.pipeInput("k", TestEvents.detection("dev-" + (i % 3), TestEvents.sha(i), "Trojan.A", H10.plusSeconds(i)), H10.plusSeconds(i));
            }
            Map<String, ThreatStatistic> latest = latest(p.threatStats.readKeyValuesToList());
            ThreatStatistic stat = latest.get("Trojan.A@2026-03-02T10:00:00Z");
            assertThat(stat.getDetections()).isEqualTo(6);
            assertThat(stat.getDistinctDevices()).isEqualTo(3);
            assertThat(stat.getThreatType()).isEqualTo(ThreatType.TROJAN);
            assertThat(stat.getWindowStart()).isEqualTo(H10);
            assertThat(stat.getWindowEnd()).isEqualTo(H11);
        }
    }

    @Test
    void windowEdgesSplitAtTheFullHour() throws Exception {
        try (PipelineFixture p = PipelineFixture.create()) {
            Instant lastMilli = H11.minusMillis(1);
            p.detections.pipeInput("k", TestEvents.detection("dev-1", TestEvents.sha(1), "Worm.B", lastMilli), lastMilli);
            p.detections.pipeInput("k", TestEvents.detection("dev-2", TestEvents.sha(1), "Worm.B", H11), H11);
            Map<String, ThreatStatistic> latest = latest(p.threatStats.readKeyValuesToList());
            assertThat(latest).containsOnlyKeys("Worm.B@2026-03-02T10:00:00Z", "Worm.B@2026-03-02T11:00:00Z");
            assertThat(latest.values()).extracting(ThreatStatistic::getDetections).containsOnly(1L);
        }
    }

    @Test
    void lateEventsWithinGraceCountAndLaterOnesAreDropped() throws Exception {
        try (PipelineFixture p = PipelineFixture.create(c -> PipelineFixture.withGrace(c, Duration.ofMinutes(10)))) {
            p.detections.pipeInput("k", TestEvents.detection("dev-1", TestEvents.sha(1), "Late.A", H10.plusSeconds(5)), H10.plusSeconds(5));
            // stream time moves to 11:09:59 — the 10:00 window is still within grace
            Instant withinGrace = H11.plus(Duration.ofMinutes(10)).minusSeconds(1);
            p.detections.pipeInput("k", TestEvents.detection("dev-2", TestEvents.sha(1), "Other.A", withinGrace), withinGrace);
            p.detections.pipeInput("k", TestEvents.detection("dev-3", TestEvents.sha(1), "Late.A", H10.plusSeconds(30)), withinGrace);
            // stream time moves past 11:10 — the 10:00 window is closed
            Instant afterGrace = H11.plus(Duration.ofMinutes(10)).plusSeconds(1);
            p.detections.pipeInput("k", TestEvents.detection("dev-2", TestEvents.sha(1), "Other.A", afterGrace), afterGrace);
            p.detections.pipeInput("k", TestEvents.detection("dev-4", TestEvents.sha(1), "Late.A", H10.plusSeconds(40)), afterGrace);

            Map<String, ThreatStatistic> latest = latest(p.threatStats.readKeyValuesToList());
            assertThat(latest.get("Late.A@2026-03-02T10:00:00Z").getDetections()).isEqualTo(2);
            assertThat(latest.get("Late.A@2026-03-02T10:00:00Z").getDistinctDevices()).isEqualTo(2);
            WindowStore<String, ThreatWindow> store = p.driver.getWindowStore(Names.THREAT_HOURLY_STORE);
            assertThat(store.fetch("Late.A", H10.toEpochMilli()).detections()).isEqualTo(2);
        }
    }

    @Test
    void outOfOrderEventsLandInTheirOwnWindow() throws Exception {
        try (PipelineFixture p = PipelineFixture.create()) {
            p.detections.pipeInput("k", TestEvents.detection("dev-1", TestEvents.sha(1), "Ooo.A", H11.plusSeconds(1)), H11.plusSeconds(1));
            p.detections.pipeInput("k", TestEvents.detection("dev-2", TestEvents.sha(1), "Ooo.A", H10.plus(Duration.ofMinutes(59))),
                    H11.plusSeconds(2));
            p.detections.pipeInput("k", TestEvents.detection("dev-3", TestEvents.sha(1), "Ooo.A", H11.plusSeconds(3)), H11.plusSeconds(3));
            WindowStore<String, ThreatWindow> store = p.driver.getWindowStore(Names.THREAT_HOURLY_STORE);
            try (WindowStoreIterator<ThreatWindow> it = store.fetch("Ooo.A", H10, H11)) {
                List<KeyValue<Long, ThreatWindow>> windows = new java.util.ArrayList<>();
                it.forEachRemaining(windows::add);
                assertThat(windows).extracting(kv -> kv.key).containsExactly(H10.toEpochMilli(), H11.toEpochMilli());
                assertThat(windows).extracting(kv -> kv.value.detections()).containsExactly(1L, 2L);
            }
        }
    }

    @Test
    void threatSourcesAreCountedPerDomainPerHour() throws Exception {
        try (PipelineFixture p = PipelineFixture.create()) {
            for (int i = 0; i < 4; i++) {
                p.threatSources.pipeInput("k", TestEvents.threatSource("dev-" + i, "bad.example.org", "Phish.A", H10.plusSeconds(i)), H10.plusSeconds(i));
            }
            p.threatSources.pipeInput("k", TestEvents.threatSource("dev-0", "bad.example.org", "Phish.A", H11), H11);
            WindowStore<String, SourceWindow> store = p.driver.getWindowStore(Names.SOURCE_DOMAIN_HOURLY_STORE);
            assertThat(store.fetch("bad.example.org", H10.toEpochMilli()).hits()).isEqualTo(4);
            assertThat(store.fetch("bad.example.org", H10.toEpochMilli()).distinctDevices()).isEqualTo(4);
            assertThat(store.fetch("bad.example.org", H11.toEpochMilli()).hits()).isEqualTo(1);
        }
    }

    private static Map<String, ThreatStatistic> latest(List<KeyValue<String, ThreatStatistic>> records) {
        Map<String, ThreatStatistic> latest = new LinkedHashMap<>();
        records.forEach(kv -> latest.put(kv.key, kv.value));
        return latest;
    }
}
