package org.opensn.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiKeyAuthenticatorTest {

    private final SecureRandom random = new SecureRandom();
    private final String endpointKey = ApiKeys.generate(random);
    private final String analystKey = ApiKeys.generate(random);
    private final String opsKey = ApiKeys.generate(random);
    private final ApiKeyAuthenticator auth = ApiKeyAuthenticator.of(List.of(
            new ApiKeyEntry(ApiKeys.hash(endpointKey), Role.ENDPOINT, "fleet"),
            new ApiKeyEntry(ApiKeys.hash(analystKey), Role.ANALYST, "alice"),
            new ApiKeyEntry(ApiKeys.hash(opsKey), Role.OPS, "grafana")));

    @Test
    void generatedKeysAreRandomAndRecognisable() {
        assertThat(endpointKey).startsWith("osn_").hasSize(47).isNotEqualTo(analystKey);
        assertThat(ApiKeys.hash(endpointKey)).matches("[0-9a-f]{64}");
    }

    @Test
    void rightRoleIsAllowedByEitherHeader() {
        AuthResult bearer = auth.authenticate("Bearer " + endpointKey, null, Permission.REPUTATION_READ);
        assertThat(bearer.isAllowed()).isTrue();
        assertThat(bearer.caller()).isEqualTo("fleet");
        assertThat(bearer.role()).isEqualTo(Role.ENDPOINT);
        assertThat(auth.authenticate(null, analystKey, Permission.STATISTICS_READ).isAllowed()).isTrue();
        assertThat(auth.authenticate("bearer  " + analystKey + " ", analystKey, Permission.VERDICT_OVERRIDE).isAllowed()).isTrue();
        assertThat(auth.authenticate(null, opsKey, Permission.METRICS).isAllowed()).isTrue();
    }

    @Test
    void missingOrUnknownKeyIs401() {
        AuthResult none = auth.authenticate(null, null, Permission.REPUTATION_READ);
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.toJson()).contains("\"error\":\"unauthorized\"").contains("X-API-Key");
        AuthResult wrong = auth.authenticate("Bearer osn_nope", null, Permission.REPUTATION_READ);
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.reason()).contains("not recognised").doesNotContain("osn_nope");
        assertThat(auth.authenticate("Basic dXNlcjpwYXNz", null, Permission.REPUTATION_READ).reason()).contains("Bearer");
        assertThat(auth.authenticate("Bearer ", null, Permission.REPUTATION_READ).reason()).contains("no key");
        assertThat(auth.authenticate("Bearer " + endpointKey, analystKey, Permission.REPUTATION_READ).reason()).contains("different keys");
    }

    @Test
    void wrongRoleIs403NamingTheRoleNeeded() {
        AuthResult r = auth.authenticate("Bearer " + endpointKey, null, Permission.STATISTICS_READ);
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.reason()).contains("'fleet'").contains("ENDPOINT").contains("read statistics").contains("ANALYST");
        assertThat(r.toJson()).startsWith("{\"error\":\"forbidden\"").doesNotContain(endpointKey);
        assertThat(auth.authenticate(null, endpointKey, Permission.VERDICT_OVERRIDE).status()).isEqualTo(403);
        assertThat(auth.authenticate(null, endpointKey, Permission.METRICS).status()).isEqualTo(403);
        assertThat(auth.authenticate(null, opsKey, Permission.REPUTATION_READ).status()).isEqualTo(403);
        assertThat(auth.authenticate(null, analystKey, Permission.METRICS).status()).isEqualTo(403);
    }

    @Test
    void fileIsReReadWhenItChangesSoRevocationNeedsNoRestart(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("keys");
        ApiKeyFile.append(file, new ApiKeyEntry(ApiKeys.hash(analystKey), Role.ANALYST, "alice"));
        MutableClock clock = new MutableClock();
        ApiKeyAuthenticator fromFile = ApiKeyAuthenticator.fromFile(file, clock, Duration.ofSeconds(2));
        assertThat(fromFile.authenticate(null, analystKey, Permission.STATISTICS_READ).isAllowed()).isTrue();

        assertThat(ApiKeyFile.remove(file, "alice")).isTrue();
        ApiKeyFile.append(file, new ApiKeyEntry(ApiKeys.hash(endpointKey), Role.ENDPOINT, "fleet"));
        assertThat(fromFile.authenticate(null, analystKey, Permission.STATISTICS_READ).isAllowed()).as("within the re-check interval").isTrue();
        clock.now = clock.now.plusSeconds(3);
        assertThat(fromFile.authenticate(null, analystKey, Permission.STATISTICS_READ).status()).isEqualTo(401);
        assertThat(fromFile.authenticate(null, endpointKey, Permission.REPUTATION_READ).isAllowed()).isTrue();

        Files.writeString(file, "garbage\n");
        clock.now = clock.now.plusSeconds(3);
        assertThat(fromFile.authenticate(null, endpointKey, Permission.REPUTATION_READ).isAllowed()).as("a broken file keeps the last good keys").isTrue();
    }

    @Test
    void badFileFailsFastNamingFileAndLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("keys");
        Files.writeString(file, "# comment\n\nsha256:" + "a".repeat(64) + " ANALYST alice\nsha256:abc ENDPOINT bob\n");
        assertThatThrownBy(() -> ApiKeyAuthenticator.fromFile(file)).hasMessageContaining(file.toString()).hasMessageContaining("line 4")
                .hasMessageContaining("64 lower-case hex");
        Files.writeString(file, "sha256:" + "a".repeat(64) + " ROOT alice\n");
        assertThatThrownBy(() -> ApiKeyFile.read(file)).hasMessageContaining("unknown role 'ROOT'");
        assertThatThrownBy(() -> ApiKeyAuthenticator.fromFile(dir.resolve("missing"))).hasMessageContaining("apikey create");
    }

    @Test
    void appendRefusesDuplicateNamesAndKeepsOwnerOnlyPermissions(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sub/keys");
        ApiKeyFile.append(file, new ApiKeyEntry(ApiKeys.hash(analystKey), Role.ANALYST, "alice"));
        assertThatThrownBy(() -> ApiKeyFile.append(file, new ApiKeyEntry(ApiKeys.hash(opsKey), Role.OPS, "alice")))
                .hasMessageContaining("already has a key named alice");
        assertThat(ApiKeyFile.read(file)).containsExactly(new ApiKeyEntry(ApiKeys.hash(analystKey), Role.ANALYST, "alice"));
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Files.readString(file)).doesNotContain(analystKey);
    }

    @Test
    void reasonsAreValidJson() {
        assertThat(AuthResult.escape("a\"b\\c\n")).isEqualTo("a\\\"b\\\\c\\n");
    }

    private static final class MutableClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
