package org.opensn.anonymizer;

import java.time.Duration;
import java.time.Instant;

/**
 * A keyed, period-rotating hash of a device install id, for distinct-device sketches
 * (HyperLogLog) that must count devices without ever storing or emitting their ids.
 *
 * <p>{@code hash(id, t)} is the first 8 bytes (big-endian) of
 * {@code HMAC-SHA256(periodKey, UTF-8(id))}, where
 * {@code periodKey = HMAC-SHA256(masterSecret, UTF-8("opensn-device|" + periodIndex))} and
 * {@code periodIndex = floor(t.toEpochMilli() / rotation.toMillis())}. Within one period the same
 * device always hashes the same (so sketches count it once); across periods the hashes are
 * unlinkable without the master secret. Pure, deterministic and thread-safe.
 *
 * <pre>{@code
 * DeviceHasher hasher = DeviceHasher.create(secretFromEnvironment, Duration.ofDays(1));
 * sketch.update(hasher.hash(event.getDeviceInstallId(), event.getEventTime()));
 * }</pre>
 */
public interface DeviceHasher {

    /** Default and longest rotation period. */
    Duration MAX_ROTATION = Duration.ofDays(1);

    /** Minimum master secret length in bytes. */
    int MIN_SECRET_BYTES = 16;

    /**
     * The hash of {@code deviceInstallId} in the rotation period holding {@code eventTime}.
     *
     * @throws IllegalArgumentException if an argument is null
     */
    long hash(String deviceInstallId, Instant eventTime);

    /** The rotation period. */
    Duration rotation();

    /**
     * A hasher keyed by {@code masterSecret} (copied; at least {@value #MIN_SECRET_BYTES} bytes,
     * read it from the environment or a file, never from code) rotating every {@code rotation}
     * (positive whole milliseconds, at most one day).
     *
     * @throws IllegalArgumentException if the secret is null or too short, or the rotation is not
     *     between 1 ms and 1 day
     */
    static DeviceHasher create(byte[] masterSecret, Duration rotation) {
        return new HmacDeviceHasher(masterSecret, rotation);
    }

    /** A hasher rotating once a day ({@link #MAX_ROTATION}). */
    static DeviceHasher create(byte[] masterSecret) {
        return create(masterSecret, MAX_ROTATION);
    }
}
