package org.opensn.anonymizer;

import java.io.ByteArrayOutputStream;
import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * Canonical, anonymized URLs by hand-written splitting (no {@code java.net.URI}, no regular
 * expressions, no DNS): lower-case scheme and host, IDN hosts in punycode (via {@link IDN} on the
 * host alone), no userinfo, query, fragment or default port, personal path parts replaced.
 * Anything malformed gives null.
 */
final class UrlCanonicalizer {

    /**
     * The canonical URL and its domain (either may be null); {@code settled} if canonicalizing
     * {@code url} again is known to give the same result (no pattern pass claimed anything).
     */
    record Result(String url, String domain, boolean settled) {
    }

    private static final Set<String> SPECIAL = Set.of("http", "https", "ws", "wss", "ftp", "file");
    private static final String[] INTRANET_TLDS = {
        "local", "lan", "home", "internal", "intranet", "localdomain", "localhost", "corp", "private", "arpa"};
    private static final int MAX_HOST_LENGTH = 253;

    private final AnonymizationPolicy policy;
    private final SummaryCache hosts = new SummaryCache();
    /** {@link #hostName(String)} of the hosts seen last. */
    private final Memo hostNames = new Memo(UrlCanonicalizer::hostName, MAX_HOST_LENGTH + 1);

    UrlCanonicalizer(AnonymizationPolicy policy) {
        this.policy = policy;
    }

    /** The canonical URL and domain of {@code raw}, or null if it is not a usable URL. */
    Result canonicalize(String raw, OwnValues own) {
        boolean[] unsettled = new boolean[1];
        return canonicalize(raw, own, unsettled);
    }

    private Result canonicalize(String raw, OwnValues own, boolean[] unsettled) {
        String s = trim(raw);
        int n = s.length();
        if (n == 0) {
            return null;
        }
        int i = 0;
        while (i < n && isSchemeChar(s.charAt(i))) {
            i++;
        }
        // src holds "//" before the authority, at off; positions below are in src (no copy of the rest)
        String scheme;
        String src;
        int off;
        boolean assumed = false;
        if (i >= 2 && i < n && s.charAt(i) == ':' && Chars.isAsciiLetter(s.charAt(0))) {
            scheme = scheme(s, i);
            src = s;
            off = i + 1;
        } else if (s.startsWith("//")) {
            scheme = "http";
            src = s;
            off = 0;
        } else if (Chars.isAsciiAlnum(s.charAt(0))) {
            scheme = "http";
            src = "//" + s;
            off = 0;
            assumed = true;
        } else {
            return null;
        }
        boolean special = SPECIAL.contains(scheme);
        if (!(src.startsWith("//", off) || (special && src.length() - off >= 2 && PathSanitizer.isSeparator(src.charAt(off))
                && PathSanitizer.isSeparator(src.charAt(off + 1))))) {
            return opaque(scheme, src.substring(off), own);
        }
        int authorityStart = off + 2;
        int authorityEnd = Math.min(firstOf(src, '/', '?', authorityStart), firstOf(src, '#', special ? '\\' : '#', authorityStart));
        int at = authorityEnd > authorityStart ? src.lastIndexOf('@', authorityEnd - 1) : -1;
        int hostStart = at >= authorityStart ? at + 1 : authorityStart; // userinfo dropped
        String host;
        String port = null;
        boolean ipLiteral = false;
        if (hostStart < authorityEnd && src.charAt(hostStart) == '[') {
            int close = src.indexOf(']', hostStart);
            if (close < 0 || close >= authorityEnd) {
                return null;
            }
            ipLiteral = true;
            host = Placeholder.HOST_TEXT;
            if (close + 1 < authorityEnd) {
                if (src.charAt(close + 1) != ':') {
                    return null;
                }
                port = src.substring(close + 2, authorityEnd);
            }
        } else {
            int colon = authorityEnd > hostStart ? src.lastIndexOf(':', authorityEnd - 1) : -1;
            if (colon < hostStart) {
                colon = -1;
            }
            host = src.substring(hostStart, colon >= 0 ? colon : authorityEnd);
            port = colon >= 0 ? src.substring(colon + 1, authorityEnd) : null;
        }
        String portOut = port(port, scheme);
        if (portOut == null) {
            return null;
        }
        String hostOut;
        String domain = null;
        if (ipLiteral) {
            hostOut = host;
        } else if (host.isEmpty()) {
            if (!scheme.equals("file")) {
                return null;
            }
            hostOut = "";
        } else {
            hostOut = hostNames.apply(host);
            if (hostOut == null) {
                return null;
            }
            if (hostOut.equals(Placeholder.HOST_TEXT)) { // an IP or intranet name
                if (assumed) {
                    return null;
                }
                hostOut = Placeholder.HOST_TEXT;
            } else {
                Marks.Summary known = hosts.get(hostOut);
                if (known == null || !Marks.untouched(known, hostOut.length(), own, policy.tokenMinLength(), policy.urlDigitRunMinLength())) {
                    Marks marks = new Marks(hostOut, hosts);
                    marks.markAll(own, policy.tokenMinLength(), policy.urlDigitRunMinLength(), false);
                    hostOut = marks.render(hostOut);
                    unsettled[0] |= marks.needsConfirmation();
                } // else a host seen before, without this device's values: the passes would find nothing
                if (!isPlaceholder(hostOut)) {
                    domain = hostOut;
                }
            }
        }
        int pathEnd = firstOf(src, '?', '#', authorityEnd);
        String rawPath = src.substring(authorityEnd, pathEnd);
        if (special) {
            rawPath = rawPath.replace('\\', '/');
        }
        String path = path(rawPath, own, scheme.equals("file"), unsettled);
        if (path.isEmpty()) {
            path = "/";
        }
        StringBuilder sb = new StringBuilder(scheme.length() + 4 + hostOut.length() + portOut.length() + path.length());
        sb.append(scheme).append("://").append(hostOut);
        if (!portOut.isEmpty()) {
            sb.append(':').append(portOut);
        }
        if (sb.length() + path.length() > policy.maxUrlLength()) {
            sb.append('/');
        } else {
            sb.append(path);
        }
        String url = sb.toString();
        return new Result(url, domain, !unsettled[0]);
    }

    /** {@code mailto:}, {@code data:}, {@code javascript:}…: the part before any query or fragment, scrubbed. */
    private Result opaque(String scheme, String rest, OwnValues own) {
        int end = 0;
        while (end < rest.length() && rest.charAt(end) != '?' && rest.charAt(end) != '#') {
            end++;
        }
        while (end > 0 && rest.charAt(end - 1) <= ' ') {
            end--; // as trim() would on the next pass: "x:a #f" and "x:a" are the same URL
        }
        // Scrub scheme and body together: a "scheme" may be the start of an identifying value that
        // runs across the colon (a MAC such as a0:00:..., an IPv6 address such as fe80::1).
        String whole = scheme + ":" + rest.substring(0, end);
        Marks marks = new Marks(whole);
        marks.markAll(own, policy.tokenMinLength(), policy.urlDigitRunMinLength(), false);
        String rendered = marks.render(whole);
        // written as is, but JSON-escaped by toString(): an escape may complete an own value (see EscapedForms)
        String url = marks.mayShowInJson(own) ? EscapedForms.scrub(rendered, own, EscapedForms.Form.JSON) : rendered;
        if (url == null || !url.startsWith(scheme) || url.charAt(scheme.length()) != ':') {
            return null; // the "scheme" was (part of) a scrubbed value: what is left is no URL
        }
        return new Result(url.length() > policy.maxUrlLength() ? scheme + ":" : url, null,
                !marks.needsConfirmation() && url == rendered);
    }

    private String path(String rawPath, OwnValues own, boolean filePath, boolean[] unsettled) {
        if (rawPath.isEmpty()) {
            return rawPath;
        }
        String decoded = rawPath.indexOf('%') >= 0 ? percentDecode(rawPath) : rawPath;
        Marks marks = new Marks(decoded);
        marks.markPlaceholders();
        if (filePath) {
            PathSanitizer.markStructure(marks);
        }
        marks.markPatterns(own, policy.tokenMinLength(),
                filePath ? policy.textDigitRunMinLength() : policy.urlDigitRunMinLength(), true);
        String rendered = marks.render(decoded);
        unsettled[0] |= marks.needsConfirmation();
        boolean asSent = rendered == decoded && isAsciiPrintable(rawPath);
        if (asSent && (rawPath == decoded || (!own.occursIn(rawPath) && !EscapedForms.spellsAddress(rawPath)))) {
            return rawPath;
        }
        // the escapes of the encoded path may complete an own value or an address (see EscapedForms)
        String scrubbed = EscapedForms.scrub(rendered, own, EscapedForms.Form.URL_PATH);
        if (scrubbed == null) {
            return "";
        }
        if (scrubbed == rendered && asSent) {
            return rawPath;
        }
        unsettled[0] |= scrubbed != rendered;
        return percentEncode(scrubbed);
    }

    /** "" for no or the default port, the port digits otherwise, null if malformed. */
    private static String port(String port, String scheme) {
        if (port == null || port.isEmpty()) {
            return "";
        }
        if (port.length() > 5) {
            return null;
        }
        int value = 0;
        for (int i = 0; i < port.length(); i++) {
            char c = port.charAt(i);
            if (!Chars.isDigit(c)) {
                return null;
            }
            value = value * 10 + (c - '0');
        }
        if (value > 65535) {
            return null;
        }
        boolean isDefault = switch (scheme) {
            case "http", "ws" -> value == 80;
            case "https", "wss" -> value == 443;
            case "ftp" -> value == 21;
            default -> false;
        };
        return isDefault ? "" : Integer.toString(value);
    }

    /**
     * {@link #host(String)}, or {@link Placeholder#HOST_TEXT} if that is an IP or intranet name
     * ("<host>" itself is one: it has no dot); null if not a valid host name.
     */
    private static String hostName(String host) {
        String h = host(host);
        return h == null ? null : isIpOrIntranet(h) ? Placeholder.HOST_TEXT : h;
    }

    /** Lower-case ASCII (punycode) host, without a trailing dot; null if not a valid host name. */
    private static String host(String host) {
        if (host.length() > MAX_HOST_LENGTH + 1 || host.indexOf('%') >= 0) {
            return null;
        }
        String h = host;
        boolean ascii = true;
        for (int i = 0; i < h.length(); i++) {
            if (h.charAt(i) >= 128) {
                ascii = false;
                break;
            }
        }
        if (!ascii) {
            try {
                h = IDN.toASCII(h, IDN.ALLOW_UNASSIGNED);
            } catch (RuntimeException e) {
                return null;
            }
        }
        h = h.toLowerCase(Locale.ROOT);
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        if (h.isEmpty() || h.length() > MAX_HOST_LENGTH) {
            return null;
        }
        int labelStart = 0;
        for (int i = 0; i <= h.length(); i++) {
            if (i == h.length() || h.charAt(i) == '.') {
                if (i == labelStart || !isLabel(h, labelStart, i)) {
                    return null;
                }
                labelStart = i + 1;
            }
        }
        return h;
    }

    private static boolean isLabel(String h, int from, int to) {
        if (to - from > 63) {
            return false;
        }
        if (h.charAt(from) == '<') {
            String label = h.substring(from, to);
            return label.equals(Placeholder.HOST_TEXT) || label.equals(Placeholder.ID_TEXT)
                    || label.equals(Placeholder.USER_TEXT) || label.equals(Placeholder.EMAIL_TEXT);
        }
        for (int i = from; i < to; i++) {
            char c = h.charAt(i);
            if (!(Chars.isAsciiAlnum(c) || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    /** IP literals in any form a browser accepts (numeric or 0x last label) and names that only resolve inside a network. */
    private static boolean isIpOrIntranet(String h) {
        int lastDot = h.lastIndexOf('.');
        if (lastDot < 0) {
            return true;
        }
        int from = lastDot + 1;
        if (h.startsWith("0x", from) || allDigits(h, from)) {
            return true;
        }
        int length = h.length() - from;
        for (String tld : INTRANET_TLDS) {
            if (tld.length() == length && h.startsWith(tld, from)) {
                return true;
            }
        }
        return false;
    }

    /** The scheme in lower case; the common ones without a copy. */
    private static String scheme(String s, int end) {
        if (end == 5 && s.startsWith("https")) {
            return "https";
        }
        if (end == 4 && s.startsWith("http")) {
            return "http";
        }
        return s.substring(0, end).toLowerCase(Locale.ROOT);
    }

    /** True if {@code s} has a char from {@code from} on and all of them are digits. */
    private static boolean allDigits(String s, int from) {
        for (int i = from; i < s.length(); i++) {
            if (!Chars.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return from < s.length();
    }

    private static boolean isPlaceholder(String s) {
        return s.equals(Placeholder.HOST_TEXT) || s.equals(Placeholder.ID_TEXT)
                || s.equals(Placeholder.USER_TEXT) || s.equals(Placeholder.EMAIL_TEXT);
    }

    /** The index of the first {@code a} or {@code b} at or after {@code from}, or the length: two vectorized scans. */
    private static int firstOf(String s, char a, char b, int from) {
        int i = s.indexOf(a, from);
        int j = s.indexOf(b, from);
        return i < 0 ? (j < 0 ? s.length() : j) : (j < 0 ? i : Math.min(i, j));
    }

    private static boolean isSchemeChar(char c) {
        return Chars.isAsciiAlnum(c) || c == '+' || c == '-' || c == '.';
    }

    private static String trim(String s) {
        int from = 0;
        int to = s.length();
        while (from < to && s.charAt(from) <= ' ') {
            from++;
        }
        while (to > from && s.charAt(to - 1) <= ' ') {
            to--;
        }
        return s.substring(from, to);
    }

    private static boolean isAsciiPrintable(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= ' ' || c >= 127) {
                return false;
            }
        }
        return true;
    }

    /** %XX escapes decoded as UTF-8 (malformed sequences become U+FFFD); invalid escapes stay literal. */
    static String percentDecode(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        int n = s.length();
        int literalStart = 0;
        for (int i = 0; i < n; i++) {
            if (s.charAt(i) == '%' && i + 2 < n && Chars.hexValue(s.charAt(i + 1)) >= 0
                    && Chars.hexValue(s.charAt(i + 2)) >= 0) {
                out.writeBytes(s.substring(literalStart, i).getBytes(StandardCharsets.UTF_8));
                out.write((Chars.hexValue(s.charAt(i + 1)) << 4) | Chars.hexValue(s.charAt(i + 2)));
                i += 2;
                literalStart = i + 1;
            }
        }
        out.writeBytes(s.substring(literalStart).getBytes(StandardCharsets.UTF_8));
        return new String(out.toByteArray(), StandardCharsets.UTF_8);
    }

    /** Percent-encodes everything but unreserved chars, sub-delimiters, {@code : @ /} and placeholder brackets. */
    static String percentEncode(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        int n = s.length();
        int i = 0;
        while (i < n) {
            i = appendPercentEncoded(sb, s, i);
        }
        return sb.toString();
    }

    /** Appends the char (or surrogate pair) at {@code i} as {@link #percentEncode} writes it; returns the index after it. */
    static int appendPercentEncoded(StringBuilder sb, String s, int i) {
        char c = s.charAt(i);
        if (c < 128 && isAllowed(c)) {
            sb.append(c);
            return i + 1;
        }
        int cp = c;
        int next = i + 1;
        if (Character.isHighSurrogate(c) && next < s.length() && Character.isLowSurrogate(s.charAt(next))) {
            cp = Character.toCodePoint(c, s.charAt(next++));
        } else if (Character.isSurrogate(c)) {
            cp = 0xFFFD;
        }
        for (byte b : new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8)) {
            sb.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xF, 16)))
                    .append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
        }
        return next;
    }

    static boolean isAllowed(char c) {
        return Chars.isAsciiAlnum(c) || "-._~!$&'()*+,;=:@/<>".indexOf(c) >= 0;
    }
}
