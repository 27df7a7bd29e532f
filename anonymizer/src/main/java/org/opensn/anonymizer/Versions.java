package org.opensn.anonymizer;

/** Cuts version strings to their numeric parts; never returns null. */
final class Versions {

    /** What an unparseable version becomes. */
    static final String UNKNOWN = "unknown";

    private static final int MAX_COMPONENT_DIGITS = 9;

    private Versions() {
    }

    /**
     * The first number of {@code osVersion} and, if a dot and a number follow, the second:
     * {@code 10.0.19045.4291 -> 10.0}, {@code Ubuntu 22.04.4 LTS -> 22.04}, {@code 6.8.0-45-generic -> 6.8}.
     */
    static String majorMinor(String osVersion) {
        return numeric(osVersion, 2, false);
    }

    /**
     * The leading numeric part of a product version, at most four components
     * ({@code 12.1.0.553-beta+alice -> 12.1.0.553}). A result that would read as an IPv4 address
     * (four components of at most 255) keeps only three.
     */
    static String product(String productVersion) {
        return numeric(productVersion, 4, true);
    }

    private static String numeric(String s, int maxComponents, boolean guardIpv4) {
        int n = s.length();
        int i = 0;
        while (i < n && !Chars.isDigit(s.charAt(i))) {
            i++;
        }
        if (i == n) {
            return UNKNOWN;
        }
        int start = i;
        int components = 0;
        int lastGoodEnd = -1;
        boolean allSmall = true;
        while (i < n && components < maxComponents) {
            int cs = i;
            while (i < n && Chars.isDigit(s.charAt(i))) {
                i++;
            }
            int len = i - cs;
            if (len == 0 || len > MAX_COMPONENT_DIGITS) {
                break;
            }
            allSmall &= len <= 3 && Integer.parseInt(s, cs, i, 10) <= 255;
            components++;
            lastGoodEnd = i;
            if (i < n && s.charAt(i) == '.') {
                i++;
            } else {
                break;
            }
        }
        if (lastGoodEnd < 0) {
            return UNKNOWN;
        }
        String v = s.substring(start, lastGoodEnd);
        if (guardIpv4 && components == 4 && allSmall) {
            v = v.substring(0, v.lastIndexOf('.'));
        }
        return v;
    }
}
