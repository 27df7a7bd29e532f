package org.opensn.schemas;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;

/**
 * A reference to an object the network holds a reputation for: {@code <type>:<value>} with the
 * type in lower case. Used as the Kafka key of every per-object topic and, percent-encoded, in URLs.
 *
 * <ul>
 *   <li>{@code file:<sha256>} — 64 lower-case hex digits;</li>
 *   <li>{@code url:<canonical url>} — as produced by the anonymizer (http or https);</li>
 *   <li>{@code domain:<lower-case host>};</li>
 *   <li>{@code ip:<address>} — IPv4 dotted quad or IPv6.</li>
 * </ul>
 *
 * <p>{@link #parse(String)} is strict and its message says what is wrong and what a valid ref looks like.
 */
public record ObjectRef(Type type, String value) {

    /** The kinds of object. */
    public enum Type {
        FILE, URL, DOMAIN, IP;

        private final String prefix = name().toLowerCase(Locale.ROOT);

        /** The lower-case prefix used in the textual form. */
        public String prefix() {
            return prefix;
        }
    }

    private static final int MAX_LENGTH = 2048;

    public ObjectRef {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(value, "value");
        String problem = problemWith(type, value);
        if (problem != null) {
            throw new IllegalArgumentException("invalid object ref '" + type.prefix() + ":" + abbreviate(value) + "': " + problem);
        }
    }

    /** {@code file:<sha256>}; the hash is lower-cased. */
    public static ObjectRef file(String sha256) {
        // the common case, once per detection, is a valid lower-case hash: one check instead of a scan for upper case
        return new ObjectRef(Type.FILE, sha256 == null || isSha256(sha256) ? sha256 : sha256.toLowerCase(Locale.ROOT));
    }

    public static ObjectRef url(String canonicalUrl) {
        return new ObjectRef(Type.URL, canonicalUrl);
    }

    /** {@code domain:<host>}; the host is lower-cased. */
    public static ObjectRef domain(String host) {
        if (host == null) {
            return new ObjectRef(Type.DOMAIN, null);
        }
        String ascii = host;
        if (!host.chars().allMatch(c -> c < 0x80)) {
            try {
                ascii = java.net.IDN.toASCII(host, java.net.IDN.ALLOW_UNASSIGNED);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("invalid object ref 'domain:" + abbreviate(host) + "': not a valid international host name");
            }
        }
        return new ObjectRef(Type.DOMAIN, ascii.toLowerCase(Locale.ROOT));
    }

    /**
     * {@code ip:<address>}; an IPv6 address is written in its canonical form (RFC 5952: lower case,
     * no leading zeros, the longest run of zero groups as {@code ::}), so that one address is one key.
     */
    public static ObjectRef ip(String address) {
        if (address != null && address.indexOf(':') >= 0) {
            int[] groups = Ipv6.parse(address);
            if (groups != null) {
                return new ObjectRef(Type.IP, Ipv6.format(groups));
            }
        }
        return new ObjectRef(Type.IP, address);
    }

    /**
     * Parses {@code <type>:<value>}.
     *
     * @throws IllegalArgumentException naming the problem, e.g. an unknown type or a hash of the wrong length
     */
    public static ObjectRef parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("object ref is empty: expected <type>:<value>, e.g. file:<64 hex sha256> or domain:example.com");
        }
        int colon = text.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("invalid object ref '" + abbreviate(text)
                    + "': expected <type>:<value> with type one of file, url, domain, ip");
        }
        String prefix = text.substring(0, colon);
        Type type = switch (prefix) {
            case "file" -> Type.FILE;
            case "url" -> Type.URL;
            case "domain" -> Type.DOMAIN;
            case "ip" -> Type.IP;
            default -> throw new IllegalArgumentException("invalid object ref '" + abbreviate(text) + "': unknown type '"
                    + abbreviate(prefix) + "' (expected file, url, domain or ip, in lower case)");
        };
        return new ObjectRef(type, text.substring(colon + 1));
    }

    /** Parses a ref taken from a URL path segment (percent-decoded first). */
    public static ObjectRef fromPathSegment(String segment) {
        return parse(URLDecoder.decode(segment, StandardCharsets.UTF_8));
    }

    /** The ref percent-encoded for use as one URL path segment. */
    public String toPathSegment() {
        return URLEncoder.encode(toString(), StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Override
    public String toString() {
        return type.prefix() + ":" + value;
    }

    private static String problemWith(Type type, String value) {
        if (type == Type.FILE && isSha256(value)) {
            return null; // the common case, once per detection: 64 hex digits have no space or control character either
        }
        if (value.isEmpty()) {
            return "the value after '" + type.prefix() + ":' is empty";
        }
        if (value.length() > MAX_LENGTH) {
            return "longer than " + MAX_LENGTH + " characters";
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= ' ' || c == 0x7f) {
                return "contains a space or control character at position " + i;
            }
        }
        return switch (type) {
            case FILE -> isSha256(value) ? null : "a file ref needs a SHA-256 of 64 lower-case hex digits, got " + value.length() + " characters";
            case URL -> value.startsWith("http://") || value.startsWith("https://") ? null : "a url ref must start with http:// or https://";
            case DOMAIN -> isHost(value) ? null
                    : "a domain ref needs a lower-case host name (letters, digits, '-', '_', dot-separated labels of 1-63 characters; punycode for international names)";
            case IP -> ipProblem(value);
        };
    }

    static boolean isSha256(String s) {
        if (s.length() != 64) {
            return false;
        }
        // without a branch per char: a random hash mixes digits and letters, which a branch mispredicts
        boolean hex = true;
        for (int i = 0; i < 64; i++) {
            char c = s.charAt(i);
            hex &= (char) (c - '0') < 10 | (char) (c - 'a') < 6;
        }
        return hex;
    }

    private static boolean isHost(String s) {
        if (s.length() > 253 || s.startsWith("-")) {
            return false;
        }
        int labelLength = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '.') {
                if (labelLength == 0) {
                    return false;
                }
                labelLength = 0;
            } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_') {
                if (++labelLength > 63) {
                    return false;
                }
            } else {
                return false;
            }
        }
        return labelLength > 0;
    }

    private static String ipProblem(String s) {
        if (s.indexOf(':') >= 0) {
            int[] groups = Ipv6.parse(s);
            if (groups == null) {
                return "an ip ref needs an IPv4 address (a.b.c.d) or an IPv6 address (e.g. 2001:db8::1)";
            }
            String canonical = Ipv6.format(groups);
            return canonical.equals(s) ? null : "an IPv6 address must be in canonical form (RFC 5952): ip:" + canonical;
        }
        return Ipv6.isIpv4(s) ? null
                : "an ip ref needs an IPv4 address (four numbers 0-255 without leading zeros, e.g. 192.0.2.1) or an IPv6 address";
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
