package org.opensn.benchmarks.anonymizer;

import org.opensn.schemas.avro.AnonymizedDetection;
import org.opensn.schemas.avro.AnonymizedThreatSource;
import org.opensn.schemas.avro.DetectionEvent;
import org.opensn.schemas.avro.ThreatSourceEvent;

/**
 * The baseline the issue names: one {@code String.replaceAll} per pattern on every kept string
 * field, as a first implementation would write it (patterns compiled on every call, the way
 * {@code replaceAll} does). Covers the same kinds of values as the real anonymizer, but is neither
 * linear-time nor idempotent; it exists only to be measured against.
 */
final class NaiveRegexAnonymizer {

    private static final String[][] PATTERNS = {
        {"(?i)([A-Z]:[\\\\/](?:Users|Documents and Settings)[\\\\/])[^\\\\/]+", "$1<user>"},
        {"(/(?:home|Users|media|var/mail|run/user)/)[^/]+", "$1<user>"},
        {"^(\\\\\\\\)[^\\\\]+", "$1<host>"},
        {"[A-Za-z0-9._%+'-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}", "<email>"},
        {"\\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\b", "<id>"},
        {"\\b[Ss]-1-\\d+(?:-\\d+)+\\b", "<id>"},
        {"\\b[0-9A-Fa-f]{2}(?:[:-][0-9A-Fa-f]{2}){5}\\b", "<id>"},
        {"\\b(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}\\b", "<host>"},
        {"\\b(?:\\d{1,3}\\.){3}\\d{1,3}\\b", "<host>"},
        {"\\b(?=[A-Za-z0-9_-]*\\d)(?=[A-Za-z0-9_-]*[A-Za-z])[A-Za-z0-9_-]{20,}\\b", "<id>"},
        {"\\d{10,}", "<id>"},
    };

    private NaiveRegexAnonymizer() {
    }

    static String scrub(String s, String user, String host) {
        if (s == null) {
            return null;
        }
        String out = s;
        for (String[] p : PATTERNS) {
            out = out.replaceAll(p[0], p[1]);
        }
        out = out.replaceAll("(?i)" + java.util.regex.Pattern.quote(host), "<host>");
        return out.replaceAll("(?i)" + java.util.regex.Pattern.quote(user), "<user>");
    }

    static String url(String url, String user, String host) {
        if (url == null) {
            return null;
        }
        String u = url.replaceAll("[?#].*$", "").replaceAll("^([A-Za-z][A-Za-z0-9+.-]*://)[^/@]*@", "$1")
                .replaceAll(":(80|443)(?=/|$)", "");
        return scrub(u.replaceAll("^([A-Za-z][A-Za-z0-9+.-]*://[^/]*)", "$1").toLowerCase(), user, host);
    }

    static AnonymizedDetection anonymize(DetectionEvent e) {
        String user = e.getUserName();
        String host = e.getHostName();
        return new AnonymizedDetection(e.getEventId(), e.getEventTime(), 1,
                e.getProductVersion().replaceAll("^(\\d+(?:\\.\\d+){0,3}).*$", "$1"), e.getOsFamily(),
                e.getOsVersion().replaceAll("^\\D*(\\d+(?:\\.\\d+)?).*$", "$1"),
                scrub(e.getThreatName(), user, host), e.getThreatType(), e.getDetectionTechnology(), e.getActionTaken(),
                e.getObjectSha256().toLowerCase(), e.getObjectSize(), scrub(e.getObjectPath(), user, host));
    }

    static AnonymizedThreatSource anonymize(ThreatSourceEvent e) {
        String user = e.getUserName();
        String host = e.getHostName();
        String url = url(e.getUrl(), user, host);
        String domain = url == null ? null : url.replaceAll("^[a-z]+://([^/:]*).*$", "$1");
        String network = e.getRemoteAddress() == null ? null
                : e.getRemoteAddress().replaceAll("^(\\d+\\.\\d+\\.\\d+)\\.\\d+$", "$1.0/24");
        return new AnonymizedThreatSource(e.getEventId(), e.getEventTime(), 1,
                e.getProductVersion().replaceAll("^(\\d+(?:\\.\\d+){0,3}).*$", "$1"), e.getOsFamily(),
                e.getOsVersion().replaceAll("^\\D*(\\d+(?:\\.\\d+)?).*$", "$1"), e.getSourceType(), url, domain,
                network, e.getRemotePort(), e.getRelatedFileSha256(), scrub(e.getThreatName(), user, host),
                e.getThreatType());
    }
}
