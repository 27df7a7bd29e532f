package org.opensn.collector.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opensn.schemas.avro.ActionTaken;
import org.opensn.schemas.avro.OsFamily;
import org.opensn.schemas.avro.ParticipationMode;
import org.opensn.schemas.avro.SourceType;

class JsonEventsTest {

    private static final String SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");

    private final JsonEvents parser = new JsonEvents(Map.of("productVersion", "1.0", "osFamily", OsFamily.LINUX, "osVersion", "6.8",
            "deviceInstallId", "dev-1", "hostName", "h", "userName", "u"), Clock.fixed(NOW, ZoneOffset.UTC));

    private static String detection(String extra) {
        return "{\"threatName\": \"T\", \"threatType\": \"trojan\", \"detectionTechnology\": \"SIGNATURE\", \"actionTaken\": \"BLOCKED\","
                + " \"objectSha256\": \"" + SHA + "\", \"objectSize\": 10" + extra + "}";
    }

    @Test
    void aDetectionWithLeftOutFieldsIsFilledForThisEndpoint() {
        JsonEvents.Parsed p = parser.parse(detection(", \"eventTime\": 1769860800000, \"localIp\": null"));
        assertThat(p.threatSource()).isNull();
        var d = p.detection();
        assertThat(d.getEventTime()).isEqualTo(Instant.ofEpochMilli(1769860800000L));
        assertThat(d.getActionTaken()).isEqualTo(ActionTaken.BLOCKED);
        assertThat(d.getDeviceInstallId()).isEqualTo("dev-1");
        assertThat(d.getParticipationMode()).isEqualTo(ParticipationMode.EXTENDED);
        assertThat(d.getEventId()).isNotBlank();
        assertThat(d.getLocalIp()).isNull();
        assertThat(parser.parse(detection("")).detection().getEventTime()).isEqualTo(NOW);
    }

    @Test
    void aThreatSourceIsToldBySourceType() {
        var s = parser.parse("{\"sourceType\": \"EMAIL\", \"url\": \"http://x.example/a\", \"threatName\": \"P\", \"threatType\": \"PHISHING\","
                + " \"remotePort\": 25, \"eventTime\": \"2026-01-01T00:00:00Z\"}").threatSource();
        assertThat(s.getSourceType()).isEqualTo(SourceType.EMAIL);
        assertThat(s.getRemotePort()).isEqualTo(25);
        assertThat(s.getEventTime()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
    }

    @Test
    void badLinesSayWhy() {
        assertThatThrownBy(() -> parser.parse("{not json")).hasMessageStartingWith("not valid JSON");
        assertThatThrownBy(() -> parser.parse("[1,2]")).hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> parser.parse("{\"threatName\": \"x\"}")).hasMessageContaining("cannot tell the kind");
        assertThatThrownBy(() -> parser.parse(detection(", \"colour\": 1"))).hasMessageContaining("unknown field 'colour'");
        assertThatThrownBy(() -> parser.parse(detection(", \"objectSize\": \"big\""))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> parser.parse(detection("").replace("\"BLOCKED\"", "\"EATEN\"")))
                .hasMessageContaining("field 'actionTaken' is 'EATEN', expected one of [DETECTED");
        assertThatThrownBy(() -> parser.parse(detection("").replace(", \"objectSize\": 10", ""))).hasMessage("required field 'objectSize' is missing");
        assertThatThrownBy(() -> parser.parse(detection(", \"eventTime\": \"yesterday\""))).hasMessageContaining("ISO-8601");
        assertThatThrownBy(() -> parser.parse(detection(", \"hostName\": null"))).hasMessageContaining("'hostName' must not be null");
        assertThatThrownBy(() -> parser.parse(detection("").replace(SHA, "xyz"))).hasMessageContaining("invalid object ref 'file:xyz'");
    }
}
