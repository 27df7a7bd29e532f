package org.opensn.anonymizer;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 implementation of {@link DeviceHasher}; caches the key of the latest period and, per thread, the
 * hashes of the devices it hashed last in that period ({@link PeriodMac}), since a fleet's devices report again
 * and again within a period and the HMAC is the larger part of the cost of a hash.
 */
final class HmacDeviceHasher implements DeviceHasher {

    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec masterKey;
    private final Duration rotation;
    private final long rotationMillis;
    /** Each thread's Mac, initialized with the key of {@link PeriodMac#period}: a Mac resets to its key after doFinal. */
    private final ThreadLocal<PeriodMac> macs = ThreadLocal.withInitial(() -> new PeriodMac(newMac()));
    private volatile PeriodKey latest = new PeriodKey(Long.MIN_VALUE, null);

    HmacDeviceHasher(byte[] masterSecret, Duration rotation) {
        if (masterSecret == null) {
            throw new IllegalArgumentException("device hash master secret is null; supply at least "
                    + MIN_SECRET_BYTES + " random bytes (e.g. openssl rand -base64 32) from the environment or a file");
        }
        if (masterSecret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("device hash master secret has " + masterSecret.length
                    + " bytes but needs at least " + MIN_SECRET_BYTES + "; generate one with openssl rand -base64 32");
        }
        if (rotation == null) {
            throw new IllegalArgumentException("device hash rotation is null; use DeviceHasher.MAX_ROTATION (1 day) or shorter");
        }
        if (rotation.isNegative() || rotation.isZero() || rotation.compareTo(MAX_ROTATION) > 0) {
            throw new IllegalArgumentException("device hash rotation must be between 1 ms and 1 day (PT24H) but was "
                    + rotation + "; a longer period would let device hashes be linked for longer than a day");
        }
        if (rotation.toNanos() % 1_000_000L != 0) {
            throw new IllegalArgumentException("device hash rotation must be whole milliseconds but was " + rotation);
        }
        this.masterKey = new SecretKeySpec(Arrays.copyOf(masterSecret, masterSecret.length), ALGORITHM);
        this.rotation = rotation;
        this.rotationMillis = rotation.toMillis();
    }

    @Override
    public long hash(String deviceInstallId, Instant eventTime) {
        if (deviceInstallId == null) {
            throw new IllegalArgumentException("deviceInstallId is null");
        }
        if (eventTime == null) {
            throw new IllegalArgumentException("eventTime is null");
        }
        long period = Math.floorDiv(eventTime.toEpochMilli(), rotationMillis);
        PeriodMac periodMac = macs.get();
        Mac mac = periodMac.mac;
        try {
            if (periodMac.period != period || !periodMac.initialized) {
                periodMac.initialized = false; // until init succeeds, whatever a failed init left behind
                periodMac.forget();
                mac.init(periodKey(period, mac));
                periodMac.period = period;
                periodMac.initialized = true;
            }
            int slot = periodMac.slotOf(deviceInstallId);
            if (slot >= 0) {
                return periodMac.hashes[slot];
            }
            byte[] digest = mac.doFinal(deviceInstallId.getBytes(StandardCharsets.UTF_8));
            long h = 0;
            for (int i = 0; i < 8; i++) {
                h = (h << 8) | (digest[i] & 0xFF);
            }
            periodMac.remember(deviceInstallId, h);
            return h;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not usable in this JVM", e);
        }
    }

    @Override
    public Duration rotation() {
        return rotation;
    }

    private SecretKeySpec periodKey(long period, Mac mac) throws GeneralSecurityException {
        PeriodKey cached = latest;
        if (cached.period == period) {
            return cached.key;
        }
        mac.init(masterKey);
        byte[] key = mac.doFinal(("opensn-device|" + period).getBytes(StandardCharsets.UTF_8));
        SecretKeySpec spec = new SecretKeySpec(key, ALGORITHM);
        latest = new PeriodKey(period, spec);
        return spec;
    }

    private static Mac newMac() {
        try {
            return Mac.getInstance(ALGORITHM);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }

    @Override
    public String toString() {
        return "DeviceHasher{rotation=" + rotation + '}';
    }

    private record PeriodKey(long period, SecretKeySpec key) {
    }

    /**
     * A thread's Mac, with the hashes of the devices it hashed last in its {@link #period}: two-way set associative,
     * {@value #SETS} sets (a device missing from its set goes into its first way, moving the entry there to the
     * second), emptied when the period changes. Holds raw device ids of one thread in memory, as the raw events
     * being anonymized do anyway; nothing is written anywhere.
     */
    private static final class PeriodMac {
        static final int SETS = 2048;

        final Mac mac;
        long period;
        boolean initialized;
        /** Set {@code s} is slots {@code 2s} (stored last) and {@code 2s + 1}. */
        final String[] ids = new String[2 * SETS];
        final long[] hashes = new long[2 * SETS];

        PeriodMac(Mac mac) {
            this.mac = mac;
        }

        /** The slot holding {@code id}'s hash, or -1. */
        int slotOf(String id) {
            int first = first(id);
            return id.equals(ids[first]) ? first : id.equals(ids[first + 1]) ? first + 1 : -1;
        }

        void remember(String id, long hash) {
            int first = first(id);
            ids[first + 1] = ids[first];
            hashes[first + 1] = hashes[first];
            ids[first] = id;
            hashes[first] = hash;
        }

        void forget() {
            Arrays.fill(ids, null);
        }

        private static int first(String id) {
            int h = id.hashCode();
            return 2 * ((h ^ (h >>> 16)) & (SETS - 1));
        }
    }
}
