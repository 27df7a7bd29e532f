package org.opensn.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * What {@code ./opensn up} starts, started the same way on free ports: the simulated fleet's
 * reports must come out as statistics in the analyst API and as verdicts in the reputation cache,
 * and an analyst override must reach the cache.
 */
class LocalNetworkIT {

    private static final Pattern FILE_REF = Pattern.compile("\"ref\":\"(file:[0-9a-f]{64})\"");

    private final List<AutoCloseable> running = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dataDir;

    @AfterEach
    void stop() {
        UpCommand.closeAll(running);
    }

    @Test
    void theFleetsReportsBecomeStatisticsAndVerdictsAndAnOverrideReachesTheCache() throws Exception {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        UpCommand up = new UpCommand().output(new PrintStream(console, true, StandardCharsets.UTF_8));
        new CommandLine(up).parseArgs("--devices", "40", "--rate", "80", "--partitions", "2", "--data-dir", dataDir.toString(),
                "--kafka-port", freePort(), "--registry-port", freePort(), "--api-port", freePort(), "--cache-port", freePort());

        UpCommand.Started started = up.start(running);

        assertThat(console.toString(StandardCharsets.UTF_8)).contains(started.apiUrl()).contains(started.cacheUrl());
        assertThat(Files.readString(dataDir.resolve("client.properties"))).contains("schema.registry.url=" + started.registryUrl());

        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() ->
                assertThat(get(started.apiUrl() + "/api/v1/threats/top?window=1h&limit=3").body()).contains("\"detections\""));

        String[] ref = new String[1];
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            Matcher m = FILE_REF.matcher(get(started.cacheUrl() + "/v1/updates?since=").body());
            assertThat(m.find()).as("a file verdict in the cache").isTrue();
            ref[0] = m.group(1);
        });
        assertThat(get(started.apiUrl() + "/api/v1/objects/" + ref[0]).body()).contains("\"verdict\"");

        HttpResponse<String> override = http.send(HttpRequest.newBuilder(URI.create(started.apiUrl() + "/api/v1/verdicts"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"objectRef\":\"" + ref[0] + "\",\"verdict\":\"CLEAN\",\"reason\":\"FP-1 test\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(override.statusCode()).isBetween(200, 202);
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                assertThat(get(started.cacheUrl() + "/v1/reputation/" + ref[0]).body()).contains("\"verdict\":\"CLEAN\""));
    }

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return Integer.toString(socket.getLocalPort());
        }
    }
}
