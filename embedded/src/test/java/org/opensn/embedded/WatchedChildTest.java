package org.opensn.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WatchedChildTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void childDiesWhenItsParentIsKilledHard() throws Exception {
        Process parent = new ProcessBuilder("sleep", "600").start();
        WatchedChild child = WatchedChild.start(List.of("sleep", "577"), dir, dir.resolve("child.log"), parent.pid());
        try {
            ProcessHandle sleeper = await().atMost(TIMEOUT).until(() -> find(child, "577"), Optional::isPresent).orElseThrow();

            parent.destroyForcibly(); // SIGKILL

            await().atMost(TIMEOUT).until(() -> !sleeper.isAlive() && !child.isAlive());
        } finally {
            parent.destroyForcibly();
            child.stop(Duration.ofSeconds(5));
        }
    }

    @Test
    void stopEndsChildAndShell() {
        WatchedChild child = WatchedChild.start(List.of("sleep", "578"), dir, dir.resolve("child.log"));
        ProcessHandle sleeper = await().atMost(TIMEOUT).until(() -> find(child, "578"), Optional::isPresent).orElseThrow();

        child.stop(Duration.ofSeconds(10));

        assertThat(sleeper.isAlive()).isFalse();
        assertThat(child.isAlive()).isFalse();
    }

    @Test
    void reportsTheChildsExitCodeAndOutput() throws Exception {
        WatchedChild child = WatchedChild.start(List.of("sh", "-c", "echo first; echo second; exit 3"), dir, dir.resolve("child.log"));
        await().atMost(TIMEOUT).until(() -> !child.isAlive());

        assertThat(child.exitValue()).isEqualTo(3);
        assertThat(child.tail(1)).isEqualTo("second");
        assertThat(Files.readString(dir.resolve("child.log"))).isEqualTo("first\nsecond\n");
    }

    /** The watched command among the shell's descendants (the shell also runs short "sleep 1"s). */
    private static Optional<ProcessHandle> find(WatchedChild child, String argument) {
        return child.descendants().stream()
                .filter(p -> p.info().arguments().map(args -> List.of(args).contains(argument)).orElse(false))
                .findFirst();
    }
}
