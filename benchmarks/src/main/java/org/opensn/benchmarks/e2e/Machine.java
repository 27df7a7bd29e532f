package org.opensn.benchmarks.e2e;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What the run ran on: host, CPU, memory, JVM and the load average (the machine is shared). */
final class Machine {

    private Machine() {
    }

    /** "host: 2 × CPU model, 23 GiB, Java 25.0.1". */
    static String describe() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "unknown host";
        }
        String cpu = firstValue(Path.of("/proc/cpuinfo"), "model name").orElse(System.getProperty("os.arch"));
        long memKib = firstValue(Path.of("/proc/meminfo"), "MemTotal").map(v -> Long.parseLong(v.replaceAll("[^0-9]", ""))).orElse(0L);
        return String.format("%s: %d × %s, %d GiB RAM, %s %s, Java %s", host, Runtime.getRuntime().availableProcessors(), cpu,
                Math.round(memKib / 1024.0 / 1024.0), System.getProperty("os.name"), System.getProperty("os.version"),
                System.getProperty("java.version"));
    }

    /** CPU time of this JVM so far (every thread: broker, clients, app, GC, JIT), nanoseconds; -1 if the JVM cannot tell. */
    static long processCpuNanos() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    /** The 1-, 5- and 15-minute load averages from /proc/loadavg, e.g. "6.91 7.24 3.97", or "n/a". */
    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }

    private static java.util.Optional<String> firstValue(Path file, String key) {
        try {
            List<String> lines = Files.readAllLines(file);
            for (String line : lines) {
                if (line.startsWith(key)) {
                    int colon = line.indexOf(':');
                    return java.util.Optional.of(line.substring(colon + 1).trim());
                }
            }
        } catch (IOException e) {
            // not Linux: leave it out
        }
        return java.util.Optional.empty();
    }
}
