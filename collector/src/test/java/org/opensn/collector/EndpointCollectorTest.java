package org.opensn.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opensn.collector.sim.FleetSimulator;
import org.opensn.schemas.Topics;
import org.opensn.schemas.avro.ParticipationMode;

/** The collector's behaviour that needs no broker: modes, state files, validation. The broker side is in the *IT tests. */
class EndpointCollectorTest {

    @TempDir
    Path stateDir;

    private final FleetSimulator fleet = FleetSimulator.builder().seed(4).build();

    private EndpointCollector build() {
        // nothing listens on port 1: any attempt to send would fail, and these tests never get that far
        return EndpointCollector.builder().config(CollectorConfig.of(stateDir, "127.0.0.1:1", "mock://collector-test")
                .withTopics(Topics.withPrefix("unit."))).build();
    }

    @Test
    void aFreshEndpointIsOffAndRefusesWithAReason() {
        try (EndpointCollector c = build()) {
            assertThat(c.mode()).isEqualTo(ParticipationMode.OFF);
            assertThat(c.modeProblem()).isEmpty();
            ReportResult r = c.reportDetection(fleet.nextDetection());
            assertThat(r.status()).isEqualTo(ReportStatus.REFUSED_MODE);
            assertThat(r.reason()).contains("participation is off");
            c.setMode(ParticipationMode.BASIC);
            ReportResult b = c.reportThreatSource(fleet.nextThreatSource());
            assertThat(b.reason()).contains("participation is basic").contains("never recorded");
            assertThat(c.stats().refusedOff()).isEqualTo(1);
            assertThat(c.stats().refusedBasic()).isEqualTo(1);
        }
    }

    @Test
    void modeAndDeviceIdSurviveARestart() {
        String id;
        try (EndpointCollector c = build()) {
            c.setMode(ParticipationMode.BASIC);
            id = c.deviceInstallId();
            assertThat(UUID.fromString(id)).isNotNull();
            assertThat(c.newDetection().getDeviceInstallId()).isEqualTo(id);
        }
        try (EndpointCollector c = build()) {
            assertThat(c.mode()).isEqualTo(ParticipationMode.BASIC);
            assertThat(c.deviceInstallId()).isEqualTo(id);
        }
    }

    @Test
    void aCorruptModeFileMeansOffWithAWarning() throws Exception {
        Files.createDirectories(stateDir);
        Files.writeString(Participation.modeFile(stateDir), "mode=maybe\n");
        try (EndpointCollector c = build()) {
            assertThat(c.mode()).isEqualTo(ParticipationMode.OFF);
            assertThat(c.modeProblem()).hasValueSatisfying(p -> assertThat(p).contains(Participation.modeFile(stateDir).toString())
                    .contains("mode set"));
            c.setMode(ParticipationMode.EXTENDED);
            assertThat(c.modeProblem()).isEmpty();
        }
        assertThat(Participation.read(stateDir).mode()).isEqualTo(ParticipationMode.EXTENDED);
    }

    @Test
    void aModeChangedByAnotherProcessTakesEffect() {
        try (EndpointCollector c = build()) {
            c.setMode(ParticipationMode.BASIC);
            Participation.set(stateDir, ParticipationMode.OFF); // what 'opensn-collector mode set off' does
            await().atMost(Duration.ofSeconds(30)).until(() -> c.mode() == ParticipationMode.OFF);
            assertThat(c.reportDetection(fleet.nextDetection()).reason()).contains("participation is off");
        }
    }

    @Test
    void invalidEventsAreRejectedWithTheReason() {
        try (EndpointCollector c = build()) {
            c.setMode(ParticipationMode.EXTENDED);
            var d = fleet.nextDetection();
            d.setThreatName(null);
            ReportResult r = c.reportDetection(d);
            assertThat(r.status()).isEqualTo(ReportStatus.REJECTED_INVALID);
            assertThat(r.reason()).contains("required field 'threatName'");
            var s = fleet.nextThreatSource();
            s.setUrl(null);
            s.setRemoteAddress(null);
            s.setRelatedFileSha256(null);
            assertThat(c.reportThreatSource(s).reason()).contains("no url, remoteAddress or relatedFileSha256");
            c.setMode(ParticipationMode.OFF);
            assertThat(c.stats().rejected()).isEqualTo(2);
        }
    }

    @Test
    void aNewStateDirIsPrivateToItsOwner() throws Exception {
        Path fresh = stateDir.resolve("fresh").resolve("state");
        try (EndpointCollector c = EndpointCollector.builder().config(CollectorConfig.of(fresh, "127.0.0.1:1", "mock://private")).build()) {
            assertThat(Files.isDirectory(fresh)).isTrue();
            if (fresh.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh))).isEqualTo("rwx------");
            }
        }
    }

    @Test
    void builderFailsFastWithoutConfig() {
        assertThatThrownBy(() -> EndpointCollector.builder().build()).hasMessageContaining("config is not set");
    }
}
