package org.opensn.streams.topology;

import java.time.Instant;
import java.util.UUID;
import org.opensn.schemas.avro.ActionTaken;
import org.opensn.schemas.avro.DetectionEvent;
import org.opensn.schemas.avro.DetectionTechnology;
import org.opensn.schemas.avro.OsFamily;
import org.opensn.schemas.avro.ParticipationMode;
import org.opensn.schemas.avro.SourceType;
import org.opensn.schemas.avro.ThreatSourceEvent;
import org.opensn.schemas.avro.ThreatType;

/** Raw test events carrying planted identifying values (which must never pass the anonymize step). */
public final class TestEvents {

    public static final String HOST = "WS-PLANTEDHOST-4711";
    public static final String USER = "plantedusermxq";
    public static final String LOCAL_IP = "10.77.66.55";
    public static final String REMOTE_IP = "203.0.113.77";

    private TestEvents() {
    }

    /** A 64-hex SHA-256 derived from {@code seed}. */
    public static String sha(int seed) {
        return String.format("%064x", seed);
    }

    public static DetectionEvent detection(String device, String sha256, String threat, DetectionTechnology tech, Instant time) {
        return DetectionEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setEventTime(time)
                .setProductVersion("12.1.0.553")
                .setOsFamily(OsFamily.WINDOWS)
                .setOsVersion("10.0.19045.4291")
                .setParticipationMode(ParticipationMode.EXTENDED)
                .setDeviceInstallId(device)
                .setHostName(HOST)
                .setUserName(USER)
                .setLocalIp(LOCAL_IP)
                .setThreatName(threat)
                .setThreatType(ThreatType.TROJAN)
                .setDetectionTechnology(tech)
                .setActionTaken(ActionTaken.QUARANTINED)
                .setObjectSha256(sha256)
                .setObjectSize(1234)
                .setObjectPath("C:\\Users\\" + USER + "\\Downloads\\invoice.exe")
                .build();
    }

    public static DetectionEvent detection(String device, String sha256, String threat, Instant time) {
        return detection(device, sha256, threat, DetectionTechnology.SIGNATURE, time);
    }

    public static ThreatSourceEvent threatSource(String device, String host, String threat, Instant time) {
        return ThreatSourceEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setEventTime(time)
                .setProductVersion("12.1.0.553")
                .setOsFamily(OsFamily.WINDOWS)
                .setOsVersion("10.0.19045.4291")
                .setParticipationMode(ParticipationMode.EXTENDED)
                .setDeviceInstallId(device)
                .setHostName(HOST)
                .setUserName(USER)
                .setLocalIp(LOCAL_IP)
                .setSourceType(SourceType.WEB)
                .setUrl("https://" + USER + ":pw@" + host + "/dl/" + USER + "/payload.bin?token=abc")
                .setRemoteAddress(REMOTE_IP)
                .setRemotePort(443)
                .setRelatedFileSha256(null)
                .setThreatName(threat)
                .setThreatType(ThreatType.TROJAN)
                .build();
    }
}
