package org.opensn.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed broker certificate for 127.0.0.1 and localhost, made once per data directory with
 * the JDK's {@code keytool} (no extra library) and kept there, so clients that trust it keep
 * working across broker restarts.
 *
 * <p>Files in the directory: {@code broker.p12} (key and certificate), {@code truststore.p12} (the
 * certificate, for Java clients), {@code broker.pem} (the certificate, for other clients) and
 * {@code password} (the stores' random password).
 */
record TlsMaterial(Path keystore, Path truststore, Path certificatePem, String password) {

    static final String STORE_TYPE = "PKCS12";
    private static final String ALIAS = "opensn-embedded-broker";

    static TlsMaterial ensure(Path dir) {
        Path keystore = dir.resolve("broker.p12");
        Path truststore = dir.resolve("truststore.p12");
        Path pem = dir.resolve("broker.pem");
        Path passwordFile = dir.resolve("password");
        try {
            if (Files.isRegularFile(truststore) && Files.isRegularFile(passwordFile)) {
                return new TlsMaterial(keystore, truststore, pem, Files.readString(passwordFile, StandardCharsets.UTF_8).strip());
            }
            Files.createDirectories(dir);
            for (Path stale : List.of(keystore, truststore, pem, passwordFile)) {
                Files.deleteIfExists(stale);
            }
            byte[] random = new byte[18];
            new SecureRandom().nextBytes(random);
            String password = HexFormat.of().formatHex(random);
            keytool("-genkeypair", "-alias", ALIAS, "-keyalg", "RSA", "-keysize", "2048", "-sigalg", "SHA256withRSA",
                    "-dname", "CN=localhost, O=OpenSN embedded broker", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
                    "-validity", "3650", "-keystore", keystore.toString(), "-storetype", STORE_TYPE,
                    "-storepass", password, "-keypass", password, "-noprompt");
            keytool("-exportcert", "-alias", ALIAS, "-keystore", keystore.toString(), "-storetype", STORE_TYPE,
                    "-storepass", password, "-rfc", "-file", pem.toString());
            keytool("-importcert", "-alias", ALIAS, "-file", pem.toString(), "-keystore", truststore.toString(),
                    "-storetype", STORE_TYPE, "-storepass", password, "-noprompt");
            Path tmp = Files.writeString(dir.resolve("password.tmp"), password + "\n", StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            Files.move(tmp, passwordFile);
            return new TlsMaterial(keystore, truststore, pem, password);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the broker's TLS certificate in " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void keytool(String... args) throws IOException {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        if (!Files.isExecutable(keytool)) {
            throw new IllegalStateException("TLS for EmbeddedKafka needs the JDK's keytool, but " + keytool
                    + " is missing; run on a full JDK or leave TLS off");
        }
        List<String> command = new ArrayList<>(List.of(keytool.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("keytool " + args[0] + " did not finish within 120 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running keytool " + args[0], e);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("keytool " + args[0] + " failed with exit code " + process.exitValue() + ": " + output.strip());
        }
    }
}
