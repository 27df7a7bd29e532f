package org.opensn.anonymizer;

/**
 * File paths (Linux, macOS, Windows, UNC): system directories, file names and extensions stay;
 * profile segments, UNC hosts and personal values become placeholders. One pass to find the
 * segments that are personal by position, then the content passes of {@link Marks}.
 */
final class PathSanitizer {

    /** Profile folders under {@code Users} that belong to no person (lower case). */
    private static final String[] SHARED_PROFILES = {
        "public", "default", "default user", "all users", "shared", "defaultuser0", "guest", "<user>"};

    /** Bit {@code n} set if a {@link #SHARED_PROFILES} name has length {@code n}: most user names are ruled out by it. */
    private static final long SHARED_PROFILE_LENGTHS;

    static {
        long lengths = 0;
        for (String p : SHARED_PROFILES) {
            lengths |= 1L << p.length();
        }
        SHARED_PROFILE_LENGTHS = lengths;
    }

    private final AnonymizationPolicy policy;

    PathSanitizer(AnonymizationPolicy policy) {
        this.policy = policy;
    }

    /**
     * The anonymized path, a fixed point of this method (see {@link FixedPoint}); null if it is
     * longer than the policy allows once anonymized, or does not settle.
     */
    String sanitize(String path, OwnValues own) {
        String current = path;
        for (int pass = 0; pass < FixedPoint.MAX_PASSES; pass++) {
            Marks marks = new Marks(current);
            marks.markPlaceholders();
            markStructure(marks);
            marks.markPatterns(own, policy.tokenMinLength(), policy.textDigitRunMinLength(), true);
            String rendered = marks.render(current);
            // toString() writes the path JSON-escaped: an escape may complete an own value (see EscapedForms)
            String out = marks.mayShowInJson(own) ? EscapedForms.scrub(rendered, own, EscapedForms.Form.JSON) : rendered;
            if (out == null || out.length() > policy.maxPathLength()) {
                return null;
            }
            if (out == current || (out == rendered && !marks.needsConfirmation())) {
                return out;
            }
            current = out;
        }
        return null;
    }

    static boolean isSeparator(char c) {
        return c == '/' || c == '\\';
    }

    /** Marks the segments that are personal by where they stand. */
    static void markStructure(Marks marks) {
        char[] c = marks.chars;
        int n = marks.length;
        int i = 0;
        boolean unc = n >= 2 && isSeparator(c[0]) && isSeparator(c[1]);
        int k = 0; // index among non-empty segments
        int prevStart = -1;
        int prevEnd = -1;
        boolean pendingUser = false;
        boolean pendingHost = unc;
        while (i < n) {
            while (i < n && isSeparator(c[i])) {
                i++;
            }
            if (i == n) {
                break;
            }
            int s = i;
            while (i < n && !isSeparator(c[i])) {
                i++;
            }
            int e = i;
            if (pendingHost) {
                if (k == 0 && (is(c, s, e, "?") || is(c, s, e, "."))) {
                    pendingHost = false; // \\?\ or \\.\ device path: a host may follow "UNC"
                } else {
                    marks.mark(s, e, Placeholder.HOST);
                    pendingHost = false;
                }
            } else if (k == 1 && unc && is(c, s, e, "UNC") && prevEnd - prevStart == 1 && c[prevStart] == '?') {
                pendingHost = true;
            } else if (pendingUser) {
                if (!isSharedProfile(c, s, e)) {
                    marks.mark(s, e, Placeholder.USER);
                }
                pendingUser = false;
            } else if (k == 0 && !unc && !isSeparator(c[0]) && c[s] == '~' && e - s > 1) {
                marks.mark(s + 1, e, Placeholder.USER); // ~alice/...
            }
            // only the names of the segment's length are compared (no profile parent has another one)
            int len = e - s;
            if (len == 5) {
                if (is(c, s, e, "Users")) {
                    pendingUser = true;
                } else if (is(c, s, e, "media")) {
                    pendingUser = k == 0 || is(c, prevStart, prevEnd, "run");
                } else {
                    pendingUser = false;
                }
            } else if (len == 4) {
                if (is(c, s, e, "home")) {
                    pendingUser = k == 0 || (k == 1 && (is(c, prevStart, prevEnd, "usr") || is(c, prevStart, prevEnd, "export")));
                } else if (is(c, s, e, "mail")) {
                    pendingUser = k > 0 && (is(c, prevStart, prevEnd, "var") || is(c, prevStart, prevEnd, "spool"));
                } else if (is(c, s, e, "user")) {
                    pendingUser = k > 0 && is(c, prevStart, prevEnd, "run");
                } else {
                    pendingUser = false;
                }
            } else {
                pendingUser = len == 22 && is(c, s, e, "Documents and Settings");
            }
            prevStart = s;
            prevEnd = e;
            k++;
        }
    }

    /**
     * Compared in place, case-insensitively ({@link #is}; its folding and lower-casing agree on
     * these ASCII names), instead of through a lower-cased copy and a set.
     */
    private static boolean isSharedProfile(char[] c, int s, int e) {
        int len = e - s;
        if (len >= 64 || (SHARED_PROFILE_LENGTHS & (1L << len)) == 0) {
            return false;
        }
        for (String profile : SHARED_PROFILES) {
            if (is(c, s, e, profile)) {
                return true;
            }
        }
        return false;
    }

    /** Case-insensitive (ASCII) equality of {@code c[s, e)} and {@code word}. */
    static boolean is(char[] c, int s, int e, String word) {
        if (s < 0 || e - s != word.length()) {
            return false;
        }
        for (int i = 0; i < word.length(); i++) {
            char a = c[s + i];
            char b = word.charAt(i);
            if (a != b && Chars.fold(a) != Chars.fold(b)) {
                return false;
            }
        }
        return true;
    }
}
