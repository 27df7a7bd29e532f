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
            p.sendThreatPartials();
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
    void partialsFromEveryPartitionAreMergedOnceEach() throws Exception {
        try (PipelineFixture p = PipelineFixture.create()) {
            var partials = p.threatPartials();
            long h10 = H10.toEpochMilli();
            byte[] devicesAB = Hll.add(Hll.add(null, 1), 2);
            byte[] devicesABC = Hll.add(devicesAB, 3);
            partials.pipeInput("Mix.A", new ThreatPartial(h10, 0, new ThreatWindow(ThreatType.WORM, 2, devicesAB)), H10.plusSeconds(1));
            partials.pipeInput("Mix.A", new ThreatPartial(h10, 0, new ThreatWindow(ThreatType.WORM, 2, devicesAB)), H10.plusSeconds(1));
            partials.pipeInput("Mix.A", new ThreatPartial(h10, 1, new ThreatWindow(ThreatType.WORM, 4, Hll.add(null, 4))), H10.plusSeconds(2));
            partials.pipeInput("Mix.A", new ThreatPartial(h10, 0, new ThreatWindow(ThreatType.WORM, 3, devicesABC)), H10.plusSeconds(3));
            partials.pipeInput("Mix.A", new ThreatPartial(h10, 0, new ThreatWindow(ThreatType.WORM, 2, devicesAB)), H10.plusSeconds(4));

            WindowStore<String, ThreatWindow> store = p.driver.getWindowStore(Names.THREAT_HOURLY_STORE);
            ThreatWindow merged = store.fetch("Mix.A", h10);
            assertThat(merged.detections()).as("3 from partition 0 (its largest count, repeats ignored) + 4 from partition 1").isEqualTo(7);
            assertThat(merged.distinctDevices()).isEqualTo(4);
            List<KeyValue<String, ThreatStatistic>> out = p.threatStats.readKeyValuesToList();
            assertThat(out).extracting(kv -> kv.value.getDetections()).as("one statistic per partial that changed something")
                    .containsExactly(2L, 6L, 7L);
        }
    }

    @Test
    void aPartialSentAgainAfterARestartChangesNothing() throws Exception {
        try (PipelineFixture p = PipelineFixture.create()) {
            for (int i = 0; i < 5; i++) {
                p.detections.pipeInput("k", TestEvents.detection("dev-" + i, TestEvents.sha(i), "Again.A", H10.plusSeconds(i)), H10.plusSeconds(i));
            }
            p.sendThreatPartials();
            p.sendThreatPartials(); // nothing changed: nothing sent
            // the partial store is a write-back cache in front of a window store: committed after each input here
            @SuppressWarnings("unchecked")
            WriteBackStore<ThreatPartialProcessor.Slot, ThreatWindow> partial =
                    (WriteBackStore<ThreatPartialProcessor.Slot, ThreatWindow>) p.driver.getAllStateStores().get(Names.THREAT_PARTIAL_STORE);
            ThreatWindow counted = partial.current(new ThreatPartialProcessor.Slot("Again.A", H10.toEpochMilli()));
            assertThat(counted.detections()).isEqualTo(5);
            // what a restarted task sends for everything its restored store holds
            p.threatPartials().pipeInput("Again.A", new ThreatPartial(H10.toEpochMilli(), 0, counted), H10);
            assertThat(p.threatStats.readValuesToList()).extracting(ThreatStatistic::getDetections).containsExactly(5L);
            WindowStore<String, ThreatWindow> store = p.driver.getWindowStore(Names.THREAT_HOURLY_STORE);
            assertThat(store.fetch("Again.A", H10.toEpochMilli()).detections()).isEqualTo(5);
        }
    }

    @Test
    void aWindowCountedBeforePartialsKeepsItsCount() throws Exception {
        try (PipelineFixture p = PipelineFixture.create()) {
            // a window an older build counted detection by detection into threat-hourly
            WindowStore<String, org.apache.kafka.streams.state.ValueAndTimestamp<ThreatWindow>> hourly =
                    p.driver.getTimestampedWindowStore(Names.THREAT_HOURLY_STORE);
            hourly.put("Old.A", org.apache.kafka.streams.state.ValueAndTimestamp.make(new ThreatWindow(ThreatType.TROJAN, 10, Hll.add(null, 99)),
                    H10.toEpochMilli()), H10.toEpochMilli());
            p.detections.pipeInput("k", TestEvents.detection("dev-1", TestEvents.sha(1), "Old.A", H10.plusSeconds(9)), H10.plusSeconds(9));
            p.sendThreatPartials();
            ThreatWindow merged = p.driver.<String, ThreatWindow>getWindowStore(Names.THREAT_HOURLY_STORE).fetch("Old.A", H10.toEpochMilli());
            assertThat(merged.detections()).isEqualTo(11);
            assertThat(merged.distinctDevices()).isEqualTo(2);
        }
    }

    @Test
    void aBacklogSpanningManyHoursWithinOneSendIsCountedInFull() throws Exception {
        try (PipelineFixture p = PipelineFixture.create()) {
            for (int hour = 0; hour < 6; hour++) {
                for (int i = 0; i < 3; i++) {
                    Instant t = H10.plus(Duration.ofHours(hour)).plusSeconds(i);
                    p.detections.pipeInput("k", TestEvents.detection("dev-" + i, TestEvents.sha(i), "Replay.A", t), t);
                }
            }
            p.sendThreatPartials();
            WindowStore<String, ThreatWindow> store = p.driver.getWindowStore(Names.THREAT_HOURLY_STORE);
            for (int hour = 0; hour < 6; hour++) {
                ThreatWindow w = store.fetch("Replay.A", H10.plus(Duration.ofHours(hour)).toEpochMilli());
                assertThat(w).as("hour %d", hour).isNotNull();
                assertThat(w.detections()).as("hour %d", hour).isEqualTo(3);
                assertThat(w.distinctDevices()).as("hour %d", hour).isEqualTo(3);
            }
        }
    }

    @Test
    void windowEdgesSplitAtTheFullHour() throws Exception {
        try (PipelineFixture p = PipelineFixture.create()) {
            Instant lastMilli = H11.minusMillis(1);
            p.detections.pipeInput("k", TestEvents.detection("dev-1", TestEvents.sha(1), "Worm.B", lastMilli), lastMilli);
            p.detections.pipeInput("k", TestEvents.detection("dev-2", TestEvents.sha(1), "Worm.B", H11), H11);
            p.sendThreatPartials();
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

            p.sendThreatPartials();
            Map<String, ThreatStatistic> latest = latest(p.threatStats.readKeyValuesToList());
            assertThat(latest.get("Late.A@2026-03-02T10:00:00Z").getDetections()).isEqualTo(2);
            assertThat(latest.get("Late.A@2026-03-02T10:00:00Z").getDistinctDevices()).isEqualTo(2);
            WindowStore<String, ThreatWindow> store = p.driver.getWindowStore(Names.THREAT_HOURLY_STORE);
            assertThat(store.fetch("Late.A", H10.toEpochMilli()).detections()).isEqualTo(2);
            double lateTotal = p.driver.metrics().entrySet().stream()
                    .filter(e -> e.getKey().name().equals(ThreatPartialProcessor.LATE_OPERATION + "-total"))
                    .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue()).sum();
            assertThat(lateTotal).as("the late detection is counted in the task's dropped-late-detections-total").isEqualTo(1.0);
        }
    }

    @Test
    void outOfOrderEventsLandInTheirOwnWindow() throws Exception {
        try (PipelineFixture p = PipelineFixture.create()) {
            p.detections.pipeInput("k", TestEvents.detection("dev-1", TestEvents.sha(1), "Ooo.A", H11.plusSeconds(1)), H11.plusSeconds(1));
            p.detections.pipeInput("k", TestEvents.detection("dev-2", TestEvents.sha(1), "Ooo.A", H10.plus(Duration.ofMinutes(59))),
                    H11.plusSeconds(2));
            p.detections.pipeInput("k", TestEvents.detection("dev-3", TestEvents.sha(1), "Ooo.A", H11.plusSeconds(3)), H11.plusSeconds(3));
            p.sendThreatPartials();
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
