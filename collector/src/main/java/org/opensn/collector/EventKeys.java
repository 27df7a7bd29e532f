package org.opensn.collector;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import org.opensn.schemas.ObjectRef;
import org.opensn.schemas.avro.DetectionEvent;
import org.opensn.schemas.avro.ThreatSourceEvent;

/**
 * The Kafka key (an {@link ObjectRef}) of each raw event.
 *
 * <ul>
 *   <li>detection: {@code file:<objectSha256>} (lower-cased);</li>
 *   <li>threat source with a URL: {@code domain:<host>} of the URL, lower-cased, or {@code ip:<address>} when the
 *       host is an IP literal. Raw URLs are not canonical (they may carry user names, tokens, mixed case), so the
 *       collector keys by host, which is stable and valid; the streams app canonicalizes the URL itself;</li>
 *   <li>threat source without a URL: {@code ip:<remoteAddress>}, else {@code file:<relatedFileSha256>}.</li>
 * </ul>
 */
public final class EventKeys {

    private EventKeys() {
    }

    /** {@code file:<sha256>}. @throws IllegalArgumentException if the hash is missing or not 64 hex digits */
    public static ObjectRef of(DetectionEvent e) {
        if (e.getObjectSha256() == null) {
            throw new IllegalArgumentException("detection has no objectSha256: set the SHA-256 of the detected file");
        }
        return ObjectRef.file(e.getObjectSha256());
    }

    /** See the class comment. @throws IllegalArgumentException if the event has no url, remoteAddress or relatedFileSha256 */
    public static ObjectRef of(ThreatSourceEvent e) {
        if (e.getUrl() != null && !e.getUrl().isBlank()) {
            return hostRef(e.getUrl());
        }
        if (e.getRemoteAddress() != null && !e.getRemoteAddress().isBlank()) {
            return ObjectRef.ip(stripBrackets(e.getRemoteAddress().trim().toLowerCase(Locale.ROOT)));
        }
        if (e.getRelatedFileSha256() != null && !e.getRelatedFileSha256().isBlank()) {
            return ObjectRef.file(e.getRelatedFileSha256().trim());
        }
        throw new IllegalArgumentException("threat source has no url, remoteAddress or relatedFileSha256: set at least one"
                + " so that it can be keyed by an object ref");
    }

    static ObjectRef hostRef(String url) {
        String host;
        try {
            URI uri = new URI(url.trim());
            host = uri.getHost();
            if (host == null && uri.getRawAuthority() != null) {
                host = authorityHost(uri.getRawAuthority());
            }
        } catch (URISyntaxException e) {
            host = authorityHost(afterScheme(url.trim()));
        }
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("threat source url has no host: expected e.g. http://example.com/path");
        }
        host = host.toLowerCase(Locale.ROOT);
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        String bare = stripBrackets(host);
        if (bare.contains(":") || bare.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            return ObjectRef.ip(bare);
        }
        return ObjectRef.domain(bare);
    }

    private static String afterScheme(String url) {
        int i = url.indexOf("://");
        return i >= 0 ? url.substring(i + 3) : url;
    }

    private static String authorityHost(String authorityAndMore) {
        String a = authorityAndMore;
        for (char stop : new char[] {'/', '?', '#'}) {
            int i = a.indexOf(stop);
            if (i >= 0) {
                a = a.substring(0, i);
            }
        }
        int at = a.lastIndexOf('@');
        if (at >= 0) {
            a = a.substring(at + 1);
        }
        if (a.startsWith("[")) {
            int end = a.indexOf(']');
            return end > 0 ? a.substring(0, end + 1) : a;
        }
        int colon = a.indexOf(':');
        return colon >= 0 ? a.substring(0, colon) : a;
    }

    private static String stripBrackets(String s) {
        return s.startsWith("[") && s.endsWith("]") ? s.substring(1, s.length() - 1) : s;
    }
}
