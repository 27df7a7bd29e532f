package org.opensn.collector.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.opensn.collector.SentLog;
import org.opensn.embedded.EmbeddedKafka;
import org.opensn.embedded.EmbeddedSchemaRegistry;
import org.opensn.embedded.junit.EmbeddedServicesExtension;
import org.opensn.schemas.Topics;
import org.opensn.schemas.avro.DetectionEvent;
import org.opensn.schemas.avro.ThreatSourceEvent;

/** Issue 4: publish with a file containing bad lines sends the good ones and names the bad. */
@ExtendWith(EmbeddedServicesExtension.class)
class PublishIT {

    private static final String SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    @Test
    void sendsGoodLinesAndNamesBadOnes(EmbeddedKafka kafka, EmbeddedSchemaRegistry registry, @TempDir Path dir) throws Exception {
        Topics topics = Topics.withPrefix("it-publish-" + System.nanoTime() + ".");
        kafka.createTopic(topics.detectionsRaw().name(), 1);
        kafka.createTopic(topics.threatSourcesRaw().name(), 1);
        Path state = dir.resolve("state");
        Path config = Cli.config(dir, "bootstrap.servers=" + kafka.bootstrapServers(), "schema.registry.url=" + registry.url(),
                "state.dir=" + state, "topic.prefix=" + topics.detectionsRaw().name().replace("detections.raw", ""));
        Path events = dir.resolve("events.jsonl");
        Files.write(events, List.of(
                detection("d-1", SHA),
                "{\"eventId\": \"bad-json\", ",                                                    // line 2: not JSON
                threatSource("t-1", "https://User:pw@Evil.Example.COM:8443/x?email=a%40b.c"),
                detection("d-2", SHA).replace("\"TROJAN\"", "\"TROJAN_HORSE\""),                  // line 4: bad enum
                "",                                                                                // blank: skipped
                detection("d-3", SHA.toUpperCase()),
                detection("d-4", "abc123"),                                                        // line 7: bad hash
                detection("d-5", SHA).replace("\"objectSize\"", "\"objectSizeBytes\""),            // line 8: unknown field
                threatSource("t-2", null)), StandardCharsets.UTF_8);

        Cli basic = Cli.run("publish", "--config", config.toString(), "--events", events.toString());
        assertThat(basic.exitCode()).as(basic.toString()).isEqualTo(1);
        assertThat(basic.err()).contains("nothing sent: participation is off");

        assertThat(Cli.run("mode", "set", "extended", "--config", config.toString()).exitCode()).isZero();
        Cli run = Cli.run("publish", "--config", config.toString(), "--events", events.toString());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.err()).contains("line 2: not valid JSON")
                .contains("line 4: field 'threatType' is 'TROJAN_HORSE', expected one of")
                .contains("line 7: invalid object ref 'file:abc123'")
                .contains("line 8: unknown field 'objectSizeBytes'");
        assertThat(run.err()).doesNotContain("line 1:", "line 3:", "line 5:", "line 6:", "line 9:");
        assertThat(run.out()).contains("8 lines: 4 sent, 0 spooled, 0 not sent, 4 bad");

        List<DetectionEvent> detectionEvents = org.opensn.collector.RawTopicsAccess.events(kafka.bootstrapServers(), registry.url(),
                topics.detectionsRaw().name(), DetectionEvent.class);
        assertThat(detectionEvents).allSatisfy(d -> {
            assertThat(d.getObjectSha256()).isEqualTo(SHA); // d-3 was upper case: lower-cased on the wire
            assertThat(d.getParticipationMode()).isEqualTo(org.opensn.schemas.avro.ParticipationMode.EXTENDED);
        });
        List<String> detections = detectionEvents.stream().map(DetectionEvent::getEventId).toList();
        List<String> sources = org.opensn.collector.RawTopicsAccess.eventIds(kafka.bootstrapServers(), registry.url(),
                topics.threatSourcesRaw().name(), ThreatSourceEvent.class);
        assertThat(detections).containsExactlyInAnyOrder("d-1", "d-3");
        assertThat(sources).containsExactlyInAnyOrder("t-1", "t-2");
        assertThat(SentLog.since(state, Instant.EPOCH).stream().map(e -> e.eventId()).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder("d-1", "d-3", "t-1", "t-2");

        Cli sent = Cli.run("sent", "--since", "1h", "--config", config.toString());
        assertThat(sent.exitCode()).isZero();
        assertThat(sent.out()).contains("eventId=d-1").contains("key=domain:evil.example.com").contains("4 records sent since");
    }

    private static String detection(String id, String sha) {
        return "{\"eventId\": \"" + id + "\", \"eventTime\": \"2026-01-31T12:00:00Z\", \"hostName\": \"DESKTOP-1\", \"userName\": \"anna\","
                + " \"threatName\": \"Trojan.Win32.Agent.abc\", \"threatType\": \"TROJAN\", \"detectionTechnology\": \"signature\","
                + " \"actionTaken\": \"QUARANTINED\", \"objectSha256\": \"" + sha + "\", \"objectSize\": 12345,"
                + " \"objectPath\": \"C:\\\\Users\\\\anna\\\\Downloads\\\\invoice.pdf.exe\"}";
    }

    private static String threatSource(String id, String url) {
        return "{\"eventId\": \"" + id + "\", \"eventTime\": 1769860800000, \"hostName\": \"host\", \"userName\": \"anna\","
                + " \"sourceType\": \"WEB\", \"url\": " + (url == null ? "null" : "\"" + url + "\"") + ","
                + (url == null ? " \"remoteAddress\": \"203.0.113.7\", \"remotePort\": 445," : "")
                + " \"threatName\": \"Phish.Generic\", \"threatType\": \"PHISHING\"}";
    }
}
