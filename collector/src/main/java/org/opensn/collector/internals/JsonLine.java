package org.opensn.collector.internals;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

/**
 * One line of JSON built as UTF-8 bytes in a reused buffer, for the transparency log: the same bytes as
 * Jackson's UTF-8 generator with {@code COMBINE_UNICODE_SURROGATES_IN_UTF8} writes for the same strings (quote,
 * backslash and the control characters escaped, {@code \b \t \n \f \r} in short form and the others as
 * {@code \}{@code u00XX}; everything else as UTF-8, a surrogate pair as one four-byte sequence). A lone surrogate, on
 * which Jackson fails, becomes {@code ?}, as {@code String.getBytes(UTF_8)} writes it. The log writes a line per
 * acknowledged record in the producer's I/O thread: without a generator per line and the {@code String}s of two
 * formatted instants, a fleet detection's line takes about two thirds of the time. Not thread-safe: one per log, used
 * under its lock.
 */
final class JsonLine {

    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);
    /** For each ASCII char: 0 written as is, -1 as {@code \}{@code u00XX}, otherwise the letter after a backslash. */
    private static final byte[] ESCAPES = new byte[128];

    static {
        for (int c = 0; c < 0x20; c++) {
            ESCAPES[c] = -1;
        }
        ESCAPES['\b'] = 'b';
        ESCAPES['\t'] = 't';
        ESCAPES['\n'] = 'n';
        ESCAPES['\f'] = 'f';
        ESCAPES['\r'] = 'r';
        ESCAPES['"'] = '"';
        ESCAPES['\\'] = '\\';
    }

    private final IsoInstantFormat instants = new IsoInstantFormat();
    private byte[] buf = new byte[1024];
    private int len;

    JsonLine reset() {
        len = 0;
        return this;
    }

    int size() {
        return len;
    }

    /** Bytes already encoded as JSON: punctuation, or a field name with its colon, encoded once. */
    JsonLine raw(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, len, bytes.length);
        len += bytes.length;
        return this;
    }

    JsonLine raw(byte b) {
        ensure(1);
        buf[len++] = b;
        return this;
    }

    /** {@code s} quoted and escaped, or {@code null}. */
    JsonLine string(String s) {
        if (s == null) {
            return raw(NULL);
        }
        // the JDK's encoder is the fast path (a copy, for Latin-1 text) and writes what Jackson writes: UTF-8, a pair as
        // four bytes, a lone surrogate as '?'; only ASCII bytes are ever escaped, and UTF-8 puts none inside a sequence
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        ensure(utf8.length + 2);
        buf[len++] = '"';
        int from = 0;
        for (int i = 0; i < utf8.length; i++) {
            byte c = utf8[i];
            if (c >= 0 && ESCAPES[c] != 0) {
                ensure(utf8.length - from + 6 + 1); // what is left with this char escaped, and the closing quote
                copy(utf8, from, i);
                escape(c);
                from = i + 1;
            }
        }
        copy(utf8, from, utf8.length);
        buf[len++] = '"';
        return this;
    }

    /** {@code t} quoted, as {@link Instant#toString()} writes it. */
    JsonLine instant(Instant t) {
        ensure(IsoInstantFormat.MAX_LENGTH + 2);
        buf[len++] = '"';
        len = instants.write(t, buf, len);
        buf[len++] = '"';
        return this;
    }

    void writeTo(OutputStream out) throws IOException {
        out.write(buf, 0, len);
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, len);
    }

    private void copy(byte[] from, int start, int end) {
        System.arraycopy(from, start, buf, len, end - start);
        len += end - start;
    }

    /** An ASCII char that needs escaping, escaped (6 bytes of room). */
    private void escape(byte c) {
        byte e = ESCAPES[c];
        buf[len++] = '\\';
        if (e > 0) {
            buf[len++] = e;
        } else {
            buf[len++] = 'u';
            buf[len++] = '0';
            buf[len++] = '0';
            buf[len++] = HEX[c >> 4];
            buf[len++] = HEX[c & 0xF];
        }
    }

    private void ensure(int more) {
        if (len + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
        }
    }
}
