package org.opensn.anonymizer;

/** Character classes for the scanners: table look-ups for ASCII, {@link Character} beyond. */
final class Chars {

    private static final byte DIGIT = 1;
    private static final byte LOWER = 2;
    private static final byte UPPER = 4;
    private static final byte HEX = 8;
    private static final byte[] ASCII = new byte[128];
    /** The bit {@link #hexKinds} sets for a char that is no hex digit. */
    static final int NOT_HEX = 4;
    /** {@link #hexKinds}: 1 a digit or a-f, 2 A-F, {@link #NOT_HEX} anything else. */
    private static final byte[] HEX_KINDS = new byte[128];

    static {
        for (char c = '0'; c <= '9'; c++) {
            ASCII[c] = DIGIT | HEX;
        }
        for (char c = 'a'; c <= 'z'; c++) {
            ASCII[c] = LOWER;
        }
        for (char c = 'A'; c <= 'Z'; c++) {
            ASCII[c] = UPPER;
        }
        java.util.Arrays.fill(HEX_KINDS, (byte) NOT_HEX);
        for (char c = 'a'; c <= 'f'; c++) {
            ASCII[c] |= HEX;
            ASCII[c - 32] |= HEX;
            HEX_KINDS[c] = 1;
            HEX_KINDS[c - 32] = 2;
        }
        for (char c = '0'; c <= '9'; c++) {
            HEX_KINDS[c] = 1;
        }
    }

    /**
     * 1 for a digit or a-f, 2 for A-F, {@link #NOT_HEX} for anything else: OR-ed over a run, it
     * tells both whether all are hex digits and whether one is upper case, with one OR per char
     * and no (mispredicted) branch.
     */
    static int hexKinds(char c) {
        return c < 128 ? HEX_KINDS[c] : NOT_HEX;
    }

    private Chars() {
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean isAsciiLetter(char c) {
        return c < 128 && (ASCII[c] & (LOWER | UPPER)) != 0;
    }

    static boolean isAsciiAlnum(char c) {
        return c < 128 && ASCII[c] != 0;
    }

    static boolean isHex(char c) {
        return c < 128 && (ASCII[c] & HEX) != 0;
    }

    /** Letters and digits of any script (single UTF-16 units; surrogates are not). */
    static boolean isAlnum(char c) {
        return c < 128 ? ASCII[c] != 0 : Character.isLetterOrDigit(c);
    }

    /**
     * Case fold that keeps the length: one char in, one char out. Small enough for the JIT to
     * inline at every call site (the non-ASCII case is a call of its own).
     */
    static char fold(char c) {
        if (c < 128) {
            return (c >= 'A' && c <= 'Z') ? (char) (c + 32) : c;
        }
        return foldNonAscii(c);
    }

    private static char foldNonAscii(char c) {
        return Character.toLowerCase(Character.toUpperCase(c));
    }

    static int hexValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
