package org.opensn.benchmarks.anonymizer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.ClassSecurityValidator;
import org.opensn.schemas.avro.ActionTaken;
import org.opensn.schemas.avro.DetectionEvent;
import org.opensn.schemas.avro.DetectionTechnology;
import org.opensn.schemas.avro.OsFamily;
import org.opensn.schemas.avro.ParticipationMode;
import org.opensn.schemas.avro.SourceType;
import org.opensn.schemas.avro.ThreatSourceEvent;
import org.opensn.schemas.avro.ThreatType;

/** The realistic raw events the anonymizer benchmarks use, and their Avro bytes. */
final class RawEvents {

    private RawEvents() {
    }

    /** Lets Avro's specific reader load our generated classes (Avro 1.12 trusts only java.* by default). */
    static synchronized void trustGeneratedClasses() {
        ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(ClassSecurityValidator.getGlobal(),
                type -> type.getName().startsWith("org.opensn.schemas.avro.")));
    }

    static DetectionEvent detection() {
        return DetectionEvent.newBuilder()
                .setEventId("0b7c6f4e-2a51-4c38-9d0e-5f1a2b3c4d5e")
                .setEventTime(Instant.parse("2026-11-27T10:15:30.123Z"))
                .setProductVersion("12.1.0.553")
                .setOsFamily(OsFamily.WINDOWS)
                .setOsVersion("10.0.19045.4291")
                .setParticipationMode(ParticipationMode.EXTENDED)
                .setDeviceInstallId("9f8e7d6c-5b4a-4392-8170-fedcba987654")
                .setHostName("DESKTOP-7RQ3K2L")
                .setUserName("alice.smith")
                .setLocalIp("192.168.178.23")
                .setThreatName("HEUR:Trojan-Downloader.Win32.Agent.gen")
                .setThreatType(ThreatType.TROJAN)
                .setDetectionTechnology(DetectionTechnology.HEURISTIC)
                .setActionTaken(ActionTaken.QUARANTINED)
                .setObjectSha256("275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f")
                .setObjectSize(1_482_752L)
                .setObjectPath("C:\\Users\\alice.smith\\AppData\\Local\\Temp\\7zS4A3B2C1D\\invoice_2024-11.pdf.exe")
                .build();
    }

    static ThreatSourceEvent threatSource() {
        return ThreatSourceEvent.newBuilder()
                .setEventId("5d2f8a71-0c3e-4b9a-8f61-2e7d4c1b0a93")
                .setEventTime(Instant.parse("2026-11-27T10:15:29.870Z"))
                .setProductVersion("12.1.0.553")
                .setOsFamily(OsFamily.WINDOWS)
                .setOsVersion("10.0.19045.4291")
                .setParticipationMode(ParticipationMode.EXTENDED)
                .setDeviceInstallId("9f8e7d6c-5b4a-4392-8170-fedcba987654")
                .setHostName("DESKTOP-7RQ3K2L")
                .setUserName("alice.smith")
                .setLocalIp("192.168.178.23")
                .setSourceType(SourceType.WEB)
                .setUrl("https://cdn-7.evil-download.example.com/d/invoice_2024-11.pdf.exe?session=AbC123dEf456GhI789&u=alice.smith@contoso.com#top")
                .setRemoteAddress("93.184.216.34")
                .setRemotePort(443)
                .setRelatedFileSha256("275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f")
                .setThreatName("HEUR:Trojan-Downloader.Win32.Agent.gen")
                .setThreatType(ThreatType.TROJAN)
                .build();
    }

    static <T extends SpecificRecord> byte[] bytes(T record) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            @SuppressWarnings("unchecked")
            SpecificDatumWriter<T> writer = new SpecificDatumWriter<>((Class<T>) record.getClass());
            writer.write(record, encoder);
            encoder.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
