package org.opensn.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the Apicurio Registry app tarball and unpacks it once into a shared cache directory.
 * Several JVMs may do this at the same time: each unpacks into its own temporary directory and
 * renames it into place atomically; the loser throws its copy away.
 */
final class ApicurioDistribution {

    private static final Logger LOG = LoggerFactory.getLogger(ApicurioDistribution.class);

    static final String VERSION = EmbeddedSchemaRegistry.APICURIO_VERSION;
    static final String TARBALL_NAME = "apicurio-registry-app-" + VERSION + "-all.tar.gz";
    static final String FETCH_COMMAND = "mvn dependency:get -Dartifact=io.apicurio:apicurio-registry-app:" + VERSION
            + ":tar.gz:all -Dtransitive=false (or build the embedded module: mvn -pl embedded install -DskipTests)";
    private static final String COMPLETE_MARKER = ".opensn-unpacked";
    private static final long UNPACK_TIMEOUT_MINUTES = 10;

    private ApicurioDistribution() {
    }

    /** The tarball: explicit path, then system property, then environment, then the local Maven repository. */
    static Path locateTarball(Path explicit, Properties system, Map<String, String> env) {
        if (explicit != null) {
            return requireFile(explicit, "the tarball given to EmbeddedSchemaRegistry.builder().tarball(...)");
        }
        String property = system.getProperty("opensn.apicurio.tarball");
        if (property != null && !property.isBlank()) {
            return requireFile(Path.of(property), "system property opensn.apicurio.tarball");
        }
        String variable = env.get("OPENSN_APICURIO_TARBALL");
        if (variable != null && !variable.isBlank()) {
            return requireFile(Path.of(variable), "environment variable OPENSN_APICURIO_TARBALL");
        }
        String repo = system.getProperty("maven.repo.local");
        Path repository = repo != null && !repo.isBlank()
                ? Path.of(repo)
                : Path.of(system.getProperty("user.home"), ".m2", "repository");
        Path inRepository = repository.resolve(Path.of("io", "apicurio", "apicurio-registry-app", VERSION, TARBALL_NAME));
        if (!Files.isRegularFile(inRepository)) {
            throw new IllegalStateException("Apicurio Registry " + VERSION + " is not in the local Maven repository (looked for "
                    + inRepository + "); fetch it from Maven Central with: " + FETCH_COMMAND
                    + ", or point system property opensn.apicurio.tarball / OPENSN_APICURIO_TARBALL at the tarball");
        }
        return inRepository;
    }

    /** The install directory: explicit, then system property, then environment, then {@code ~/.cache/opensn/apicurio-registry-VERSION}. */
    static Path installDir(Path explicit, Properties system, Map<String, String> env) {
        if (explicit != null) {
            return explicit.toAbsolutePath();
        }
        String property = system.getProperty("opensn.apicurio.home");
        if (property != null && !property.isBlank()) {
            return Path.of(property).toAbsolutePath();
        }
        String variable = env.get("OPENSN_APICURIO_HOME");
        if (variable != null && !variable.isBlank()) {
            return Path.of(variable).toAbsolutePath();
        }
        return Path.of(system.getProperty("user.home"), ".cache", "opensn", "apicurio-registry-" + VERSION);
    }

    /** Returns the path of {@code quarkus-run.jar} under {@code installDir}, unpacking {@code tarball} first if needed. */
    static Path ensureUnpacked(Path tarball, Path installDir) {
        Path runJar = installDir.resolve("quarkus-run.jar");
        if (Files.isRegularFile(installDir.resolve(COMPLETE_MARKER)) && Files.isRegularFile(runJar)) {
            return runJar;
        }
        if (Files.exists(installDir)) {
            throw new IllegalStateException(installDir + " exists but is not a complete Apicurio Registry " + VERSION
                    + " (no " + COMPLETE_MARKER + " or quarkus-run.jar); delete it and it will be unpacked again");
        }
        Path staging;
        try {
            Files.createDirectories(installDir.getParent());
            staging = Files.createTempDirectory(installDir.getParent(), ".unpack-" + installDir.getFileName() + "-");
            // a shared, read-only cache: readable by everyone like an unpacked tarball would be
            Files.setPosixFilePermissions(staging, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + installDir.getParent()
                    + " to unpack Apicurio Registry into (choose another with installDir(...) or -Dopensn.apicurio.home): " + e.getMessage(), e);
        }
        try {
            LOG.info("unpacking {} into {}", tarball, installDir);
            untar(tarball, staging);
            if (!Files.isRegularFile(staging.resolve("quarkus-run.jar"))) {
                throw new IllegalStateException(tarball + " holds no quarkus-run.jar at its top level: is it really "
                        + TARBALL_NAME + "? Fetch it again with: " + FETCH_COMMAND);
            }
            Files.writeString(staging.resolve(COMPLETE_MARKER), tarball + "\n", StandardCharsets.UTF_8);
            try {
                Files.move(staging, installDir, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException raced) {
                LOG.debug("another process unpacked {} first", installDir);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IllegalStateException("cannot rename " + staging + " to " + installDir
                        + " atomically; choose an install dir on the same file system with installDir(...)", e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack " + tarball + " into " + installDir + ": " + e.getMessage(), e);
        } finally {
            TempDirectories.deleteRecursively(staging);
        }
        if (!Files.isRegularFile(runJar)) {
            throw new IllegalStateException("unpacked Apicurio Registry but " + runJar + " is missing; delete " + installDir + " and retry");
        }
        return runJar;
    }

    private static void untar(Path tarball, Path into) throws IOException {
        Path errors = Files.createTempFile("opensn-untar-", ".log");
        try {
            Process tar = new ProcessBuilder("tar", "-xzf", tarball.toString(), "-C", into.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(errors.toFile())
                    .start();
            if (!tar.waitFor(UNPACK_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                tar.destroyForcibly();
                throw new IllegalStateException("unpacking " + tarball + " took longer than " + UNPACK_TIMEOUT_MINUTES + " minutes");
            }
            if (tar.exitValue() != 0) {
                throw new IllegalStateException("tar -xzf " + tarball + " failed with exit code " + tar.exitValue() + ": "
                        + Files.readString(errors).strip() + "; if the file is damaged, delete it and fetch it again with: " + FETCH_COMMAND);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while unpacking " + tarball, e);
        } finally {
            Files.deleteIfExists(errors);
        }
    }

    private static Path requireFile(Path path, String source) {
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException("Apicurio Registry tarball " + path + " (from " + source + ") does not exist; "
                    + "fetch it from Maven Central with: " + FETCH_COMMAND);
        }
        return path.toAbsolutePath();
    }
}
