package org.opensn.anonymizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class DeviceHasherTest {

    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final Instant NOON = Instant.parse("2026-11-27T12:00:00Z");

    private final DeviceHasher hasher = DeviceHasher.create(SECRET);

    @Test
    void sameDeviceInSamePeriodHashesTheSame() {
        assertThat(hasher.hash("device-1", NOON)).isEqualTo(hasher.hash("device-1", NOON.plusSeconds(3_600)));
        assertThat(hasher.hash("device-1", NOON)).isEqualTo(DeviceHasher.create(SECRET).hash("device-1", NOON));
    }

    @Test
    void differentPeriodsHashDifferently() {
        long today = hasher.hash("device-1", NOON);
        long tomorrow = hasher.hash("device-1", NOON.plus(Duration.ofDays(1)));
        assertThat(today).isNotEqualTo(tomorrow);
        // the day boundary is the UTC midnight
        assertThat(hasher.hash("device-1", Instant.parse("2026-11-27T23:59:59.999Z"))).isEqualTo(today);
        assertThat(hasher.hash("device-1", Instant.parse("2026-11-28T00:00:00Z"))).isEqualTo(tomorrow);
    }

    @Test
    void shorterRotationSplitsTheDay() {
        DeviceHasher hourly = DeviceHasher.create(SECRET, Duration.ofHours(1));
        assertThat(hourly.hash("d", NOON)).isNotEqualTo(hourly.hash("d", NOON.plus(Duration.ofHours(1))));
        assertThat(hourly.hash("d", NOON)).isEqualTo(hourly.hash("d", NOON.plus(Duration.ofMinutes(59))));
        assertThat(hourly.rotation()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void differentSecretsHashDifferently() {
        byte[] other = SECRET.clone();
        other[0] ^= 1;
        assertThat(DeviceHasher.create(other).hash("device-1", NOON)).isNotEqualTo(hasher.hash("device-1", NOON));
    }

    @Test
    void differentDevicesHashDifferently() {
        Set<Long> hashes = new HashSet<>();
        IntStream.range(0, 10_000).forEach(i -> hashes.add(hasher.hash("device-" + i, NOON)));
        assertThat(hashes).hasSize(10_000);
    }

    @Test
    void matchesTheDocumentedConstruction() throws Exception {
        assertThat(hasher.hash("device-1", NOON)).isEqualTo(documented("device-1", NOON));
    }

    @Test
    void devicesHashedAgainAcrossPeriodsMatchTheDocumentedConstruction() throws Exception {
        Instant tomorrow = NOON.plus(Duration.ofDays(1));
        for (Instant time : new Instant[] {NOON, NOON.plusSeconds(60), tomorrow, NOON, tomorrow}) {
            for (int i = 0; i < 6_000; i += time.equals(tomorrow) ? 7 : 1) {
                assertThat(hasher.hash("device-" + i, time)).as("device-%d at %s", i, time).isEqualTo(documented("device-" + i, time));
            }
        }
    }

    /** HMAC-SHA256(HMAC-SHA256(secret, "opensn-device|" + day), device), its first 8 bytes big-endian. */
    private static long documented(String device, Instant time) throws Exception {
        long period = time.toEpochMilli() / Duration.ofDays(1).toMillis();
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET, "HmacSHA256"));
        byte[] periodKey = mac.doFinal(("opensn-device|" + period).getBytes(StandardCharsets.UTF_8));
        mac.init(new SecretKeySpec(periodKey, "HmacSHA256"));
        byte[] digest = mac.doFinal(device.getBytes(StandardCharsets.UTF_8));
        long expected = 0;
        for (int i = 0; i < 8; i++) {
            expected = (expected << 8) | (digest[i] & 0xFF);
        }
        return expected;
    }

    @Test
    void secretIsCopied() {
        byte[] secret = SECRET.clone();
        DeviceHasher h = DeviceHasher.create(secret);
        long before = h.hash("device-1", NOON);
        secret[0] ^= 1;
        assertThat(h.hash("device-1", NOON)).isEqualTo(before);
    }

    @Test
    void aThreadsReusedMacGivesWhatAFreshHasherGivesInAnyOrderOfPeriodsAndDevices() {
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 2_000; i++) {
            String device = "device-" + random.nextInt(5);
            Instant at = NOON.plus(Duration.ofDays(random.nextInt(4)));
            assertThat(hasher.hash(device, at)).as("call %d: %s at %s", i, device, at).isEqualTo(DeviceHasher.create(SECRET).hash(device, at));
        }
    }

    @Test
    void isThreadSafeAcrossPeriods() {
        ConcurrentHashMap<Integer, Long> seen = new ConcurrentHashMap<>();
        IntStream.range(0, 20_000).parallel().forEach(i -> {
            int day = i % 7;
            long h = hasher.hash("device-x", NOON.plus(Duration.ofDays(day)));
            Long previous = seen.putIfAbsent(day, h);
            assertThat(previous == null || previous == h).isTrue();
        });
        assertThat(new HashSet<>(seen.values())).hasSize(7);
    }

    @Test
    void rejectsRotationLongerThanADay() {
        assertThatThrownBy(() -> DeviceHasher.create(SECRET, Duration.ofDays(1).plusMillis(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rotation must be between 1 ms and 1 day")
                .hasMessageContaining("PT24H0.001S");
        assertThatThrownBy(() -> DeviceHasher.create(SECRET, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DeviceHasher.create(SECRET, Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DeviceHasher.create(SECRET, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rotation is null");
        assertThat(DeviceHasher.create(SECRET, Duration.ofDays(1)).rotation()).isEqualTo(DeviceHasher.MAX_ROTATION);
    }

    @Test
    void rejectsMissingOrShortSecret() {
        assertThatThrownBy(() -> DeviceHasher.create(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("secret is null");
        assertThatThrownBy(() -> DeviceHasher.create(new byte[15])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has 15 bytes but needs at least 16");
    }

    @Test
    void rejectsNullArguments() {
        assertThatThrownBy(() -> hasher.hash(null, NOON)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("deviceInstallId");
        assertThatThrownBy(() -> hasher.hash("d", null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("eventTime");
    }

    @Test
    void neverShowsTheSecret() {
        assertThat(hasher.toString()).doesNotContain("0123456789abcdef").contains("PT24H");
    }
}
