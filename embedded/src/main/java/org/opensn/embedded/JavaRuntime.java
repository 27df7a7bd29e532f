package org.opensn.embedded;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A {@code java} executable and its feature version (17, 21, 25, ...). */
record JavaRuntime(Path executable, int featureVersion) {

    private static final Pattern RELEASE_VERSION = Pattern.compile("^JAVA_VERSION=\"(\\d+)(?:[.\"_+-].*)?$", Pattern.MULTILINE);
    private static final Pattern VERSION_OUTPUT = Pattern.compile("version \"(\\d+)(?:[.\"_+-])");

    /** The Java running this JVM. */
    static JavaRuntime current() {
        Path executable = ProcessHandle.current().info().command().map(Path::of)
                .filter(Files::isExecutable)
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java"));
        return new JavaRuntime(executable, Runtime.version().feature());
    }

    /** The JDK or JRE at {@code javaHome}; its version read from its {@code release} file, else from {@code java -version}. */
    static JavaRuntime at(Path javaHome) {
        Path executable = javaHome.resolve("bin").resolve("java");
        if (!Files.isExecutable(executable)) {
            throw new IllegalStateException("no executable " + executable + ": javaHome(" + javaHome
                    + ") must point at a JDK 21+ directory (the one holding bin/java; ls /usr/lib/jvm lists installed ones)");
        }
        return new JavaRuntime(executable, versionOf(javaHome, executable));
    }

    /** Throws when older than {@code minimum}, naming the fix. */
    JavaRuntime require(int minimum, String forWhat) {
        if (featureVersion < minimum) {
            throw new IllegalStateException(forWhat + " needs Java " + minimum + " or newer, but " + executable + " is Java "
                    + featureVersion + "; pass EmbeddedSchemaRegistry.builder().javaHome(...) of a JDK " + minimum
                    + "+ (ls /usr/lib/jvm lists installed ones)");
        }
        return this;
    }

    private static int versionOf(Path javaHome, Path executable) {
        Path release = javaHome.resolve("release");
        try {
            if (Files.isRegularFile(release)) {
                Matcher m = RELEASE_VERSION.matcher(Files.readString(release, StandardCharsets.UTF_8));
                if (m.find()) {
                    return legacy(Integer.parseInt(m.group(1)), m.group(0));
                }
            }
            Process p = new ProcessBuilder(List.of(executable.toString(), "-version")).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(30, TimeUnit.SECONDS);
            Matcher m = VERSION_OUTPUT.matcher(output);
            if (m.find()) {
                return legacy(Integer.parseInt(m.group(1)), m.group(0));
            }
            throw new IllegalStateException("cannot tell the Java version of " + executable + " from: " + output.strip());
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + executable + " -version: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking the Java version of " + executable, e);
        }
    }

    /** "1.8.0_x" means 8. */
    private static int legacy(int first, String text) {
        if (first == 1) {
            Matcher m = Pattern.compile("\"1\\.(\\d+)").matcher(text);
            return m.find() ? Integer.parseInt(m.group(1)) : 1;
        }
        return first;
    }
}
