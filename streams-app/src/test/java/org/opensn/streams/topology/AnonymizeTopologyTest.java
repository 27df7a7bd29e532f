package org.opensn.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.opensn.schemas.avro.AnonymizedDetection;
import org.opensn.schemas.avro.AnonymizedThreatSource;
import org.opensn.schemas.avro.DetectionEvent;

class AnonymizeTopologyTest {

    private static final Instant T = PipelineFixture.START.plusSeconds(60);

    @Test
    void validDetectionIsAnonymizedAndKeyedByItsFile() throws Exception {
        try (PipelineFixture p = PipelineFixture.create()) {
            p.detections.pipeInput(new TestRecord<>("raw-key-" + TestEvents.HOST, TestEvents.detection("dev-1", TestEvents.sha(1), "Trojan.Win32.A", T),
                    new RecordHeaders().add("origin-host", TestEvents.HOST.getBytes(StandardCharsets.UTF_8)), T));

            TestRecord<String, AnonymizedDetection> out = p.anonDetections.readRecord();
            assertThat(out.key()).isEqualTo("file:" + TestEvents.sha(1));
            assertThat(out.value().getThreatName()).isEqualTo("Trojan.Win32.A");
            assertThat(out.value().getEventTime()).isEqualTo(T);
            assertThat(out.headers().toArray()).as("raw headers are dropped").isEmpty();
            assertThat(out.value().toString()).doesNotContain(TestEvents.HOST, TestEvents.USER, TestEvents.LOCAL_IP, "dev-1");
            assertThat(p.deadLetters.isEmpty()).isTrue();
        }
    }

    @Test
    void threatSourceIsAnonymizedAndKeyedByItsCanonicalUrl() throws Exception {
        try (PipelineFixture p = PipelineFixture.create()) {
            p.threatSources.pipeInput("x", TestEvents.threatSource("dev-1", "evil.example.com", "Phish.A", T), T);

            TestRecord<String, AnonymizedThreatSource> out = p.anonThreatSources.readRecord();
            assertThat(out.key()).startsWith("url:https://evil.example.com/");
            assertThat(out.value().getDomain()).isEqualTo("evil.example.com");
            assertThat(out.key() + out.value()).doesNotContain(TestEvents.USER, TestEvents.REMOTE_IP, TestEvents.HOST, "token=abc");
        }
    }

    @Test
    void undecodableBytesGoToTheDeadLetterTopicAsReceivedAndTheRunGoesOn() throws Exception {
        try (PipelineFixture p = PipelineFixture.create()) {
            byte[] garbage = {0, 0, 0, 0, 42, 1, 2, 3};
            byte[] key = {'k', '1', (byte) 0xff, (byte) 0xc3, 0}; // not UTF-8: must come back byte for byte
            p.rawDetectionBytes.pipeInput(new TestRecord<>(key, garbage,
                    new RecordHeaders().add("trace", new byte[] {7}), T));
            p.detections.pipeInput("k2", TestEvents.detection("dev-1", TestEvents.sha(2), "Trojan.B", T), T);

            TestRecord<byte[], byte[]> dead = p.deadLetters.readRecord();
            assertThat(dead.key()).isEqualTo(key);
            assertThat(dead.value()).isEqualTo(garbage);
            assertThat(header(dead, DeadLetterHeaders.REASON)).startsWith("deserialization:");
            assertThat(header(dead, DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo(p.config.topics().detectionsRaw().name());
            assertThat(header(dead, DeadLetterHeaders.SOURCE_PARTITION)).isEqualTo("0");
            assertThat(header(dead, DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("0");
            assertThat(dead.headers().lastHeader("trace").value()).as("original headers kept").containsExactly(7);
            assertThat(p.anonDetections.readValuesToList()).extracting(AnonymizedDetection::getThreatName).containsExactly("Trojan.B");
        }
    }

    @Test
    void eventsThatFailValidationBecomeDeadLettersWithTheReason() throws Exception {
        try (PipelineFixture p = PipelineFixture.create()) {
            DetectionEvent noDevice = TestEvents.detection("dev-1", TestEvents.sha(3), "Trojan.C", T);
            noDevice.setDeviceInstallId(" ");
            DetectionEvent badHash = TestEvents.detection("dev-1", "not-a-sha", "Trojan.C", T);
            p.detections.pipeInput("a", noDevice, T);
            p.detections.pipeInput("b", badHash, T);
            p.rawDetectionBytes.pipeInput("c".getBytes(StandardCharsets.UTF_8), null, T);

            List<TestRecord<byte[], byte[]>> dead = p.deadLetters.readRecordsToList();
            assertThat(dead).hasSize(3);
            assertThat(header(dead.get(0), DeadLetterHeaders.REASON)).startsWith("validation:").contains("deviceInstallId");
            assertThat(header(dead.get(1), DeadLetterHeaders.REASON)).startsWith("validation:").contains("object ref");
            assertThat(header(dead.get(2), DeadLetterHeaders.REASON)).startsWith("deserialization:").contains("null");
            assertThat(header(dead.get(1), DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("1");
            assertThat(p.anonDetections.isEmpty()).isTrue();
            assertThat(p.threatStats.isEmpty()).isTrue();
        }
    }

    @Test
    void eventTimeFarInTheFutureIsNotBelievedForWindowing() throws Exception {
        try (PipelineFixture p = PipelineFixture.create()) {
            Instant future = T.plus(Duration.ofDays(3));
            p.detections.pipeInput("a", TestEvents.detection("dev-1", TestEvents.sha(4), "Trojan.D", future), T);
            assertThat(p.anonDetections.readRecord().timestamp()).isEqualTo(T.toEpochMilli());
            Instant nearFuture = T.plus(Duration.ofMinutes(2));
            p.detections.pipeInput("a", TestEvents.detection("dev-1", TestEvents.sha(4), "Trojan.D", nearFuture), T);
            assertThat(p.anonDetections.readRecord().timestamp()).isEqualTo(nearFuture.toEpochMilli());
        }
    }

    static String header(TestRecord<?, ?> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
