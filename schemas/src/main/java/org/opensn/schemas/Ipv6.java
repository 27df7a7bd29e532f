package org.opensn.schemas;

/** Strict IPv4/IPv6 literal parsing and RFC 5952 formatting, without any DNS look-up. */
final class Ipv6 {

    private Ipv6() {
    }

    /** True for a dotted quad of numbers 0-255 without leading zeros. */
    static boolean isIpv4(String s) {
        return parseIpv4(s) >= 0;
    }

    /** The address as an unsigned 32-bit value, or -1 when {@code s} is not a dotted quad. */
    private static long parseIpv4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return -1;
        }
        long value = 0;
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || (p.length() > 1 && p.charAt(0) == '0')) {
                return -1;
            }
            int n = 0;
            for (int i = 0; i < p.length(); i++) {
                char c = p.charAt(i);
                if (c < '0' || c > '9') {
                    return -1;
                }
                n = n * 10 + (c - '0');
            }
            if (n > 255) {
                return -1;
            }
            value = (value << 8) | n;
        }
        return value;
    }

    /** The 8 groups of an IPv6 literal (RFC 4291 text forms, hex in any case), or null. */
    static int[] parse(String s) {
        if (s.length() < 2 || s.length() > 45) {
            return null;
        }
        int[] tailV4 = null;
        String text = s;
        int lastColon = s.lastIndexOf(':');
        if (s.indexOf('.', lastColon) >= 0) {
            long v4 = parseIpv4(s.substring(lastColon + 1));
            if (v4 < 0) {
                return null;
            }
            tailV4 = new int[] {(int) (v4 >>> 16), (int) (v4 & 0xffff)};
            text = s.substring(0, lastColon + 1) + "0:0"; // placeholder groups, replaced below
        }
        int doubleColon = text.indexOf("::");
        if (doubleColon >= 0 && text.indexOf("::", doubleColon + 1) >= 0) {
            return null;
        }
        int[] groups = new int[8];
        if (doubleColon < 0) {
            int[] all = groups(text);
            if (all == null || all.length != 8) {
                return null;
            }
            groups = all;
        } else {
            int[] head = doubleColon == 0 ? new int[0] : groups(text.substring(0, doubleColon));
            int[] tail = doubleColon + 2 == text.length() ? new int[0] : groups(text.substring(doubleColon + 2));
            if (head == null || tail == null || head.length + tail.length > 7) {
                return null;
            }
            System.arraycopy(head, 0, groups, 0, head.length);
            System.arraycopy(tail, 0, groups, 8 - tail.length, tail.length);
        }
        if (tailV4 != null) {
            groups[6] = tailV4[0];
            groups[7] = tailV4[1];
        }
        return groups;
    }

    private static int[] groups(String part) {
        String[] texts = part.split(":", -1);
        int[] values = new int[texts.length];
        for (int i = 0; i < texts.length; i++) {
            String t = texts[i];
            if (t.isEmpty() || t.length() > 4) {
                return null;
            }
            int v = 0;
            for (int j = 0; j < t.length(); j++) {
                int d = Character.digit(t.charAt(j), 16);
                if (d < 0 || t.charAt(j) > 'f') {
                    return null;
                }
                v = v * 16 + d;
            }
            values[i] = v;
        }
        return values;
    }

    /** RFC 5952: lower-case hex without leading zeros, the first longest run (>= 2) of zero groups as "::". */
    static String format(int[] groups) {
        if (groups[0] == 0 && groups[1] == 0 && groups[2] == 0 && groups[3] == 0 && groups[4] == 0 && groups[5] == 0xffff) {
            return "::ffff:" + (groups[6] >>> 8) + "." + (groups[6] & 0xff) + "." + (groups[7] >>> 8) + "." + (groups[7] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; i++) {
            if (groups[i] == 0) {
                int j = i;
                while (j < 8 && groups[j] == 0) {
                    j++;
                }
                if (j - i > bestLength) {
                    bestStart = i;
                    bestLength = j - i;
                }
                i = j;
            }
        }
        StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLength - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(groups[i]));
        }
        return sb.toString();
    }
}
