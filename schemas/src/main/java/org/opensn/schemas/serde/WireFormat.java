package org.opensn.schemas.serde;

import java.io.ByteArrayOutputStream;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;

/** The Confluent wire format and the per-thread buffers reused by the hot path. */
final class WireFormat {

    static final byte MAGIC_BYTE = 0;
    static final int HEADER_SIZE = 5;
    private static final int INITIAL_BUFFER = 1024;
    private static final int MAX_RETAINED_BUFFER = 1 << 20;

    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

    private WireFormat() {
    }

    static Buffers buffers() {
        return BUFFERS.get();
    }

    static int readId(byte[] data) {
        return ((data[1] & 0xff) << 24) | ((data[2] & 0xff) << 16) | ((data[3] & 0xff) << 8) | (data[4] & 0xff);
    }

    /** A growable byte buffer whose array is reused between records of one thread. */
    static final class Output extends ByteArrayOutputStream {
        Output() {
            super(INITIAL_BUFFER);
        }

        void writeHeader(int id) {
            reset();
            write(MAGIC_BYTE);
            write(id >>> 24);
            write(id >>> 16);
            write(id >>> 8);
            write(id);
        }

        boolean tooLargeToKeep() {
            return buf.length > MAX_RETAINED_BUFFER;
        }
    }

    /** Per-thread encoder state; one record at a time per thread. */
    static final class Buffers {
        Output output = new Output();
        BinaryEncoder encoder;
        BinaryDecoder decoder;

        /** Called after each record so that one huge record does not pin a huge buffer. */
        void trim() {
            if (output.tooLargeToKeep()) {
                output = new Output();
                encoder = null;
            }
        }
    }
}
