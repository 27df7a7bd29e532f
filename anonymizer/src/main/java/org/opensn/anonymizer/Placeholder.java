package org.opensn.anonymizer;

/** The typed placeholders written in place of personal values; codes index the mark array. */
final class Placeholder {

    static final byte NONE = 0;
    /** An existing placeholder: copied verbatim and never matched again (idempotence). */
    static final byte KEEP = 1;
    static final byte USER = 2;
    static final byte HOST = 3;
    static final byte EMAIL = 4;
    static final byte ID = 5;

    static final String USER_TEXT = "<user>";
    static final String HOST_TEXT = "<host>";
    static final String EMAIL_TEXT = "<email>";
    static final String ID_TEXT = "<id>";

    private static final String[] TEXT = {null, null, USER_TEXT, HOST_TEXT, EMAIL_TEXT, ID_TEXT};

    private Placeholder() {
    }

    static String text(byte type) {
        return TEXT[type];
    }

    /** Length of the placeholder starting at {@code c[i]}, or 0 if none starts there. */
    static int placeholderAt(char[] c, int i, int n) {
        if (c[i] != '<') {
            return 0;
        }
        for (int t = USER; t <= ID; t++) {
            String p = TEXT[t];
            int len = p.length();
            if (i + len <= n && matches(c, i, p)) {
                return len;
            }
        }
        return 0;
    }

    private static boolean matches(char[] c, int i, String p) {
        for (int k = 0; k < p.length(); k++) {
            if (c[i + k] != p.charAt(k)) {
                return false;
            }
        }
        return true;
    }
}
