package org.opensn.streams.topology;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Base of the small binary serdes of the internal records (store values, repartition values).
 * Layout: one format byte, then the fields written by the subclass. Bad bytes throw
 * {@link SerializationException} naming the type; null stays null.
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

    abstract void write(T value, DataOutputStream out) throws IOException;

    /** About how many bytes {@link #write} writes (values with sketches say so, so a store update does not regrow its buffer). */
    int sizeHint(T value) {
        return 63;
    }

    abstract T read(DataInputStream in) throws IOException;

    @Override
    public final byte[] serialize(String topic, T value) {
        if (value == null) {
            return null;
        }
        try {
            Output bytes = new Output(1 + sizeHint(value));
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeByte(format);
            write(value, out);
            out.flush();
            return bytes.bytes();
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
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(data, 1, data.length - 1));
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

    /** Bytes written with {@link #writeBytes}. */
    static int sizeOf(byte[] b) {
        return 4 + (b == null ? 0 : b.length);
    }

    /** A byte array stream that hands out its buffer without a copy when the size hint was exact. */
    private static final class Output extends ByteArrayOutputStream {
        Output(int size) {
            super(size);
        }

        byte[] bytes() {
            return count == buf.length ? buf : java.util.Arrays.copyOf(buf, count);
        }
    }

    static void writeBytes(DataOutputStream out, byte[] b) throws IOException {
        if (b == null) {
            out.writeInt(-1);
        } else {
            out.writeInt(b.length);
            out.write(b);
        }
    }

    static byte[] readBytes(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n == -1) {
            return null;
        }
        if (n < 0 || n > in.available()) {
            throw new IOException("byte array length " + n + " out of range");
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return b;
    }

    static void writeNullableString(DataOutputStream out, String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            out.writeUTF(s);
        }
    }

    static String readNullableString(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }
}
