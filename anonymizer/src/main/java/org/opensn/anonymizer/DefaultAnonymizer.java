package org.opensn.anonymizer;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import org.opensn.schemas.avro.AnonymizedDetection;
import org.opensn.schemas.avro.AnonymizedThreatSource;
import org.opensn.schemas.avro.DetectionEvent;
import org.opensn.schemas.avro.ThreatSourceEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Anonymizer}: stateless apart from a counter of rule failures and caches of prepared
 * own values, version results and threat-name summaries (see {@link OwnValuesCache},
 * {@link Memo}, {@link SummaryCache}), all thread-safe.
 */
final class DefaultAnonymizer implements Anonymizer {

    private static final Logger LOG = LoggerFactory.getLogger(DefaultAnonymizer.class);

    private final AnonymizationPolicy policy;
    private final PathSanitizer paths;
    private final UrlCanonicalizer urls;
    private final LongAdder fallbacks = new LongAdder();
    private final OwnValuesCache ownValues = new OwnValuesCache();
    private final Memo productVersions = new Memo(Versions::product, 64);
    private final Memo osVersions = new Memo(Versions::majorMinor, 64);
    private final Memo sha256s = new Memo(DefaultAnonymizer::sha256OrNull, 64);
    private final SummaryCache threatNames = new SummaryCache();

    DefaultAnonymizer(AnonymizationPolicy policy) {
        this.policy = policy;
        this.paths = new PathSanitizer(policy);
        this.urls = new UrlCanonicalizer(policy);
    }

    @Override
    public AnonymizationPolicy policy() {
        return policy;
    }

    @Override
    public AnonymizedDetection anonymize(DetectionEvent e) {
        if (e == null) {
            throw new IllegalArgumentException("DetectionEvent is null");
        }
        String eventId = required(e.getEventId(), "DetectionEvent", "eventId");
        Instant eventTime = required(e.getEventTime(), "DetectionEvent", "eventTime");
        String productVersion = required(e.getProductVersion(), "DetectionEvent", "productVersion");
        String osVersion = required(e.getOsVersion(), "DetectionEvent", "osVersion");
        String threatName = required(e.getThreatName(), "DetectionEvent", "threatName");
        String sha256 = required(e.getObjectSha256(), "DetectionEvent", "objectSha256");
        required(e.getOsFamily(), "DetectionEvent", "osFamily");
        required(e.getThreatType(), "DetectionEvent", "threatType");
        required(e.getDetectionTechnology(), "DetectionEvent", "detectionTechnology");
        required(e.getActionTaken(), "DetectionEvent", "actionTaken");

        OwnValues own = ownValues.get(e.getUserName(), e.getHostName(), e.getDeviceInstallId(), e.getLocalIp());
        String path = e.getObjectPath() == null ? null
                : guarded("objectPath", e.getObjectPath(), p -> paths.sanitize(p, own), null);
        String threat = guarded("threatName", threatName, t -> threatName(t, own), Versions.UNKNOWN);
        String sha = sha256s.apply(sha256);
        String objectSha = sha == null ? "" : sha;
        String id = eventId(eventId, e.getDeviceInstallId(), eventTime, objectSha, threat, path, false, null);
        return new AnonymizedDetection(id, eventTime, policy.version(),
                guarded("productVersion", productVersion, productVersions::apply, Versions.UNKNOWN),
                e.getOsFamily(),
                guarded("osVersion", osVersion, osVersions::apply, Versions.UNKNOWN),
                threat, e.getThreatType(), e.getDetectionTechnology(), e.getActionTaken(),
                objectSha, e.getObjectSize(), path);
    }

    @Override
    public AnonymizedThreatSource anonymize(ThreatSourceEvent e) {
        if (e == null) {
            throw new IllegalArgumentException("ThreatSourceEvent is null");
        }
        String eventId = required(e.getEventId(), "ThreatSourceEvent", "eventId");
        Instant eventTime = required(e.getEventTime(), "ThreatSourceEvent", "eventTime");
        String productVersion = required(e.getProductVersion(), "ThreatSourceEvent", "productVersion");
        String osVersion = required(e.getOsVersion(), "ThreatSourceEvent", "osVersion");
        String threatName = required(e.getThreatName(), "ThreatSourceEvent", "threatName");
        required(e.getOsFamily(), "ThreatSourceEvent", "osFamily");
        required(e.getSourceType(), "ThreatSourceEvent", "sourceType");
        required(e.getThreatType(), "ThreatSourceEvent", "threatType");

        OwnValues own = ownValues.get(e.getUserName(), e.getHostName(), e.getDeviceInstallId(), e.getLocalIp());
        UrlCanonicalizer.Result url = e.getUrl() == null ? null : guarded("url", e.getUrl(), u -> canonicalUrl(u, own), null);
        String network = e.getRemoteAddress() == null ? null : guarded("remoteAddress", e.getRemoteAddress(), DefaultAnonymizer::network, null);
        Integer port = e.getRemotePort();
        Integer remotePort = port != null && port >= 0 && port <= 65535 ? port : null;
        String related = e.getRelatedFileSha256() == null ? null : sha256s.apply(e.getRelatedFileSha256());
        String threat = guarded("threatName", threatName, t -> threatName(t, own), Versions.UNKNOWN);
        String urlText = url == null ? null : url.url();
        String id = eventId(eventId, e.getDeviceInstallId(), eventTime, related, threat, urlText, true, network);
        return new AnonymizedThreatSource(id, eventTime, policy.version(),
                guarded("productVersion", productVersion, productVersions::apply, Versions.UNKNOWN),
                e.getOsFamily(),
                guarded("osVersion", osVersion, osVersions::apply, Versions.UNKNOWN),
                e.getSourceType(), urlText, url == null ? null : url.domain(), network, remotePort, related,
                threat, e.getThreatType());
    }

    /** The canonical URL, re-canonicalized until stable (see {@link FixedPoint}); null if it does not settle. */
    private UrlCanonicalizer.Result canonicalUrl(String raw, OwnValues own) {
        UrlCanonicalizer.Result current = urls.canonicalize(raw, own);
        for (int pass = 1; pass < FixedPoint.MAX_PASSES; pass++) {
            if (current == null || current.settled()) {
                return current;
            }
            UrlCanonicalizer.Result next = urls.canonicalize(current.url(), own);
            if (next != null && current.url().equals(next.url()) && java.util.Objects.equals(current.domain(), next.domain())) {
                return next;
            }
            current = next;
        }
        return current == null || current.settled() ? current : null;
    }

    /** How often a rule failed and its field fell back to the conservative value (a bug if ever above 0). */
    long fallbackCount() {
        return fallbacks.sum();
    }

    private String threatName(String name, OwnValues own) {
        String current = name;
        for (int pass = 0; pass < FixedPoint.MAX_PASSES; pass++) {
            String rendered;
            boolean needsConfirmation;
            boolean mayShowInJson;
            Marks.Summary known = threatNames.get(current);
            if (known != null && Marks.untouched(known, current.length(), own, policy.tokenMinLength(), policy.textDigitRunMinLength())) {
                // what the passes below would find: nothing (a name seen before, without this device's values)
                rendered = current;
                needsConfirmation = false;
                mayShowInJson = Marks.mayShowInJson(current, known.charMask(), own);
            } else {
                Marks marks = new Marks(current, threatNames);
                marks.markAll(own, policy.tokenMinLength(), policy.textDigitRunMinLength(), false);
                mayShowInJson = marks.mayShowInJson(own);
                rendered = marks.render(current);
                needsConfirmation = marks.needsConfirmation();
            }
            // toString() writes the name JSON-escaped: an escape may complete an own value (see EscapedForms)
            String scrubbed = mayShowInJson ? EscapedForms.scrub(rendered, own, EscapedForms.Form.JSON) : rendered;
            if (scrubbed == null) {
                return Versions.UNKNOWN;
            }
            String out = cut(scrubbed, policy.maxThreatNameLength());
            if (out == current || (out == rendered && !needsConfirmation)) {
                return out;
            }
            current = out;
        }
        return Versions.UNKNOWN;
    }

    /**
     * Cuts before the last "hard" separator at or below {@code max} (whitespace or punctuation no
     * pattern spans), so the prefix holds only whole words and stays a fixed point of scrubbing;
     * a name without one becomes {@code unknown}.
     */
    static String cut(String s, int max) {
        if (s.length() <= max) {
            return s;
        }
        for (int p = max; p > 0; p--) {
            if (isHardSeparator(s.charAt(p))) {
                return s.substring(0, p);
            }
        }
        return Versions.UNKNOWN;
    }

    private static boolean isHardSeparator(char c) {
        return c < 128 && !Chars.isAsciiAlnum(c) && ".:-_@%+'>".indexOf(c) < 0;
    }

    private static String network(String address) {
        byte[] a = IpAddresses.parseAddress(address);
        return a != null && IpAddresses.isPublic(a) ? IpAddresses.network(a) : null;
    }

    /** 64 hex digits in lower case, or null. */
    static String sha256OrNull(String s) {
        String t = s.length() == 64 ? s : s.strip();
        if (t.length() != 64) {
            return null;
        }
        int kinds = hexKinds(t, 0, 64);
        return (kinds & Chars.NOT_HEX) != 0 ? null : (kinds & 2) != 0 ? t.toLowerCase(Locale.ROOT) : t;
    }

    /**
     * The event id if it is a canonical UUID that is not the device id; otherwise a name-based UUID
     * derived only from already anonymized content, so a malformed id cannot carry anything out.
     */
    private static String eventId(String raw, String deviceInstallId, Instant time, String sha, String threat, String detail,
                                  boolean withNetwork, String network) {
        String id = raw.length() == 36 ? raw : raw.strip();
        int uuid = uuidCase(id);
        if (uuid > 0 && (deviceInstallId == null || !id.equalsIgnoreCase(deviceInstallId.strip()))) {
            return uuid == 2 ? id.toLowerCase(Locale.ROOT) : id;
        }
        return derivedEventId(time, sha, threat, detail, withNetwork, network);
    }

    /** The name-based UUID of {@link #eventId} (out of line: rare, and large once compiled). */
    private static String derivedEventId(Instant time, String sha, String threat, String detail, boolean withNetwork,
                                         String network) {
        String basis = "opensn-event|" + time.toEpochMilli() + '|' + sha + '|' + threat + '|' + detail
                + (withNetwork ? "|" + network : "");
        return UUID.nameUUIDFromBytes(basis.getBytes(StandardCharsets.UTF_8)).toString();
    }

    static boolean isUuid(String s) {
        return uuidCase(s) > 0;
    }

    /** 0: not a canonical UUID, 1: one in lower case, 2: one with upper-case hex digits. */
    private static int uuidCase(String s) {
        if (s.length() != 36) {
            return 0;
        }
        // the chars as Latin-1 bytes in one copy, so that the checks read a plain array instead of
        // calling String.charAt per char; a char above U+00FF becomes '?' (a surrogate pair one '?',
        // hence the length check), no hex digit and no dash
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        if (b.length != 36 || b[8] != '-' || b[13] != '-' || b[18] != '-' || b[23] != '-') {
            return 0;
        }
        // the five groups of hex digits, without a test per char for the dash positions
        int kinds = hexKinds(b, 0, 8) | hexKinds(b, 9, 13) | hexKinds(b, 14, 18) | hexKinds(b, 19, 23) | hexKinds(b, 24, 36);
        return (kinds & Chars.NOT_HEX) != 0 ? 0 : (kinds & 2) != 0 ? 2 : 1;
    }

    /** {@link Chars#hexKinds} of the Latin-1 chars {@code b[from, to)}, OR-ed. */
    private static int hexKinds(byte[] b, int from, int to) {
        int kinds = 0;
        for (int i = from; i < to; i++) {
            kinds |= Chars.hexKinds((char) (b[i] & 0xFF));
        }
        return kinds;
    }

    /** {@link Chars#hexKinds} of the chars of {@code s[from, to)}, OR-ed. */
    private static int hexKinds(String s, int from, int to) {
        int kinds = 0;
        for (int i = from; i < to; i++) {
            kinds |= Chars.hexKinds(s.charAt(i));
        }
        return kinds;
    }

    private <T, R> R guarded(String field, T value, Function<T, R> rule, R fallback) {
        try {
            return rule.apply(value);
        } catch (RuntimeException | StackOverflowError ex) {
            fallbacks.increment();
            // never log the content: only which rule failed and how
            LOG.warn("anonymizer rule for {} failed ({}); the field falls back to its most conservative value",
                    field, ex.getClass().getName());
            return fallback;
        }
    }

    private static <T> T required(T value, String record, String field) {
        if (value == null) {
            throw new IllegalArgumentException(record + "." + field + " is null but required; the endpoint sent an incomplete event");
        }
        return value;
    }

    @Override
    public String toString() {
        return "Anonymizer{" + policy + '}';
    }
}
