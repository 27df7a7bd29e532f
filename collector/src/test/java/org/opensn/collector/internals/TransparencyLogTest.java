package org.opensn.collector.internals;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opensn.collector.SentEntry;
import org.opensn.collector.sim.FleetSimulator;
import org.opensn.schemas.avro.DetectionEvent;

class TransparencyLogTest {

    @TempDir
    Path dir;

    /** A clock the test moves. */
    static final class MovableClock extends Clock {
        Instant now = Instant.parse("2026-11-27T10:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void entriesHoldEveryFieldSentAndFilterByTime() {
        MovableClock clock = new MovableClock();
        FleetSimulator fleet = FleetSimulator.builder().seed(3).build();
        DetectionEvent early = fleet.nextDetection();
        DetectionEvent late = fleet.nextDetection();
        try (TransparencyLog log = new TransparencyLog(dir, 1 << 20, clock)) {
            log.append("raw", "file:" + early.getObjectSha256(), early);
            clock.now = clock.now.plus(Duration.ofHours(2));
            log.append("raw", "file:" + late.getObjectSha256(), late);
        }
        List<SentEntry> all = TransparencyLog.readSince(dir, Instant.EPOCH);
        assertThat(all).extracting(SentEntry::eventId).containsExactly(early.getEventId(), late.getEventId());
        SentEntry e = all.get(0);
        assertThat(e.topic()).isEqualTo("raw");
        assertThat(e.key()).isEqualTo("file:" + early.getObjectSha256());
        assertThat(e.fields()).containsEntry("userName", early.getUserName()).containsEntry("threatName", early.getThreatName())
                .containsEntry("objectPath", early.getObjectPath()).containsKeys("eventTime", "hostName", "deviceInstallId");
        assertThat(TransparencyLog.readSince(dir, clock.now.minus(Duration.ofHours(1))))
                .extracting(SentEntry::eventId).containsExactly(late.getEventId());
    }

    @Test
    void eachLineIsTheEventAsJacksonWritesItWithNullsEscapesAndNonAscii() throws Exception {
        MovableClock clock = new MovableClock();
        DetectionEvent e = FleetSimulator.builder().seed(9).build().nextDetection();
        e.setUserName("j\u00f6rg \"quoted\"\t\u0001\u2028\ud83d\ude00");
        e.setHostName(null);
        try (TransparencyLog log = new TransparencyLog(dir, 1 << 20, clock)) {
            log.append("raw", null, e);
        }
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode line = json.createObjectNode();
        line.put("time", clock.now.toString());
        line.put("topic", "raw");
        line.put("key", (String) null);
        com.fasterxml.jackson.databind.node.ObjectNode fields = line.putObject("fields");
        for (org.apache.avro.Schema.Field f : e.getSchema().getFields()) {
            Object v = e.get(f.pos());
            fields.put(f.name(), v == null ? null : v.toString());
        }
        assertThat(Files.readString(dir.resolve(TransparencyLog.FILE_NAME))).isEqualTo(json.writeValueAsString(line) + "\n");
        assertThat(TransparencyLog.readSince(dir, Instant.EPOCH).get(0).fields()).containsEntry("userName", e.getUserName())
                .containsEntry("hostName", null);
    }

    @Test
    void staysWithinItsBoundKeepingTheNewest() throws Exception {
        long max = 64 * 1024;
        FleetSimulator fleet = FleetSimulator.builder().seed(5).build();
        DetectionEvent last = null;
        try (TransparencyLog log = new TransparencyLog(dir, max, Clock.systemUTC())) {
            for (int i = 0; i < 2000; i++) {
                last = fleet.nextDetection();
                log.append("raw", "k", last);
            }
        }
        long size = Files.size(dir.resolve(TransparencyLog.FILE_NAME)) + Files.size(dir.resolve(TransparencyLog.FILE_NAME + ".1"));
        assertThat(size).isLessThanOrEqualTo(max);
        List<SentEntry> kept = TransparencyLog.readSince(dir, Instant.EPOCH);
        assertThat(kept.size()).isBetween(10, 1999);
        assertThat(kept.get(kept.size() - 1).eventId()).isEqualTo(last.getEventId());
    }
}
