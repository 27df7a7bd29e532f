package org.opensn.benchmarks.e2e;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What the run ran on: host, CPU, memory, JVM and the load average (the machine is shared). */
final class Machine {

    private Machine() {
    }

    /** "host: 2 × CPU model, 23 GiB, Java 25.0.1 (-Xms3g -Xmx3g ...)": the JVM's heap and GC options in brackets, if any. */
    static String describe() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "unknown host";
        }
        String cpu = firstValue(Path.of("/proc/cpuinfo"), "model name").orElse(System.getProperty("os.arch"));
        long memKib = firstValue(Path.of("/proc/meminfo"), "MemTotal").map(v -> Long.parseLong(v.replaceAll("[^0-9]", ""))).orElse(0L);
        String jvm = String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("-Xm") || a.startsWith("-XX:") && !a.startsWith("-XX:StartFlightRecording")).toList());
        return String.format("%s: %d × %s, %d GiB RAM, %s %s, Java %s%s", host, Runtime.getRuntime().availableProcessors(), cpu,
                Math.round(memKib / 1024.0 / 1024.0), System.getProperty("os.name"), System.getProperty("os.version"),
                System.getProperty("java.version"), jvm.isEmpty() ? "" : " (" + jvm + ")");
    }

    /** CPU time of this JVM so far (every thread: broker, clients, app, GC, JIT), nanoseconds; -1 if the JVM cannot tell. */
    static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    /** The machine's CPU time counters from the first line of /proc/stat (user ... steal, in ticks), or an empty array. */
    static long[] cpuTicks() {
        try {
            String[] parts = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long[] ticks = new long[Math.min(parts.length - 1, 8)];
            for (int i = 0; i < ticks.length; i++) {
                ticks[i] = Long.parseLong(parts[i + 1]);
            }
            return ticks;
        } catch (IOException | RuntimeException e) {
            return new long[0];
        }
    }

    /**
     * The share of the machine's CPU time since {@code before} ({@link #cpuTicks()}) that the hypervisor
     * gave to other guests ("steal"), e.g. "0.4 %", or "n/a": a virtual machine whose host is busy runs
     * slower by that much, whatever the benchmark does.
     */
    static String stealSince(long[] before) {
        return formatSteal(stealPercentSince(before));
    }

    /** {@link #stealSince} as a number of per cent, NaN when /proc/stat cannot say. */
    static double stealPercentSince(long[] before) {
        long[] after = cpuTicks();
        if (before.length < 8 || after.length < 8) {
            return Double.NaN;
        }
        long total = 0;
        for (int i = 0; i < 8; i++) {
            total += after[i] - before[i];
        }
        return total <= 0 ? Double.NaN : 100.0 * (after[7] - before[7]) / total;
    }

    /** A steal share as {@link #stealSince} prints it. */
    static String formatSteal(double percent) {
        return Double.isNaN(percent) ? "n/a" : String.format(java.util.Locale.ROOT, "%.1f %%", percent);
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
