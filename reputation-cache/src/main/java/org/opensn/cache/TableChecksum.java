package org.opensn.cache;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.opensn.schemas.avro.Verdict;

/**
 * Checksum of a verdict table that a client can keep up to date entry by entry: the XOR of
 * {@code SHA-256(UTF-8(ref + "\n" + verdict + "\n" + version))} over every entry held (withdrawn
 * ones are not held), as 64 lower-case hex digits. The empty table has 64 zeros. Adding an entry
 * and removing it are the same operation ({@link #toggle}); replacing one is removing the old
 * entry and adding the new. {@code version} is written in decimal, {@code verdict} by its name.
 *
 * <p>Not thread-safe.
 */
public final class TableChecksum {

    private final long[] words = new long[4];

    /** The checksum of the empty table. */
    public TableChecksum() {
    }

    /** Adds or removes one entry. */
    public TableChecksum toggle(String ref, Verdict verdict, long version) {
        byte[] h = entryHash(ref, verdict, version);
        for (int i = 0; i < 4; i++) {
            long w = 0;
            for (int j = 0; j < 8; j++) {
                w = (w << 8) | (h[i * 8 + j] & 0xff);
            }
            words[i] ^= w;
        }
        return this;
    }

    /** Adds or removes one entry. */
    public TableChecksum toggle(CachedVerdict v) {
        return toggle(v.ref(), v.verdict(), v.version());
    }

    /** An independent copy. */
    public TableChecksum copy() {
        TableChecksum c = new TableChecksum();
        System.arraycopy(words, 0, c.words, 0, 4);
        return c;
    }

    /** 64 lower-case hex digits. */
    public String hex() {
        StringBuilder sb = new StringBuilder(64);
        HexFormat hf = HexFormat.of();
        for (long w : words) {
            sb.append(hf.toHexDigits(w));
        }
        return sb.toString();
    }

    /** SHA-256 of one entry, as defined in the class comment. */
    public static byte[] entryHash(String ref, Verdict verdict, long version) {
        MessageDigest md = DIGEST.get();
        md.reset();
        return md.digest((ref + "\n" + verdict.name() + "\n" + version).getBytes(StandardCharsets.UTF_8));
    }

    private static final ThreadLocal<MessageDigest> DIGEST = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    });

    @Override
    public String toString() {
        return hex();
    }
}
