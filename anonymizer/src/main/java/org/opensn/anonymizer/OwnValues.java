package org.opensn.anonymizer;


/**
 * The identifying values an event carries about itself (user name, host name, device install id,
 * local IP), prepared as case-insensitive needles. Any occurrence in a kept field is replaced.
 * Matching is Knuth-Morris-Pratt on case-folded chars: linear in text plus needle.
 */
final class OwnValues {

    static final OwnValues NONE = new OwnValues(new Needle[0], 0);

    /** Texts up to this length are searched by {@code Needle.markShort}. */
    private static final int SHORT_TEXT = 256;

    /** Needles shorter than this only match as a whole word, longer ones anywhere. */
    private static final int SUBSTRING_MIN = 3;

    /**
     * Account and host names that are the same on millions of machines and name no one; replacing
     * them would wreck system paths ("SYSTEM" is inside C:\Windows\System32).
     */
    private static final String[] NOT_PERSONAL = {
        "system", "localsystem", "local service", "localservice", "network service", "networkservice",
        "nt authority", "root", "daemon", "nobody", "www-data", "localhost", "localhost.localdomain"};

    /** Bit {@code n} set if a {@link #NOT_PERSONAL} name has length {@code n}: most values are ruled out by it. */
    private static final long NOT_PERSONAL_LENGTHS;

    static {
        long lengths = 0;
        for (String n : NOT_PERSONAL) {
            lengths |= 1L << n.length();
        }
        NOT_PERSONAL_LENGTHS = lengths;
    }

    private static boolean isNotPersonal(String value) {
        int len = value.length();
        if (len >= 64 || (NOT_PERSONAL_LENGTHS & (1L << len)) == 0) {
            return false;
        }
        for (String n : NOT_PERSONAL) {
            if (n.length() == value.length() && n.equalsIgnoreCase(value)) {
                return true;
            }
        }
        return false;
    }

    private final Needle[] needles;
    private final int count;
    /** True if a value holds a {@code "} or a backslash, chars that JSON writes as two (see {@link EscapedForms}). */
    private final boolean quoteOrBackslash;

    private OwnValues(Needle[] needles, int count) {
        this.needles = needles;
        this.count = count;
        boolean qb = false;
        for (int i = 0; i < count; i++) {
            qb |= needles[i].quoteOrBackslash;
        }
        this.quoteOrBackslash = qb;
    }

    static OwnValues of(String userName, String hostName, String deviceInstallId, String localIp) {
        Needle[] list = new Needle[6];
        int n = 0;
        if (userName != null) {
            String u = userName.strip();
            n = add(list, n, u, Placeholder.USER);
            int back = Math.max(u.lastIndexOf('\\'), u.lastIndexOf('/'));
            if (back >= 0) {
                n = add(list, n, u.substring(back + 1), Placeholder.USER);
            }
            int at = u.indexOf('@');
            if (at > 0) {
                n = add(list, n, u.substring(back + 1 < at ? back + 1 : 0, at), Placeholder.USER);
            }
        }
        if (hostName != null) {
            String h = hostName.strip();
            n = add(list, n, h, Placeholder.HOST);
            int dot = h.indexOf('.');
            if (dot > 0) {
                n = add(list, n, h.substring(0, dot), Placeholder.HOST);
            }
        }
        if (deviceInstallId != null) {
            n = add(list, n, deviceInstallId.strip(), Placeholder.ID);
        }
        if (localIp != null) {
            n = add(list, n, localIp.strip(), Placeholder.HOST);
        }
        return n == 0 ? NONE : new OwnValues(list, n);
    }

    /** Inserts keeping the longest needle first ("alice-pc" before "alice"); skips duplicates. */
    private static int add(Needle[] list, int n, String value, byte type) {
        if (value.isEmpty() || isNotPersonal(value) || n == list.length) {
            return n;
        }
        Needle needle = new Needle(value, type, value.length() < SUBSTRING_MIN);
        int at = n;
        for (int i = 0; i < n; i++) {
            if (list[i].value.equalsIgnoreCase(value)) {
                return n;
            }
            if (at == n && list[i].length < needle.length) {
                at = i;
            }
        }
        System.arraycopy(list, at, list, at + 1, n - at);
        list[at] = needle;
        return n + 1;
    }

    boolean isEmpty() {
        return count == 0;
    }

    boolean hasQuoteOrBackslash() {
        return quoteOrBackslash;
    }

    /** True if a value matched anywhere (see {@link #markSubstringValues}) occurs in {@code text}. */
    boolean occursIn(String text) {
        if (count == 0) {
            return false;
        }
        Marks marks = new Marks(text);
        try {
            marks.markPlaceholders();
            markSubstringValues(marks);
            byte[] m = marks.marks;
            for (int i = 0; i < marks.length; i++) {
                if (m[i] != Placeholder.NONE) {
                    return true;
                }
            }
            return false;
        } finally {
            marks.release();
        }
    }

    /**
     * False if no value can occur in a text of {@code length} chars with this summary: each one
     * lacks a char, or enough digits, dots, dashes, colons or '@' (the checks {@code Needle.mark}
     * starts with).
     */
    boolean mayOccur(Marks.Summary sum, int length) {
        for (int i = 0; i < count; i++) {
            if (needles[i].mayOccur(length, sum.charMask(), sum.digits(), sum.dots(), sum.dashes(), sum.colons(), sum.ats())) {
                return true;
            }
        }
        return false;
    }

    /** Marks every occurrence of every needle that does not overlap an existing mark. */
    void mark(Marks marks) {
        for (int i = 0; i < count; i++) {
            needles[i].mark(marks, marks.text);
        }
    }

    /**
     * {@link #mark} for the values matched anywhere, not the short ones matched as whole words
     * only: in a written form (see {@link EscapedForms}) the word edges are the escapes', and two
     * letters occur in hex ({@code %AB}) all the time.
     */
    void markSubstringValues(Marks marks) {
        for (int i = 0; i < count; i++) {
            if (!needles[i].wholeWord) {
                needles[i].mark(marks, marks.text);
            }
        }
    }

    /**
     * One value to find. Two strategies with the same result: for ASCII text, candidates come from
     * {@link String#indexOf(int, int)} (vectorized by the JVM) and are verified char by char; if
     * verification work grows beyond a linear budget (adversarial input such as {@code aaaa…} for
     * the needle {@code aaab}), or the text has non-ASCII chars, Knuth-Morris-Pratt takes over.
     */
    private static final class Needle {
        final String value;
        final int length;
        private final char[] folded;
        final byte type;
        final boolean wholeWord;
        final char firstLower;
        final char firstUpper;
        final boolean asciiFirst;
        // what the text must hold at least for the needle to occur in it
        private final int needDigits;
        private final int needDots;
        private final int needDashes;
        private final int needColons;
        private final int needAts;
        /** The {@link Marks#charMask} bits the text must have (see {@link Marks#maskBit}). */
        private final long needMask;
        /** Holds a {@code "} or a backslash. */
        final boolean quoteOrBackslash;
        /** KMP failure function, built on first need; volatile because needles are shared between threads (see OwnValuesCache). */
        private volatile int[] failure;

        Needle(String value, byte type, boolean wholeWord) {
            this.value = value;
            this.length = value.length();
            this.type = type;
            this.wholeWord = wholeWord;
            char f = Chars.fold(value.charAt(0));
            this.asciiFirst = f < 128;
            this.firstLower = f;
            this.firstUpper = (f >= 'a' && f <= 'z') ? (char) (f - 32) : f;
            long mask = 0;
            long digitsDashes = 0;
            long dotsColons = 0;
            long atsOpens = 0;
            // one pass over a private copy: fold it in place, note which chars it needs and count
            // its digits, dots, dashes, colons and @ (table look-ups as in Marks)
            char[] fold = value.toCharArray();
            for (int i = 0; i < fold.length; i++) {
                char ch = fold[i];
                if (ch < 128) {
                    digitsDashes += Marks.COUNT_DIGITS_DASHES[ch];
                    dotsColons += Marks.COUNT_DOTS_COLONS[ch];
                    atsOpens += Marks.COUNT_ATS_OPENS[ch];
                }
                char fc = Chars.fold(ch);
                fold[i] = fc;
                mask |= Marks.maskBit(fc);
            }
            this.folded = fold;
            this.needMask = mask;
            this.needDigits = (int) digitsDashes;
            this.needDashes = (int) (digitsDashes >>> 32);
            this.needDots = (int) dotsColons;
            this.needColons = (int) (dotsColons >>> 32);
            this.needAts = (int) atsOpens;
            this.quoteOrBackslash = (mask & (Marks.maskBit('"') | Marks.maskBit('\\'))) != 0
                    && (value.indexOf('"') >= 0 || value.indexOf('\\') >= 0);
        }

        /** The case-folded needle. */
        private char[] folded() {
            return folded;
        }

        private int[] failure() {
            int[] f = failure;
            if (f == null) {
                char[] p = folded();
                f = new int[p.length];
                int k = 0;
                for (int i = 1; i < p.length; i++) {
                    while (k > 0 && p[i] != p[k]) {
                        k = f[k - 1];
                    }
                    if (p[i] == p[k]) {
                        k++;
                    }
                    f[i] = k;
                }
                failure = f;
            }
            return f;
        }

        /** False if the needle cannot occur in a text of this length, {@link Marks#charMask} and counts. */
        boolean mayOccur(int n, long charMask, int digits, int dots, int dashes, int colons, int ats) {
            return length <= n && (needMask & ~charMask) == 0 && digits >= needDigits && dots >= needDots
                    && dashes >= needDashes && colons >= needColons && ats >= needAts;
        }

        void mark(Marks marks, String text) {
            int n = marks.length;
            int len = length;
            if (!mayOccur(n, marks.charMask, marks.digits, marks.dots, marks.dashes, marks.colons, marks.ats)) {
                return;
            }
            if (marks.nonAscii || !asciiFirst) {
                markKmp(marks, 0);
                return;
            }
            char[] c = marks.chars;
            char[] folded = folded();
            long budget = 4L * n + 256;
            if (n <= SHORT_TEXT) {
                markShort(marks, budget);
                return;
            }
            int from = 0;
            // next occurrence of each case of the first char; looked up again only once passed,
            // so the lookups scan the text once in total (a missing 'A' must not be searched for
            // again and again: that would be quadratic)
            int a = text.indexOf(firstLower);
            int b = firstUpper == firstLower ? -1 : text.indexOf(firstUpper);
            while (from <= n - len) {
                if (a >= 0 && a < from) {
                    a = text.indexOf(firstLower, from);
                }
                if (b >= 0 && b < from) {
                    b = text.indexOf(firstUpper, from);
                }
                int p = a < 0 ? b : b < 0 ? a : Math.min(a, b);
                if (p < 0 || p > n - len) {
                    return;
                }
                int k = matchedAfterFirst(c, folded, p);
                budget -= k;
                if (k == len && claim(marks, p, p + len)) {
                    from = p + len;
                } else {
                    from = p + 1;
                }
                if (budget < 0) {
                    markKmp(marks, from);
                    return;
                }
            }
        }

        /**
         * {@link #mark} for a short ASCII text: the candidates come from one plain loop over the
         * chars instead of a {@link String#indexOf(int, int)} call per candidate (each call costs more
         * than comparing a short text's chars). Same candidates, same verification and budget.
         */
        private void markShort(Marks marks, long budget) {
            char[] c = marks.chars;
            char[] folded = folded();
            int len = length;
            int last = marks.length - len;
            char lower = firstLower;
            char upper = firstUpper;
            // for a letter, one compare per char: c | 0x20 is its lower case exactly for the two
            // cases of that letter (no other char sets to it); for anything else the char itself
            int caseBit = lower != upper ? 0x20 : 0;
            int p = 0;
            while (p <= last) {
                char ch = c[p];
                if ((ch | caseBit) != lower) {
                    p++;
                    continue;
                }
                int k = matchedAfterFirst(c, folded, p);
                budget -= k;
                if (k == len && claim(marks, p, p + len)) {
                    p += len;
                } else {
                    p++;
                }
                if (budget < 0) {
                    markKmp(marks, p);
                    return;
                }
            }
        }

        /** How many chars of the needle match at {@code p}, the first one (already found) included; {@code length} for a match. */
        private int matchedAfterFirst(char[] c, char[] folded, int p) {
            int k = 1;
            while (k < length && Chars.fold(c[p + k]) == folded[k]) {
                k++;
            }
            return k;
        }

        private boolean claim(Marks marks, int start, int end) {
            byte[] m = marks.marks;
            for (int i = start; i < end; i++) {
                if (m[i] != Placeholder.NONE) {
                    return false;
                }
            }
            if (wholeWord && !(marks.isWordEdge(start - 1) && marks.isWordEdge(end))) {
                return false;
            }
            marks.mark(start, end, type);
            return true;
        }

        private void markKmp(Marks marks, int from) {
            char[] c = marks.chars;
            byte[] m = marks.marks;
            int n = marks.length;
            char[] folded = folded();
            int len = folded.length;
            int[] fail = failure();
            int k = 0;
            int lastMarked = -1;
            for (int i = from; i < n; i++) {
                if (m[i] != Placeholder.NONE) {
                    lastMarked = i;
                }
                char ch = Chars.fold(c[i]);
                while (k > 0 && ch != folded[k]) {
                    k = fail[k - 1];
                }
                if (ch == folded[k]) {
                    k++;
                }
                if (k == len) {
                    int start = i - len + 1;
                    if (lastMarked < start
                            && (!wholeWord || (marks.isWordEdge(start - 1) && marks.isWordEdge(i + 1)))) {
                        marks.mark(start, i + 1, type);
                        lastMarked = i;
                    }
                    k = fail[k - 1];
                }
            }
        }
    }
}
