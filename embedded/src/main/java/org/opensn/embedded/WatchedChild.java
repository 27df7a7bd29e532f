package org.opensn.embedded;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A child process that cannot outlive this JVM. It is started through {@code sh -c} with a
 * watchdog loop that checks once a second whether this JVM still exists and, when it is gone
 * (even after {@code kill -9}), terminates the child: SIGTERM, then SIGKILL after 10 s.
 * {@link #stop(Duration)} does the same from this side. Output goes to a log file.
 */
final class WatchedChild {

    /**
     * $1 = parent pid, the rest = the command. A TERM to the shell (Process.destroy()) stops the
     * child gracefully; the shell exits with the child's status when the child ends by itself.
     */
    private static final String WATCHDOG = String.join("\n",
            "parent=$1; shift",
            "\"$@\" &",
            "child=$!",
            "stop_child() {",
            "  kill -TERM $child 2>/dev/null",
            "  i=0",
            "  while kill -0 $child 2>/dev/null && [ $i -lt 20 ]; do sleep 0.5; i=$((i+1)); done",
            "  kill -KILL $child 2>/dev/null",
            "}",
            "trap 'stop_child; exit 143' TERM INT HUP",
            "while kill -0 $parent 2>/dev/null; do",
            "  if ! kill -0 $child 2>/dev/null; then wait $child; exit $?; fi",
            "  sleep 1",
            "done",
            "stop_child",
            "exit 137");

    private final Process shell;
    private final Path logFile;

    private WatchedChild(Process shell, Path logFile) {
        this.shell = shell;
        this.logFile = logFile;
    }

    static WatchedChild start(List<String> command, Path workDir, Path logFile) {
        return start(command, workDir, logFile, ProcessHandle.current().pid());
    }

    /** As {@link #start(List, Path, Path)}, watching {@code parentPid} instead of this JVM (for tests). */
    static WatchedChild start(List<String> command, Path workDir, Path logFile, long parentPid) {
        List<String> full = new ArrayList<>(List.of("sh", "-c", WATCHDOG, "opensn-watchdog", Long.toString(parentPid)));
        full.addAll(command);
        try {
            Files.createDirectories(logFile.toAbsolutePath().getParent());
            Process shell = new ProcessBuilder(full)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .start();
            return new WatchedChild(shell, logFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command.get(0) + " (log " + logFile + "): " + e.getMessage(), e);
        }
    }

    boolean isAlive() {
        return shell.isAlive();
    }

    /** The exit code of the watchdog shell, which is the child's when the child ended by itself. */
    int exitValue() {
        return shell.exitValue();
    }

    /** The process ids of the shell and the child (for diagnostics and tests). */
    long shellPid() {
        return shell.pid();
    }

    List<ProcessHandle> descendants() {
        return shell.descendants().toList();
    }

    /** Gracefully stops the child, then forcibly after {@code grace}; waits until everything is gone. */
    void stop(Duration grace) {
        List<ProcessHandle> children = descendants();
        children.forEach(ProcessHandle::destroy);
        shell.destroy();
        long deadline = System.nanoTime() + grace.toNanos();
        try {
            for (ProcessHandle child : children) {
                long left = Math.max(0, deadline - System.nanoTime());
                child.onExit().get(left, TimeUnit.NANOSECONDS);
            }
        } catch (Exception timeoutOrInterrupt) {
            if (timeoutOrInterrupt instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        shell.descendants().forEach(ProcessHandle::destroyForcibly);
        shell.destroyForcibly();
        try {
            shell.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The last {@code lines} lines of the log, for error messages. */
    String tail(int lines) {
        return tail(logFile, lines);
    }

    static String tail(Path file, int lines) {
        if (!Files.isRegularFile(file)) {
            return "(no log at " + file + ")";
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long length = raf.length();
            int size = (int) Math.min(length, 32 * 1024);
            byte[] buffer = new byte[size];
            raf.seek(length - size);
            raf.readFully(buffer);
            String[] all = new String(buffer, StandardCharsets.UTF_8).split("\r?\n");
            return String.join("\n", Arrays.copyOfRange(all, Math.max(0, all.length - lines), all.length));
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }
}
