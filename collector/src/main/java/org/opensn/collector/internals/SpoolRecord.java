package org.opensn.collector.internals;

/**
 * One spooled event: its kind and its Avro single-object encoding (self-contained, independent of any registry).
 *
 * @param kind    {@link #DETECTION} or {@link #THREAT_SOURCE}
 * @param payload the event as {@code toByteBuffer()} encodes it
 */
record SpoolRecord(byte kind, byte[] payload) {
    static final byte DETECTION = 1;
    static final byte THREAT_SOURCE = 2;

    /** The two kinds of raw event. */
    enum Kind {
        DETECTION(SpoolRecord.DETECTION, "detection"),
        THREAT_SOURCE(SpoolRecord.THREAT_SOURCE, "threat source");

        private final byte code;
        private final String label;

        Kind(byte code, String label) {
            this.code = code;
            this.label = label;
        }

        byte code() {
            return code;
        }

        String label() {
            return label;
        }
    }

    /** Bytes on disk: kind, length, payload, CRC. */
    int sizeOnDisk() {
        return 1 + 4 + payload.length + 4;
    }
}
