package org.opensn.collector.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.opensn.collector.EventKeys;
import org.opensn.schemas.ObjectRef;
import org.opensn.schemas.avro.DetectionEvent;
import org.opensn.schemas.avro.OsFamily;
import org.opensn.schemas.avro.ThreatSourceEvent;

class FleetSimulatorTest {

    private static final class Collect implements EventSink {
        final List<DetectionEvent> detections = new ArrayList<>();
        final List<ThreatSourceEvent> sources = new ArrayList<>();

        @Override
        public void detection(DetectionEvent event) {
            detections.add(event);
        }

        @Override
        public void threatSource(ThreatSourceEvent event) {
            sources.add(event);
        }
    }

    private static Collect emit(FleetSimulator f, int n) {
        Collect c = new Collect();
        for (int i = 0; i < n; i++) {
            f.emit(c);
        }
        return c;
    }

    @Test
    void theMixIsRealistic() {
        Collect c = emit(FleetSimulator.builder().devices(500).seed(1).build(), 20_000);
        assertThat(c.sources.size() / 20_000.0).isBetween(0.27, 0.33);
        // Zipf: the most frequent threat is far more common than the median one
        Map<String, Long> byThreat = c.detections.stream().collect(Collectors.groupingBy(DetectionEvent::getThreatName, Collectors.counting()));
        List<Long> counts = byThreat.values().stream().sorted((a, b) -> Long.compare(b, a)).toList();
        assertThat(counts.get(0)).isGreaterThan(20 * counts.get(counts.size() / 2));
        assertThat(byThreat.size()).isGreaterThan(200);
        // hashes repeat, and are valid
        Set<String> hashes = c.detections.stream().map(DetectionEvent::getObjectSha256).collect(Collectors.toSet());
        assertThat(hashes.size()).isLessThan(c.detections.size() / 2).isGreaterThan(200);
        // threat sources: a share with URLs, some of them carrying user names or tokens
        long withUrl = c.sources.stream().filter(s -> s.getUrl() != null).count();
        assertThat(withUrl / (double) c.sources.size()).isBetween(0.65, 0.75);
        assertThat(c.sources.stream().filter(s -> s.getUrl() != null).anyMatch(s -> s.getUrl().contains("email=" + s.getUserName()))).isTrue();
        // all three platforms with paths containing the user name
        Map<OsFamily, Long> byOs = c.detections.stream().collect(Collectors.groupingBy(DetectionEvent::getOsFamily, Collectors.counting()));
        assertThat(byOs.keySet()).contains(OsFamily.WINDOWS, OsFamily.LINUX, OsFamily.MACOS);
        assertThat(c.detections.stream().filter(d -> d.getOsFamily() == OsFamily.WINDOWS && d.getObjectPath() != null)
                .anyMatch(d -> d.getObjectPath().startsWith("C:\\Users\\" + d.getUserName() + "\\"))).isTrue();
        assertThat(c.detections.stream().filter(d -> d.getOsFamily() == OsFamily.LINUX && d.getObjectPath() != null)
                .anyMatch(d -> d.getObjectPath().startsWith("/home/" + d.getUserName() + "/"))).isTrue();
        assertThat(c.detections.stream().filter(d -> d.getOsFamily() == OsFamily.MACOS && d.getObjectPath() != null)
                .anyMatch(d -> d.getObjectPath().startsWith("/Users/" + d.getUserName() + "/"))).isTrue();
        // devices: as many as asked, each with a stable id
        assertThat(c.detections.stream().map(DetectionEvent::getDeviceInstallId).distinct().count()).isBetween(400L, 500L);
    }

    @Test
    void everyEventHasAValidKey() {
        Collect c = emit(FleetSimulator.builder().devices(50).seed(2).build(), 5_000);
        c.detections.forEach(d -> assertThat(ObjectRef.parse(EventKeys.of(d).toString()).type()).isEqualTo(ObjectRef.Type.FILE));
        Map<ObjectRef.Type, Integer> types = new HashMap<>();
        c.sources.forEach(s -> types.merge(EventKeys.of(s).type(), 1, Integer::sum));
        assertThat(types.keySet()).contains(ObjectRef.Type.DOMAIN, ObjectRef.Type.IP, ObjectRef.Type.FILE);
    }

    @Test
    void theSameSeedGivesTheSameFleet() {
        List<String> a = emit(FleetSimulator.builder().seed(77).build(), 200).detections.stream().map(d -> d.getThreatName() + d.getObjectSha256() + d.getDeviceInstallId()).toList();
        List<String> b = emit(FleetSimulator.builder().seed(77).build(), 200).detections.stream().map(d -> d.getThreatName() + d.getObjectSha256() + d.getDeviceInstallId()).toList();
        assertThat(a).isEqualTo(b);
    }

    @Test
    void runPacesToTheRateAndReportsProgress() throws Exception {
        Collect c = new Collect();
        List<FleetSimulator.Progress> seen = new ArrayList<>();
        FleetSimulator.Progress done = FleetSimulator.builder().seed(3).build().run(c, 2_000, Duration.ofMillis(1500), seen::add);
        assertThat(done.events()).isEqualTo(c.detections.size() + c.sources.size());
        assertThat(done.events()).isBetween(1_000L, 3_200L); // 2,000/s for 1.5 s, loosely: the machine is shared
        assertThat(seen).isNotEmpty();
        assertThat(seen.get(seen.size() - 1)).isEqualTo(done);
    }
}
