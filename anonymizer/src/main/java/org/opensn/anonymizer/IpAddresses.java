package org.opensn.anonymizer;

/**
 * IP address parsing, classification and truncation without regular expressions and without DNS
 * (never {@code InetAddress.getByName}). Addresses are byte arrays of length 4 or 16.
 */
final class IpAddresses {

    private IpAddresses() {
    }

    /** Four decimal components of 1-3 digits, each at most 255, in {@code c[from, to)}. */
    static boolean isDottedQuad(char[] c, int from, int to) {
        return parseIpv4(c, from, to) != null;
    }

    /** The address in {@code c[from, to)} as 4 bytes, or null. Leading zeros are accepted as decimal. */
    static byte[] parseIpv4(char[] c, int from, int to) {
        if (to - from < 7 || to - from > 15) {
            return null;
        }
        byte[] out = new byte[4];
        int part = 0;
        int value = 0;
        int digits = 0;
        for (int i = from; i < to; i++) {
            char ch = c[i];
            if (Chars.isDigit(ch)) {
                value = value * 10 + (ch - '0');
                if (++digits > 3 || value > 255) {
                    return null;
                }
            } else if (ch == '.' && digits > 0 && part < 3) {
                out[part++] = (byte) value;
                value = 0;
                digits = 0;
            } else {
                return null;
            }
        }
        if (part != 3 || digits == 0) {
            return null;
        }
        out[3] = (byte) value;
        return out;
    }

    /**
     * The IPv6 address in {@code c[from, to)} as 16 bytes, or null: full, {@code ::}-compressed
     * and IPv4-suffixed forms; no zone id, no brackets.
     */
    static byte[] parseIpv6(char[] c, int from, int to) {
        if (to - from < 2 || to - from > 45) {
            return null;
        }
        int[] groups = new int[8];
        int count = 0;
        int gap = -1;
        int i = from;
        if (c[i] == ':') {
            if (c[i + 1] != ':') {
                return null;
            }
            gap = 0;
            i += 2;
            if (i == to) {
                return new byte[16];
            }
        }
        while (i < to) {
            if (count == 8) {
                return null;
            }
            int start = i;
            int value = 0;
            while (i < to && i - start < 5 && Chars.hexValue(c[i]) >= 0) {
                value = (value << 4) | Chars.hexValue(c[i]);
                i++;
            }
            int len = i - start;
            if (i < to && c[i] == '.') {
                // embedded IPv4 in the last 32 bits
                int end = start;
                while (end < to && (Chars.isDigit(c[end]) || c[end] == '.')) {
                    end++;
                }
                byte[] v4 = end == to ? parseIpv4(c, start, end) : null;
                if (v4 == null || count > 6) {
                    return null;
                }
                groups[count++] = ((v4[0] & 0xFF) << 8) | (v4[1] & 0xFF);
                groups[count++] = ((v4[2] & 0xFF) << 8) | (v4[3] & 0xFF);
                i = to;
                break;
            }
            if (len == 0 || len > 4) {
                return null;
            }
            groups[count++] = value;
            if (i == to) {
                break;
            }
            if (c[i] != ':') {
                return null;
            }
            i++;
            if (i < to && c[i] == ':') {
                if (gap >= 0) {
                    return null;
                }
                gap = count;
                i++;
                if (i == to) {
                    break;
                }
            } else if (i == to) {
                return null;
            }
        }
        if (gap < 0 ? count != 8 : count > 7) {
            return null;
        }
        int[] full = new int[8];
        if (gap < 0) {
            full = groups;
        } else {
            int tail = count - gap;
            System.arraycopy(groups, 0, full, 0, gap);
            System.arraycopy(groups, gap, full, 8 - tail, tail);
        }
        byte[] out = new byte[16];
        for (int g = 0; g < 8; g++) {
            out[2 * g] = (byte) (full[g] >>> 8);
            out[2 * g + 1] = (byte) full[g];
        }
        return out;
    }

    /**
     * Parses a remote address as reported: IPv4, IPv6 (optionally in brackets, with a zone id or a
     * CIDR suffix of at least /24 resp. /48) — or null for anything else. IPv4-mapped IPv6 comes
     * back as 4 bytes.
     */
    static byte[] parseAddress(String text) {
        String s = text.strip();
        int n = s.length();
        if (n == 0 || n > 64) {
            return null;
        }
        char[] c = s.toCharArray();
        int from = 0;
        int to = n;
        int slash = s.indexOf('/');
        int prefix = -1;
        if (slash >= 0) {
            prefix = parseSmallInt(c, slash + 1, n);
            if (prefix < 0) {
                return null;
            }
            to = slash;
        }
        if (to - from >= 2 && c[from] == '[' && c[to - 1] == ']') {
            from++;
            to--;
        }
        int zone = s.indexOf('%');
        if (zone >= from && zone < to) {
            to = zone;
        }
        byte[] a = s.indexOf(':') >= 0 ? parseIpv6(c, from, to) : parseIpv4(c, from, to);
        if (a == null) {
            return null;
        }
        if (a.length == 16 && isV4Mapped(a)) {
            a = java.util.Arrays.copyOfRange(a, 12, 16);
            if (prefix >= 0) {
                prefix -= 96;
            }
        }
        if (prefix >= 0 && (prefix < (a.length == 4 ? 24 : 48) || prefix > a.length * 8)) {
            return null;
        }
        return a;
    }

    private static int parseSmallInt(char[] c, int from, int to) {
        if (to - from < 1 || to - from > 3) {
            return -1;
        }
        int v = 0;
        for (int i = from; i < to; i++) {
            if (!Chars.isDigit(c[i])) {
                return -1;
            }
            v = v * 10 + (c[i] - '0');
        }
        return v;
    }

    private static boolean isV4Mapped(byte[] a) {
        for (int i = 0; i < 10; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return (a[10] & 0xFF) == 0xFF && (a[11] & 0xFF) == 0xFF;
    }

    /**
     * True for globally routable unicast addresses; false for private, loopback, link-local,
     * CGNAT, documentation, benchmarking, multicast, reserved and the IPv6 transition ranges that
     * embed an IPv4 address (6to4, Teredo, NAT64) or a special range (ULA).
     */
    static boolean isPublic(byte[] a) {
        return a.length == 4 ? isPublicV4(a) : isPublicV6(a);
    }

    private static boolean isPublicV4(byte[] a) {
        int b0 = a[0] & 0xFF;
        int b1 = a[1] & 0xFF;
        int b2 = a[2] & 0xFF;
        if (b0 == 0 || b0 == 10 || b0 == 127 || b0 >= 224) {
            return false; // this network, private, loopback, multicast, reserved, broadcast
        }
        if (b0 == 100 && b1 >= 64 && b1 <= 127) {
            return false; // CGNAT 100.64/10
        }
        if (b0 == 169 && b1 == 254) {
            return false; // link-local
        }
        if (b0 == 172 && b1 >= 16 && b1 <= 31) {
            return false; // private
        }
        if (b0 == 192 && b1 == 168) {
            return false; // private
        }
        if (b0 == 192 && b1 == 0 && (b2 == 0 || b2 == 2)) {
            return false; // IETF protocol assignments, TEST-NET-1
        }
        if (b0 == 192 && b1 == 88 && b2 == 99) {
            return false; // 6to4 relay anycast
        }
        if (b0 == 198 && (b1 == 18 || b1 == 19)) {
            return false; // benchmarking
        }
        if (b0 == 198 && b1 == 51 && b2 == 100) {
            return false; // TEST-NET-2
        }
        return !(b0 == 203 && b1 == 0 && b2 == 113); // TEST-NET-3
    }

    private static boolean isPublicV6(byte[] a) {
        int w0 = ((a[0] & 0xFF) << 8) | (a[1] & 0xFF);
        int w1 = ((a[2] & 0xFF) << 8) | (a[3] & 0xFF);
        if ((w0 & 0xE000) != 0x2000) {
            return false; // only global unicast 2000::/3 (drops ::, ::1, fc00::/7, fe80::/10, ff00::/8, 64:ff9b::/96 ...)
        }
        if (w0 == 0x2001 && w1 < 0x0200) {
            return false; // 2001::/23 IETF protocol assignments (Teredo 2001::/32 embeds the client address)
        }
        if (w0 == 0x2001 && w1 == 0x0db8) {
            return false; // documentation
        }
        if (w0 == 0x2002) {
            return false; // 6to4: the /48 is the client's IPv4 address
        }
        return w0 != 0x3fff || w1 > 0x0fff; // 3fff::/20 documentation (RFC 9637)
    }

    /** The /24 (IPv4) or /48 (IPv6) network of a public address in CIDR form. */
    static String network(byte[] a) {
        if (a.length == 4) {
            return (a[0] & 0xFF) + "." + (a[1] & 0xFF) + "." + (a[2] & 0xFF) + ".0/24";
        }
        int[] w = new int[3];
        for (int g = 0; g < 3; g++) {
            w[g] = ((a[2 * g] & 0xFF) << 8) | (a[2 * g + 1] & 0xFF);
        }
        int printed = w[2] != 0 ? 3 : w[1] != 0 ? 2 : 1; // RFC 5952: trailing zero groups fold into "::"
        StringBuilder sb = new StringBuilder(24);
        for (int g = 0; g < printed; g++) {
            sb.append(Integer.toHexString(w[g])).append(':');
        }
        return sb.append(":/48").toString();
    }
}
