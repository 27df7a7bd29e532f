package org.opensn.streams.topology;

import java.io.IOException;
import java.io.UTFDataFormatException;
import java.util.Arrays;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Base of the small binary serdes of the internal records (store values, repartition values).
 * Layout: one format byte, then the fields written by the subclass, big-endian, strings in
 * modified UTF-8 behind a 2-byte length: the encoding of {@code DataOutputStream}, written and read
 * here on a plain byte array (the stores (de)serialize a value on every update, and the stream
 * classes take a lock per field). Bad bytes throw {@link SerializationException} naming the type;
 * null stays null.
 *
 * @param <T> the record type
 */
abstract class Codec<T> implements Serde<T>, Serializer<T>, Deserializer<T> {

    private final String typeName;
    private final byte format;

    Codec(String typeName, int format) {
        this.typeName = typeName;
        this.format = (byte) format;
    }

    abstract void write(T value, Out out) throws IOException;

    /** About how many bytes {@link #write} writes (values with sketches say so, so a store update does not regrow its buffer). */
    int sizeHint(T value) {
        return 63;
    }

    abstract T read(In in) throws IOException;

    @Override
    public final byte[] serialize(String topic, T value) {
        if (value == null) {
            return null;
        }
        try {
            Out out = new Out(1 + sizeHint(value));
            out.writeByte(format);
            write(value, out);
            return out.bytes();
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("cannot serialize " + typeName + " for topic " + topic + ": " + e.getMessage(), e);
        }
    }

    @Override
    public final T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (data.length == 0 || data[0] != format) {
            throw new SerializationException("bytes on topic " + topic + " are not a " + typeName + " of format " + format
                    + (data.length == 0 ? " (empty)" : " (format byte " + data[0] + ")"));
        }
        try {
            In in = new In(data, 1);
            T value = read(in);
            if (in.available() != 0) {
                throw new IOException(in.available() + " trailing bytes");
            }
            return value;
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("bytes on topic " + topic + " are not a valid " + typeName + ": " + e.getMessage(), e);
        }
    }

    @Override
    public final Serializer<T> serializer() {
        return this;
    }

    @Override
    public final Deserializer<T> deserializer() {
        return this;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
    }

    @Override
    public void close() {
    }

    /** Bytes written with {@link #writeSketch}. */
    static int sizeOfSketch(byte[] sketch) {
        return 4 + (sketch == null ? 0 : Hll.usedBytes(sketch));
    }

    /** Bytes in the encoding of {@code DataOutputStream}, on a growing array handed out without a copy when the size hint was exact. */
    static final class Out {
        private byte[] buf;
        private int count;

        Out(int size) {
            buf = new byte[Math.max(size, 1)];
        }

        private void ensure(int more) {
            if (count + more > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, count + more));
            }
        }

        void writeByte(int v) {
            ensure(1);
            buf[count++] = (byte) v;
        }

        void writeBoolean(boolean v) {
            writeByte(v ? 1 : 0);
        }

        void writeShort(int v) {
            ensure(2);
            buf[count++] = (byte) (v >>> 8);
            buf[count++] = (byte) v;
        }

        void writeInt(int v) {
            ensure(4);
            buf[count++] = (byte) (v >>> 24);
            buf[count++] = (byte) (v >>> 16);
            buf[count++] = (byte) (v >>> 8);
            buf[count++] = (byte) v;
        }

        void writeLong(long v) {
            writeInt((int) (v >>> 32));
            writeInt((int) v);
        }

        void writeDouble(double v) {
            writeLong(Double.doubleToLongBits(v));
        }

        /** The first {@code n} bytes of {@code b}. */
        void write(byte[] b, int n) {
            ensure(n);
            System.arraycopy(b, 0, buf, count, n);
            count += n;
        }

        /** As {@code DataOutputStream.writeUTF}: a 2-byte length, then modified UTF-8 (no string over 65,535 encoded bytes). */
        void writeUTF(String s) throws UTFDataFormatException {
            int n = s.length();
            int encoded = n;
            for (int i = 0; i < n; i++) {
                char c = s.charAt(i);
                if (c >= 0x80 || c == 0) {
                    encoded += c >= 0x800 ? 2 : 1;
                }
            }
            if (encoded > 65_535) {
                throw new UTFDataFormatException("string of " + encoded + " encoded bytes is too long (at most 65535)");
            }
            writeShort(encoded);
            ensure(encoded);
            for (int i = 0; i < n; i++) {
                char c = s.charAt(i);
                if (c != 0 && c < 0x80) {
                    buf[count++] = (byte) c;
                } else if (c < 0x800) {
                    buf[count++] = (byte) (0xC0 | (c >> 6));
                    buf[count++] = (byte) (0x80 | (c & 0x3F));
                } else {
                    buf[count++] = (byte) (0xE0 | (c >> 12));
                    buf[count++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                    buf[count++] = (byte) (0x80 | (c & 0x3F));
                }
            }
        }

        byte[] bytes() {
            return count == buf.length ? buf : Arrays.copyOf(buf, count);
        }
    }

    /** Reads what {@link Out} wrote; running past the end is an {@link IOException}. */
    static final class In {
        private final byte[] buf;
        private int pos;

        In(byte[] buf, int pos) {
            this.buf = buf;
            this.pos = pos;
        }

        int available() {
            return buf.length - pos;
        }

        private void need(int n) throws IOException {
            if (n > buf.length - pos) {
                throw new IOException("truncated: " + n + " more bytes expected, " + (buf.length - pos) + " left");
            }
        }

        int readUnsignedByte() throws IOException {
            need(1);
            return buf[pos++] & 0xFF;
        }

        boolean readBoolean() throws IOException {
            return readUnsignedByte() != 0;
        }

        int readUnsignedShort() throws IOException {
            need(2);
            int v = (buf[pos] & 0xFF) << 8 | (buf[pos + 1] & 0xFF);
            pos += 2;
            return v;
        }

        int readInt() throws IOException {
            need(4);
            int v = (buf[pos] & 0xFF) << 24 | (buf[pos + 1] & 0xFF) << 16 | (buf[pos + 2] & 0xFF) << 8 | (buf[pos + 3] & 0xFF);
            pos += 4;
            return v;
        }

        long readLong() throws IOException {
            return (long) readInt() << 32 | (readInt() & 0xFFFFFFFFL);
        }

        double readDouble() throws IOException {
            return Double.longBitsToDouble(readLong());
        }

        byte[] readBytes(int n) throws IOException {
            need(n);
            byte[] b = Arrays.copyOfRange(buf, pos, pos + n);
            pos += n;
            return b;
        }

        /** As {@code DataInputStream.readUTF}: malformed modified UTF-8 is an error. */
        String readUTF() throws IOException {
            int n = readUnsignedShort();
            need(n);
            int end = pos + n;
            char[] out = new char[n];
            int len = 0;
            while (pos < end) {
                int a = buf[pos] & 0xFF;
                if (a < 0x80) {
                    out[len++] = (char) a;
                    pos++;
                } else if ((a & 0xE0) == 0xC0) {
                    if (pos + 2 > end || (buf[pos + 1] & 0xC0) != 0x80) {
                        throw new UTFDataFormatException("malformed input around byte " + pos);
                    }
                    out[len++] = (char) ((a & 0x1F) << 6 | (buf[pos + 1] & 0x3F));
                    pos += 2;
                } else if ((a & 0xF0) == 0xE0) {
                    if (pos + 3 > end || (buf[pos + 1] & 0xC0) != 0x80 || (buf[pos + 2] & 0xC0) != 0x80) {
                        throw new UTFDataFormatException("malformed input around byte " + pos);
                    }
                    out[len++] = (char) ((a & 0x0F) << 12 | (buf[pos + 1] & 0x3F) << 6 | (buf[pos + 2] & 0x3F));
                    pos += 3;
                } else {
                    throw new UTFDataFormatException("malformed input around byte " + pos);
                }
            }
            return new String(out, 0, len);
        }
    }

    /** A sketch's used bytes ({@link Hll#usedBytes}) behind their length, or -1 for null. */
    static void writeSketch(Out out, byte[] sketch) {
        if (sketch == null) {
            out.writeInt(-1);
        } else {
            int n = Hll.usedBytes(sketch);
            out.writeInt(n);
            out.write(sketch, n);
        }
    }

    static byte[] readBytes(In in) throws IOException {
        int n = in.readInt();
        if (n == -1) {
            return null;
        }
        if (n < 0 || n > in.available()) {
            throw new IOException("byte array length " + n + " out of range");
        }
        return in.readBytes(n);
    }

    /** A sketch written with {@link #writeSketch} (null when absent), checked ({@link Hll#checkStored}) as it is read. */
    static byte[] readSketch(In in) throws IOException {
        byte[] sketch = readBytes(in);
        if (sketch != null) {
            Hll.checkStored(sketch);
        }
        return sketch;
    }

    /**
     * About how many bytes {@link Out#writeUTF} writes for {@code s}: exact for ASCII (a longer encoding regrows the
     * buffer, as any low size hint does).
     */
    static int sizeOfUTF(String s) {
        return 2 + s.length();
    }

    /** About how many bytes {@link #writeNullableString} writes for {@code s} ({@link #sizeOfUTF}). */
    static int sizeOfNullableString(String s) {
        return 1 + (s == null ? 0 : sizeOfUTF(s));
    }

    static void writeNullableString(Out out, String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            out.writeUTF(s);
        }
    }

    static String readNullableString(In in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }
}
