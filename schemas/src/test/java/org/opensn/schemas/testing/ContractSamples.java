package org.opensn.schemas.testing;

import java.time.Instant;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.opensn.schemas.avro.ActionTaken;
import org.opensn.schemas.avro.AnalystVerdict;
import org.opensn.schemas.avro.AnonymizedDetection;
import org.opensn.schemas.avro.AnonymizedThreatSource;
import org.opensn.schemas.avro.DetectionEvent;
import org.opensn.schemas.avro.DetectionTechnology;
import org.opensn.schemas.avro.OsFamily;
import org.opensn.schemas.avro.ParticipationMode;
import org.opensn.schemas.avro.ReputationVerdict;
import org.opensn.schemas.avro.SourceType;
import org.opensn.schemas.avro.ThreatSourceEvent;
import org.opensn.schemas.avro.ThreatStatistic;
import org.opensn.schemas.avro.ThreatType;
import org.opensn.schemas.avro.Verdict;
import org.opensn.schemas.avro.VerdictSource;

/** One realistic record of every contract value type, every optional field set. */
public final class ContractSamples {

    public static final Instant T0 = Instant.parse("2026-11-27T10:15:30.123Z");
    public static final String SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    private ContractSamples() {
    }

    /** The generated classes of every contract value type. */
    public static List<Class<? extends SpecificRecord>> types() {
        return List.of(DetectionEvent.class, ThreatSourceEvent.class, AnonymizedDetection.class, AnonymizedThreatSource.class,
                ThreatStatistic.class, ReputationVerdict.class, AnalystVerdict.class);
    }

    /** The schemas of every contract value type. */
    public static List<Schema> schemas() {
        return List.of(DetectionEvent.getClassSchema(), ThreatSourceEvent.getClassSchema(), AnonymizedDetection.getClassSchema(),
                AnonymizedThreatSource.getClassSchema(), ThreatStatistic.getClassSchema(), ReputationVerdict.getClassSchema(),
                AnalystVerdict.getClassSchema());
    }

    public static List<SpecificRecord> all() {
        return List.of(detection(), threatSource(), anonymizedDetection(), anonymizedThreatSource(), threatStatistic(), verdict(),
                analystVerdict());
    }

    public static DetectionEvent detection() {
        return DetectionEvent.newBuilder()
                .setEventId("0b6c8f5e-3c1d-4d0e-9a54-2f1f0c7b9a11").setEventTime(T0).setProductVersion("12.1.0.553")
                .setOsFamily(OsFamily.WINDOWS).setOsVersion("10.0.19045.4291").setParticipationMode(ParticipationMode.EXTENDED)
                .setDeviceInstallId("d-7f3a").setHostName("WS-ALICE").setUserName("alice").setLocalIp("10.1.2.3")
                .setThreatName("Trojan.Win32.Agent.abc").setThreatType(ThreatType.TROJAN)
                .setDetectionTechnology(DetectionTechnology.SIGNATURE).setActionTaken(ActionTaken.QUARANTINED)
                .setObjectSha256(SHA).setObjectSize(123_456L).setObjectPath("C:\\Users\\alice\\Downloads\\setup.exe")
                .build();
    }

    public static ThreatSourceEvent threatSource() {
        return ThreatSourceEvent.newBuilder()
                .setEventId("1c7d9f6a-4d2e-4e1f-8b65-3a2a1d8c0b22").setEventTime(T0).setProductVersion("12.1.0.553")
                .setOsFamily(OsFamily.LINUX).setOsVersion("6.8.0-45").setParticipationMode(ParticipationMode.EXTENDED)
                .setDeviceInstallId("d-9a1b").setHostName("build-01").setUserName("bob").setLocalIp("192.168.0.7")
                .setSourceType(SourceType.WEB).setUrl("https://bob:token@evil.example.com/p/x?id=42").setRemoteAddress("203.0.113.9")
                .setRemotePort(443).setRelatedFileSha256(SHA).setThreatName("HEUR:Trojan.Script.Generic")
                .setThreatType(ThreatType.PHISHING)
                .build();
    }

    public static AnonymizedDetection anonymizedDetection() {
        return AnonymizedDetection.newBuilder()
                .setEventId("0b6c8f5e-3c1d-4d0e-9a54-2f1f0c7b9a11").setEventTime(T0).setPolicyVersion(1).setProductVersion("12.1.0.553")
                .setOsFamily(OsFamily.WINDOWS).setOsMajorMinor("10.0").setThreatName("Trojan.Win32.Agent.abc")
                .setThreatType(ThreatType.TROJAN).setDetectionTechnology(DetectionTechnology.HEURISTIC)
                .setActionTaken(ActionTaken.DELETED).setObjectSha256(SHA).setObjectSize(42L)
                .setObjectPath("C:\\Users\\<user>\\Downloads\\setup.exe")
                .build();
    }

    public static AnonymizedThreatSource anonymizedThreatSource() {
        return AnonymizedThreatSource.newBuilder()
                .setEventId("1c7d9f6a-4d2e-4e1f-8b65-3a2a1d8c0b22").setEventTime(T0).setPolicyVersion(1).setProductVersion("12.1.0.553")
                .setOsFamily(OsFamily.MACOS).setOsMajorMinor("14.5").setSourceType(SourceType.EMAIL)
                .setUrl("https://evil.example.com/p/x").setDomain("evil.example.com").setRemoteNetwork("203.0.113.0/24")
                .setRemotePort(8443).setRelatedFileSha256(SHA).setThreatName("Phish.Generic").setThreatType(ThreatType.PHISHING)
                .build();
    }

    public static ThreatStatistic threatStatistic() {
        return ThreatStatistic.newBuilder()
                .setThreatName("Trojan.Win32.Agent.abc").setThreatType(ThreatType.TROJAN).setWindowStart(Instant.parse("2026-11-27T10:00:00Z"))
                .setWindowEnd(Instant.parse("2026-11-27T11:00:00Z")).setDetections(1_234L).setDistinctDevices(567L).setUpdatedAt(T0)
                .build();
    }

    public static ReputationVerdict verdict() {
        return ReputationVerdict.newBuilder()
                .setObjectRef("file:" + SHA).setVerdict(Verdict.MALICIOUS).setConfidence(0.97).setVersion(3L)
                .setSource(VerdictSource.RULE).setReason("rule-7: 120 detections on 40 devices").setThreatName("Trojan.Win32.Agent.abc")
                .setUpdatedAt(T0)
                .build();
    }

    public static AnalystVerdict analystVerdict() {
        return AnalystVerdict.newBuilder()
                .setObjectRef("domain:evil.example.com").setVerdict(Verdict.CLEAN).setConfidence(1.0).setReason("TICKET-1234")
                .setCreatedAt(T0).setExpiresAt(T0.plusSeconds(86_400))
                .build();
    }
}
