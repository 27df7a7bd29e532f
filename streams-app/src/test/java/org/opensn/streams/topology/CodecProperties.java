package org.opensn.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.apache.kafka.common.errors.SerializationException;

/**
 * {@link Codec} writes and reads the encoding of {@code DataOutputStream} on a plain array: the
 * bytes already in changelogs and repartition topics must read back the same, so the two encodings
 * are compared byte for byte on any values, any UTF-16 (lone surrogates and NUL included).
 */
class CodecProperties {

    @Property(tries = 500)
    void writesWhatDataOutputStreamWrites(@ForAll("anyText") String text, @ForAll long number, @ForAll double decimal,
            @ForAll boolean flag, @ForAll @Size(max = 64) byte[] bytes) throws IOException {
        Codec.Out out = new Codec.Out(3);
        out.writeUTF(text);
        out.writeLong(number);
        out.writeDouble(decimal);
        out.writeBoolean(flag);
        out.writeShort(bytes.length);
        out.writeInt(bytes.length);
        out.write(bytes, bytes.length);
        Codec.writeSketch(out, null);

        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        DataOutputStream data = new DataOutputStream(expected);
        writeFields(data, text, number, decimal, flag, bytes);
        data.writeInt(-1);
        assertThat(out.bytes()).isEqualTo(expected.toByteArray());
    }

    /** The fields both properties use, written by {@code DataOutputStream}. */
    private static void writeFields(DataOutputStream data, String text, long number, double decimal, boolean flag, byte[] bytes)
            throws IOException {
        data.writeUTF(text);
        data.writeLong(number);
        data.writeDouble(decimal);
        data.writeBoolean(flag);
        data.writeShort(bytes.length);
        data.writeInt(bytes.length);
        data.write(bytes);
    }

    @Property(tries = 500)
    void readsWhatDataOutputStreamWrote(@ForAll("anyText") String text, @ForAll long number, @ForAll double decimal,
            @ForAll boolean flag, @ForAll @Size(max = 64) byte[] bytes) throws IOException {
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        DataOutputStream data = new DataOutputStream(written);
        data.writeByte(7);
        writeFields(data, text, number, decimal, flag, bytes);

        Codec.In in = new Codec.In(written.toByteArray(), 1);
        assertThat(in.readUTF()).isEqualTo(text);
        assertThat(in.readLong()).isEqualTo(number);
        assertThat(in.readDouble()).isEqualTo(decimal);
        assertThat(in.readBoolean()).isEqualTo(flag);
        assertThat(in.readUnsignedShort()).isEqualTo(bytes.length);
        assertThat(Codec.readBytes(in)).isEqualTo(bytes);
        assertThat(in.available()).isZero();
    }

    @Property(tries = 300)
    void truncatedOrMalformedBytesAreSerializationErrors(@ForAll @StringLength(max = 40) String name, @ForAll("cut") int cut) {
        ThreatPartial.Serde serde = new ThreatPartial.Serde();
        byte[] full = serde.serialize("t", new ThreatPartial(name.length(), 1, new ThreatWindow(null, name.length(), Hll.add(null, 3))));
        byte[] truncated = java.util.Arrays.copyOf(full, Math.min(cut, full.length - 1));
        assertThatThrownBy(() -> serde.deserialize("t", truncated)).isInstanceOf(SerializationException.class);
    }

    @Property(tries = 200)
    void malformedModifiedUtf8IsRejectedLikeDataInputStream(@ForAll @Size(min = 1, max = 12) List<Byte> body) {
        byte[] bytes = new byte[2 + body.size()];
        bytes[1] = (byte) body.size();
        for (int i = 0; i < body.size(); i++) {
            bytes[2 + i] = body.get(i);
        }
        String expected;
        try {
            expected = new DataInputStream(new ByteArrayInputStream(bytes)).readUTF();
        } catch (IOException e) {
            expected = null;
        }
        Codec.In in = new Codec.In(bytes, 0);
        if (expected == null) {
            assertThatThrownBy(in::readUTF).isInstanceOf(IOException.class);
        } else {
            try {
                assertThat(in.readUTF()).isEqualTo(expected);
            } catch (IOException e) {
                throw new AssertionError("DataInputStream read " + expected + " but Codec.In refused: " + e, e);
            }
        }
    }

    @Provide
    Arbitrary<String> anyText() {
        return Arbitraries.strings().all().ofMaxLength(200);
    }

    @Provide
    Arbitrary<Integer> cut() {
        return Arbitraries.integers().between(1, 60);
    }
}
