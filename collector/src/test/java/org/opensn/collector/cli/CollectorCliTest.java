package org.opensn.collector.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opensn.collector.Participation;
import org.opensn.schemas.avro.ParticipationMode;

/** The command line without a broker; the broker cases are in CheckConnectionIT and PublishIT. */
class CollectorCliTest {

    @TempDir
    Path dir;

    @Test
    void usageErrorsExitTwo() {
        assertThat(Cli.run().exitCode()).isEqualTo(2);
        Cli unknown = Cli.run("frobnicate");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("frobnicate");
        Cli badMode = Cli.run("mode", "set", "sometimes", "--state-dir", dir.toString());
        assertThat(badMode.exitCode()).isEqualTo(2);
        assertThat(badMode.err()).contains("sometimes");
        assertThat(Cli.run("check-connection", "--config", dir.resolve("missing.properties").toString()).err())
                .contains("missing.properties does not exist");
        assertThat(Cli.run("--help").exitCode()).isZero();
    }

    @Test
    void modeGetAndSetPersistInTheStateDir() {
        Cli fresh = Cli.run("mode", "get", "--state-dir", dir.toString());
        assertThat(fresh.exitCode()).isZero();
        assertThat(fresh.out().strip()).isEqualTo("off");

        Cli set = Cli.run("--state-dir", dir.toString(), "mode", "set", "EXTENDED");
        assertThat(set.exitCode()).as(set.toString()).isZero();
        assertThat(set.out()).contains("participation mode: extended (was off)");
        assertThat(Participation.read(dir).mode()).isEqualTo(ParticipationMode.EXTENDED);
        assertThat(Cli.run("mode", "get", "--state-dir", dir.toString()).out().strip()).isEqualTo("extended");
    }

    @Test
    void leavingExtendedDeletesTheSpool() throws Exception {
        Participation.set(dir, ParticipationMode.EXTENDED);
        Path spool = Participation.spoolDirectory(dir);
        Files.createDirectories(spool);
        Files.write(spool.resolve("0000000000000000.seg"), new byte[0]);
        Cli set = Cli.run("mode", "set", "basic", "--state-dir", dir.toString());
        assertThat(set.exitCode()).isZero();
        assertThat(Files.exists(spool)).isFalse();
    }

    @Test
    void corruptModeFileWarnsAndReadsOff() throws Exception {
        Files.writeString(Participation.modeFile(dir), "garbage");
        Cli get = Cli.run("mode", "get", "--state-dir", dir.toString());
        assertThat(get.out().strip()).isEqualTo("off");
        assertThat(get.err()).contains("warning: participation mode file " + Participation.modeFile(dir)).contains("mode set");
    }

    @Test
    void publishAndSimulateSendNothingOutsideExtended() throws Exception {
        Participation.set(dir, ParticipationMode.BASIC);
        Path events = dir.resolve("e.jsonl");
        Files.writeString(events, "{}\n");
        Cli publish = Cli.run("publish", "--events", events.toString(), "--state-dir", dir.toString());
        assertThat(publish.exitCode()).isEqualTo(1);
        assertThat(publish.err()).contains("nothing sent: participation is basic").contains("mode set extended");
        Cli simulate = Cli.run("simulate", "--devices", "3", "--rate", "10", "--duration", "1s", "--state-dir", dir.toString());
        assertThat(simulate.exitCode()).isEqualTo(1);
        assertThat(simulate.err()).contains("participation is basic");
        assertThat(Files.exists(Participation.spoolDirectory(dir))).isFalse();
    }

    @Test
    void checkConnectionAgainstNothingListeningExitsFour() throws Exception {
        Path config = Cli.config(dir, "bootstrap.servers=127.0.0.1:1", "schema.registry.url=http://127.0.0.1:1", "state.dir=" + dir);
        Cli check = Cli.run("check-connection", "--config", config.toString());
        assertThat(check.exitCode()).as(check.toString()).isEqualTo(4);
        assertThat(check.out()).containsPattern("broker reachable\\s+FAIL").containsPattern("registry reachable\\s+FAIL")
                .containsPattern("authentication accepted\\s+SKIPPED");
    }

    @Test
    void sentPrintsTheTransparencyLog() throws Exception {
        Files.writeString(dir.resolve("sent.log"), "{\"time\":\"" + java.time.Instant.now() + "\",\"topic\":\"opensn.detections.raw\","
                + "\"key\":\"file:abc\",\"fields\":{\"eventId\":\"e-1\",\"userName\":\"anna\"}}\n"
                + "{\"time\":\"2020-01-01T00:00:00Z\",\"topic\":\"t\",\"key\":\"k\",\"fields\":{\"eventId\":\"old\"}}\n");
        Cli sent = Cli.run("sent", "--since", "1h", "--state-dir", dir.toString());
        assertThat(sent.exitCode()).isZero();
        assertThat(sent.out()).contains("eventId=e-1").contains("userName=anna").doesNotContain("old").contains("1 records sent since");
        assertThat(Cli.run("sent", "--since", "yesterday", "--state-dir", dir.toString()).exitCode()).isEqualTo(2);
    }
}
