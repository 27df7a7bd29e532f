package org.opensn.anonymizer;

import java.time.Instant;
import org.opensn.schemas.avro.ActionTaken;
import org.opensn.schemas.avro.DetectionEvent;
import org.opensn.schemas.avro.DetectionTechnology;
import org.opensn.schemas.avro.OsFamily;
import org.opensn.schemas.avro.ParticipationMode;
import org.opensn.schemas.avro.SourceType;
import org.opensn.schemas.avro.ThreatSourceEvent;
import org.opensn.schemas.avro.ThreatType;

/** Raw events with plausible defaults, for tests to vary one field at a time. */
final class TestEvents {

    static final String EVENT_ID = "0b7c6f4e-2a51-4c38-9d0e-5f1a2b3c4d5e";
    static final Instant TIME = Instant.parse("2026-11-27T10:15:30.123Z");
    static final String SHA = "275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f";

    private TestEvents() {
    }

    static DetectionEvent.Builder detection() {
        return DetectionEvent.newBuilder()
                .setEventId(EVENT_ID)
                .setEventTime(TIME)
                .setProductVersion("12.1.0.553")
                .setOsFamily(OsFamily.WINDOWS)
                .setOsVersion("10.0.19045.4291")
                .setParticipationMode(ParticipationMode.EXTENDED)
                .setDeviceInstallId("9f8e7d6c-5b4a-4392-8170-fedcba987654")
                .setHostName("ALICE-PC")
                .setUserName("alice")
                .setLocalIp("192.168.1.77")
                .setThreatName("Trojan.Win32.Agent.abc")
                .setThreatType(ThreatType.TROJAN)
                .setDetectionTechnology(DetectionTechnology.SIGNATURE)
                .setActionTaken(ActionTaken.QUARANTINED)
                .setObjectSha256(SHA)
                .setObjectSize(73_802L)
                .setObjectPath("C:\\Users\\alice\\Downloads\\invoice.pdf.exe");
    }

    static ThreatSourceEvent.Builder threatSource() {
        return ThreatSourceEvent.newBuilder()
                .setEventId(EVENT_ID)
                .setEventTime(TIME)
                .setProductVersion("12.1.0.553")
                .setOsFamily(OsFamily.WINDOWS)
                .setOsVersion("10.0.19045.4291")
                .setParticipationMode(ParticipationMode.EXTENDED)
                .setDeviceInstallId("9f8e7d6c-5b4a-4392-8170-fedcba987654")
                .setHostName("ALICE-PC")
                .setUserName("alice")
                .setLocalIp("192.168.1.77")
                .setSourceType(SourceType.WEB)
                .setUrl("https://evil.example.com/drop/payload.exe")
                .setRemoteAddress("93.184.216.34")
                .setRemotePort(443)
                .setRelatedFileSha256(SHA)
                .setThreatName("Trojan.Win32.Agent.abc")
                .setThreatType(ThreatType.TROJAN);
    }
}
