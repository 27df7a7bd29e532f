package org.opensn.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry's checks and its unpacking, without starting Apicurio. */
class EmbeddedSchemaRegistryTest {

    @TempDir
    Path dir;

    @Test
    void missingTarballSaysWhichMavenCommandFetchesIt() {
        Properties system = new Properties();
        system.setProperty("maven.repo.local", dir.resolve("empty-repo").toString());
        system.setProperty("user.home", dir.toString());

        assertThatThrownBy(() -> ApicurioDistribution.locateTarball(null, system, Map.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(dir.resolve("empty-repo").resolve("io/apicurio/apicurio-registry-app/3.3.3/apicurio-registry-app-3.3.3-all.tar.gz").toString())
                .hasMessageContaining("mvn dependency:get -Dartifact=io.apicurio:apicurio-registry-app:3.3.3:tar.gz:all");
    }

    @Test
    void tarballLookupOrderIsPropertyThenEnvironmentThenRepository() throws Exception {
        Path fromProperty = Files.writeString(dir.resolve("a.tar.gz"), "x");
        Path fromEnv = Files.writeString(dir.resolve("b.tar.gz"), "x");
        Path repo = dir.resolve("repo");
        Path inRepo = repo.resolve("io/apicurio/apicurio-registry-app/3.3.3/apicurio-registry-app-3.3.3-all.tar.gz");
        Files.createDirectories(inRepo.getParent());
        Files.writeString(inRepo, "x");
        Properties system = new Properties();
        system.setProperty("maven.repo.local", repo.toString());
        Map<String, String> env = Map.of("OPENSN_APICURIO_TARBALL", fromEnv.toString());

        assertThat(ApicurioDistribution.locateTarball(null, system, Map.of())).isEqualTo(inRepo);
        assertThat(ApicurioDistribution.locateTarball(null, system, env)).isEqualTo(fromEnv);
        system.setProperty("opensn.apicurio.tarball", fromProperty.toString());
        assertThat(ApicurioDistribution.locateTarball(null, system, env)).isEqualTo(fromProperty);
        system.setProperty("opensn.apicurio.tarball", dir.resolve("nope.tar.gz").toString());
        assertThatThrownBy(() -> ApicurioDistribution.locateTarball(null, system, env))
                .hasMessageContaining("nope.tar.gz").hasMessageContaining("opensn.apicurio.tarball");
    }

    @Test
    void unpacksOnceIntoTheInstallDir() throws Exception {
        Path tarball = tarball("quarkus-run.jar", "lib/main/a.jar");
        Path install = dir.resolve("cache").resolve("apicurio");

        Path runJar = ApicurioDistribution.ensureUnpacked(tarball, install);

        assertThat(runJar).isEqualTo(install.resolve("quarkus-run.jar")).isRegularFile();
        assertThat(install.resolve("lib/main/a.jar")).isRegularFile();
        Files.delete(tarball);
        assertThat(ApicurioDistribution.ensureUnpacked(tarball, install)).as("second call reuses the unpacked copy").isEqualTo(runJar);
        try (var siblings = Files.list(install.getParent())) {
            assertThat(siblings).as("no staging directory left behind").containsExactly(install);
        }
    }

    @Test
    void refusesATarballWithoutTheApp() throws Exception {
        Path tarball = tarball("something-else.txt");

        assertThatThrownBy(() -> ApicurioDistribution.ensureUnpacked(tarball, dir.resolve("install")))
                .hasMessageContaining("no quarkus-run.jar");
        assertThat(dir.resolve("install")).doesNotExist();
    }

    @Test
    void refusesAHalfInstalledDirectory() throws Exception {
        Path install = Files.createDirectories(dir.resolve("install"));
        Files.writeString(install.resolve("quarkus-run.jar"), "x");

        assertThatThrownBy(() -> ApicurioDistribution.ensureUnpacked(tarball("quarkus-run.jar"), install))
                .hasMessageContaining(install.toString()).hasMessageContaining("delete it");
    }

    @Test
    void refusesAJdkOlderThan21() throws Exception {
        Path javaHome = fakeJavaHome("17.0.12");

        assertThatThrownBy(() -> EmbeddedSchemaRegistry.builder().javaHome(javaHome).build().start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("needs Java 21 or newer")
                .hasMessageContaining("is Java 17")
                .hasMessageContaining("javaHome(");
        assertThat(JavaRuntime.at(fakeJavaHome("21.0.5")).featureVersion()).isEqualTo(21);
        assertThat(JavaRuntime.at(fakeJavaHome("1.8.0_402")).featureVersion()).isEqualTo(8);
    }

    @Test
    void refusesABusyPortBeforeStartingAnything() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.builder().port(taken.getLocalPort()).build();

            assertThatThrownBy(registry::start)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("127.0.0.1:" + taken.getLocalPort())
                    .hasMessageContaining("in use");
            assertThat(registry.isRunning()).isFalse();
            registry.close();
        }
    }

    @Test
    void builderRejectsNonsense() {
        EmbeddedSchemaRegistry.Builder builder = EmbeddedSchemaRegistry.builder();
        assertThatThrownBy(() -> builder.port(0)).hasMessageContaining("port");
        assertThatThrownBy(() -> builder.port(70000)).hasMessageContaining("70000");
        assertThatThrownBy(() -> builder.kafkaSqlBootstrap(" ")).hasMessageContaining("kafkaSqlBootstrap");
        assertThatThrownBy(() -> builder.startupTimeout(Duration.ZERO)).hasMessageContaining("startupTimeout");
        assertThatThrownBy(() -> builder.maxHeap("lots")).hasMessageContaining("384m");
    }

    @Test
    void urlIsTheConfluentCompatibleBase() {
        try (EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.builder().port(18081).build()) {
            assertThat(registry.url()).isEqualTo("http://127.0.0.1:18081/apis/ccompat/v7");
        }
    }

    private Path fakeJavaHome(String version) throws Exception {
        Path home = Files.createDirectories(dir.resolve("jdk-" + version));
        Path bin = Files.createDirectories(home.resolve("bin"));
        Path java = Files.writeString(bin.resolve("java"), "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"Test\"\nJAVA_VERSION=\"" + version + "\"\n", StandardCharsets.UTF_8);
        return home;
    }

    private Path tarball(String... files) throws Exception {
        Path content = Files.createDirectories(dir.resolve("content-" + System.nanoTime()));
        for (String file : files) {
            Path path = content.resolve(file);
            Files.createDirectories(path.getParent());
            Files.writeString(path, file);
        }
        Path tarball = dir.resolve("app-" + System.nanoTime() + ".tar.gz");
        Process tar = new ProcessBuilder("tar", "-czf", tarball.toString(), "-C", content.toString(), ".").inheritIO().start();
        assertThat(tar.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(tar.exitValue()).isZero();
        return tarball;
    }
}
