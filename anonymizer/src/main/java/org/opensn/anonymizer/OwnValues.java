package org.opensn.anonymizer;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The identifying values an event carries about itself (user name, host name, device install id,
 * local IP), prepared as case-insensitive needles. Any occurrence in a kept field is replaced.
 * Matching is Knuth-Morris-Pratt on case-folded chars: linear in text plus needle.
 */
final class OwnValues {

    static final OwnValues NONE = new OwnValues(List.of());

    /** Needles shorter than this only match as a whole word, longer ones anywhere. */
    private static final int SUBSTRING_MIN = 3;

    /**
     * Account and host names that are the same on millions of machines and name no one; replacing
     * them would wreck system paths ("SYSTEM" is inside C:\Windows\System32).
     */
    private static final Set<String> NOT_PERSONAL = Set.of(
            "system", "localsystem", "local service", "localservice", "network service", "networkservice",
            "nt authority", "root", "daemon", "nobody", "www-data", "localhost", "localhost.localdomain");

    private final List<Needle> needles;

    private OwnValues(List<Needle> needles) {
        this.needles = needles;
    }

    static OwnValues of(String userName, String hostName, String deviceInstallId, String localIp) {
        List<Needle> list = new ArrayList<>(6);
        if (userName != null) {
            String u = userName.strip();
            add(list, u, Placeholder.USER);
            int back = Math.max(u.lastIndexOf('\\'), u.lastIndexOf('/'));
            if (back >= 0) {
                add(list, u.substring(back + 1), Placeholder.USER);
            }
            int at = u.indexOf('@');
            if (at > 0) {
                add(list, u.substring(back + 1 < at ? back + 1 : 0, at), Placeholder.USER);
            }
        }
        if (hostName != null) {
            String h = hostName.strip();
            add(list, h, Placeholder.HOST);
            int dot = h.indexOf('.');
            if (dot > 0) {
                add(list, h.substring(0, dot), Placeholder.HOST);
            }
        }
        if (deviceInstallId != null) {
            add(list, deviceInstallId.strip(), Placeholder.ID);
        }
        if (localIp != null) {
            add(list, localIp.strip(), Placeholder.HOST);
        }
        if (list.isEmpty()) {
            return NONE;
        }
        list.sort((a, b) -> Integer.compare(b.folded.length, a.folded.length)); // longest first: "alice-pc" before "alice"
        return new OwnValues(List.copyOf(list));
    }

    private static void add(List<Needle> list, String value, byte type) {
        if (value.isEmpty() || NOT_PERSONAL.contains(value.toLowerCase(java.util.Locale.ROOT))) {
            return;
        }
        char[] folded = new char[value.length()];
        for (int i = 0; i < folded.length; i++) {
            folded[i] = Chars.fold(value.charAt(i));
        }
        for (Needle n : list) {
            if (java.util.Arrays.equals(n.folded, folded)) {
                return;
            }
        }
        list.add(new Needle(folded, type, folded.length < SUBSTRING_MIN));
    }

    boolean isEmpty() {
        return needles.isEmpty();
    }

    /** Marks every occurrence of every needle that does not overlap an existing mark. */
    void mark(Marks marks) {
        for (Needle n : needles) {
            n.mark(marks);
        }
    }

    private static final class Needle {
        final char[] folded;
        final byte type;
        final boolean wholeWord;
        final int[] failure;

        Needle(char[] folded, byte type, boolean wholeWord) {
            this.folded = folded;
            this.type = type;
            this.wholeWord = wholeWord;
            this.failure = failure(folded);
        }

        private static int[] failure(char[] p) {
            int[] f = new int[p.length];
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
            return f;
        }

        void mark(Marks marks) {
            char[] c = marks.chars;
            byte[] m = marks.marks;
            int n = marks.length;
            int len = folded.length;
            if (len > n) {
                return;
            }
            int k = 0;
            int lastMarked = -1;
            for (int i = 0; i < n; i++) {
                if (m[i] != Placeholder.NONE) {
                    lastMarked = i;
                }
                char ch = Chars.fold(c[i]);
                while (k > 0 && ch != folded[k]) {
                    k = failure[k - 1];
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
                    k = failure[k - 1];
                }
            }
        }
    }
}
