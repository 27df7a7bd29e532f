package org.opensn.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The registry child JVM must not outlive a parent killed with SIGKILL (no shutdown hook runs then). */
class RegistryDiesWithParentIT {

    @Test
    void registryDiesWhenItsParentJvmIsKilledHard() throws Exception {
        Path javaExecutable = JavaRuntime.current().executable();
        Process parent = new ProcessBuilder(javaExecutable.toString(), "-Xmx128m", "-cp", System.getProperty("java.class.path"),
                RegistryParentMain.class.getName())
                .redirectErrorStream(true)
                .start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8))) {
            String ready = CompletableFuture.supplyAsync(() -> readReadyLine(out)).get(180, TimeUnit.SECONDS);
            String[] parts = ready.split(" ");
            List<ProcessHandle> registryProcesses = Arrays.stream(parts[1].split(","))
                    .map(Long::parseLong).map(ProcessHandle::of).flatMap(java.util.Optional::stream).toList();
            int port = Integer.parseInt(parts[2]);
            assertThat(registryProcesses).isNotEmpty().allMatch(ProcessHandle::isAlive);
            assertThat(listening(port)).isTrue();

            parent.destroyForcibly(); // SIGKILL: no shutdown hook runs

            await().atMost(Duration.ofSeconds(60)).until(() -> registryProcesses.stream().noneMatch(ProcessHandle::isAlive));
            assertThat(listening(port)).isFalse();
        } finally {
            parent.destroyForcibly();
        }
    }

    private static String readReadyLine(BufferedReader out) {
        try {
            StringBuilder seen = new StringBuilder();
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith("READY ")) {
                    return line;
                }
                seen.append(line).append('\n');
            }
            throw new AssertionError("parent JVM ended without starting the registry:\n" + seen);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
