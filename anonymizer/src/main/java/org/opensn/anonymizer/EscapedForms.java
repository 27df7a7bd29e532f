package org.opensn.anonymizer;

/**
 * The event's own values as they could reappear in the <em>written</em> form of a field. A field
 * is not only read as its chars: a record's {@code toString()} writes it JSON-escaped (Avro:
 * {@code \t}, {@code \n}, a backslash-u escape such as {@code \\u001B}, …) and a URL path is written percent-encoded
 * ({@code |} as {@code %7C}). An escape ends in letters or digits, and those can complete an own
 * value whose other part stands right after it: the user {@code caaaa} split by another value into
 * {@code c|…|aaaa} is written {@code c%7C…%7Caaaa}, and {@code Taaaa} after a tab is written
 * {@code \taaaa}. The field's chars never held the value, so the content passes cannot see it.
 * The same holds for an address or identifier that a pattern finds: the IPv4 address
 * {@code 2.1.1.1} split by another value into {@code 2"…".1.1.1} is written {@code 2%22…%22.1.1.1}
 * in a URL path, whose last chars spell {@code 22.1.1.1} (and {@code 2.1.1.1}).
 *
 * <p>{@link #scrub} searches the own values and the address patterns of
 * {@link Marks#markAddresses} in the written form and replaces the chars they were written from
 * (the escaped char and what follows it) with the value's placeholder, until the written form
 * holds none. Tokens and digit runs are left out: they are judged by their length, and an escape
 * lengthens a run without completing any value. Runs only when the field holds a char whose
 * escape has a letter or digit (or, for values with a quote or backslash, one of those): rare, so
 * free on most fields.
 */
final class EscapedForms {

    /** How a field is written besides its chars. */
    enum Form {
        /** Avro's {@code toString()} (JSON string escapes, as in Avro 1.12's {@code GenericData}). */
        JSON,
        /** A URL path as {@link UrlCanonicalizer#percentEncode(String)} writes it. */
        URL_PATH
    }

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private EscapedForms() {
    }

    /** True if Avro's JSON {@code toString()} writes {@code c} as an escape. */
    static boolean isJsonEscaped(char c) {
        return c < 0x20 || c == '"' || c == '\\' || (c >= 0x7F && c <= 0x9F) || (c >= 0x2000 && c <= 0x20FF);
    }

    /** True if the JSON escape of {@code c} holds a letter or digit (all but {@code \"} and {@code \\}). */
    static boolean isJsonEscapedAlnum(char c) {
        return c < 0x20 || (c >= 0x7F && c <= 0x9F) || (c >= 0x2000 && c <= 0x20FF);
    }

    /**
     * {@code text} with every own value that its written {@code form} would show replaced by the
     * value's placeholder: {@code text} itself if there is none, null if the replacing does not
     * settle within {@link FixedPoint#MAX_PASSES}.
     */
    static String scrub(String text, OwnValues own, Form form) {
        String current = text;
        for (int pass = 0; pass < FixedPoint.MAX_PASSES; pass++) {
            if (!mayShow(current, own, form)) {
                return current;
            }
            String view = written(current, form);
            Marks found = new Marks(view);
            found.markPlaceholders(); // "<user>" is no user named "user"
            own.markSubstringValues(found);
            found.markAddresses(); // "2", a quote and ".1.1.1" of a split address: "2%22.1.1.1"
            byte[] types = null;
            try {
                types = fromWhere(current, form, found);
            } finally {
                found.release();
            }
            if (types == null) {
                return current;
            }
            Marks marks = new Marks(current);
            for (int i = 0; i < types.length; i++) {
                if (types[i] != Placeholder.NONE) {
                    marks.mark(i, i + 1, types[i]);
                }
            }
            current = marks.render(current);
        }
        return mayShow(current, own, form) ? null : current;
    }

    /**
     * True if an address pattern of {@link Marks#markAddresses} finds a value in {@code text}: for a
     * path as sent, whose escapes the content passes (which read it decoded) did not see.
     */
    static boolean spellsAddress(String text) {
        Marks marks = new Marks(text);
        try {
            marks.markPlaceholders();
            marks.markAddresses();
            return marks.claimedAny();
        } finally {
            marks.release();
        }
    }

    /**
     * False if the written form of {@code s} cannot show an own value its chars do not: it has no
     * escape with a letter or digit, and no quote or backslash while a value holds one.
     */
    private static boolean mayShow(String s, OwnValues own, Form form) {
        int n = s.length();
        if (form == Form.URL_PATH) {
            for (int i = 0; i < n; i++) {
                if (escaped(s.charAt(i), form)) {
                    return true;
                }
            }
            return false;
        }
        boolean quoteOrBackslash = own.hasQuoteOrBackslash();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (isJsonEscapedAlnum(c) || (quoteOrBackslash && (c == '"' || c == '\\'))) {
                return true;
            }
        }
        return false;
    }

    /** The written form of {@code s}. */
    private static String written(String s, Form form) {
        int n = s.length();
        StringBuilder sb = new StringBuilder(n + 16);
        int i = 0;
        while (i < n) {
            i = append(sb, s, i, form);
        }
        return sb.toString();
    }

    private static boolean escaped(char c, Form form) {
        return form == Form.JSON ? isJsonEscaped(c) : c >= 128 || !UrlCanonicalizer.isAllowed(c);
    }

    /** Appends the written form of the char (or surrogate pair) at {@code i}; returns the index after it. */
    private static int append(StringBuilder sb, String s, int i, Form form) {
        char c = s.charAt(i);
        if (!escaped(c, form)) {
            sb.append(c);
            return i + 1;
        }
        if (form == Form.URL_PATH) {
            return UrlCanonicalizer.appendPercentEncoded(sb, s, i);
        }
        switch (c) {
            case '"' -> sb.append("\\\"");
            case '\\' -> sb.append("\\\\");
            case '\b' -> sb.append("\\b");
            case '\f' -> sb.append("\\f");
            case '\n' -> sb.append("\\n");
            case '\r' -> sb.append("\\r");
            case '\t' -> sb.append("\\t");
            default -> sb.append("\\u").append(HEX[c >> 12]).append(HEX[(c >> 8) & 0xF])
                    .append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
        }
        return i + 1;
    }

    /**
     * Per char of {@code s}, the placeholder type of an own value found in its written form that
     * covers part of what the char is written as; null if there is none. Only values written
     * partly from what an escape adds and partly from plain chars count: one that the plain chars
     * hold was already judged by the content passes (a short name is matched as a whole word only),
     * and one spelled by escapes alone is hex digits ({@code %AB}), not the value.
     */
    private static byte[] fromWhere(String s, Form form, Marks found) {
        byte[] m = found.marks;
        int vn = found.length;
        // which chars of the written form come from an escape
        boolean[] escape = new boolean[vn];
        StringBuilder piece = new StringBuilder(12);
        int view = 0;
        for (int i = 0; i < s.length(); ) {
            piece.setLength(0);
            int next = append(piece, s, i, form);
            // the char itself, if the escape holds it (\\ and \"), is plain; what the escape adds is not
            boolean original = next == i + 1;
            for (int k = 0; k < piece.length(); k++) {
                boolean plain = original && piece.charAt(k) == s.charAt(i);
                original &= !plain;
                escape[view + k] = !plain;
            }
            view += piece.length();
            i = next;
        }
        // keep the found runs that mix escape and plain chars
        boolean any = false;
        for (int v = 0; v < vn; ) {
            byte t = m[v];
            if (t == Placeholder.NONE || t == Placeholder.KEEP) {
                v++;
                continue;
            }
            int start = v;
            boolean fromEscape = false;
            boolean plain = false;
            while (v < vn && m[v] == t) {
                fromEscape |= escape[v];
                plain |= !escape[v];
                v++;
            }
            if (fromEscape && plain) {
                any = true;
            } else {
                java.util.Arrays.fill(m, start, v, Placeholder.NONE);
            }
        }
        if (!any) {
            return null;
        }
        byte[] types = new byte[s.length()];
        view = 0;
        for (int i = 0; i < s.length(); ) {
            piece.setLength(0);
            int next = append(piece, s, i, form);
            byte type = Placeholder.NONE;
            for (int k = view; k < view + piece.length() && type == Placeholder.NONE; k++) {
                if (m[k] != Placeholder.NONE && m[k] != Placeholder.KEEP) {
                    type = m[k];
                }
            }
            for (int k = i; k < next; k++) {
                types[k] = type;
            }
            view += piece.length();
            i = next;
        }
        return types;
    }
}
