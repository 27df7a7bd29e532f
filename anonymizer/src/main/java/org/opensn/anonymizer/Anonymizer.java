package org.opensn.anonymizer;

import org.opensn.schemas.avro.AnonymizedDetection;
import org.opensn.schemas.avro.AnonymizedThreatSource;
import org.opensn.schemas.avro.DetectionEvent;
import org.opensn.schemas.avro.ThreatSourceEvent;

/**
 * Turns raw endpoint events into records that carry nothing identifying.
 *
 * <p>What the strict policy does (see {@link AnonymizationPolicy} for the limits):
 * <ul>
 *   <li>drops the device install id, host name, user name and local IP;</li>
 *   <li>file paths keep system directories, file names and extensions, but user-profile segments
 *       ({@code /home/<u>}, {@code /Users/<u>}, {@code C:\Users\<u>}, {@code /var/mail/<u>},
 *       {@code /run/user/<uid>}, {@code /media/<u>}), UNC host names, the event's own user and host
 *       name (also inside a segment), e-mail addresses, IP and MAC addresses, Windows SIDs, UUIDs,
 *       long digit runs and long random tokens become {@code <user>}, {@code <host>},
 *       {@code <email>} or {@code <id>}; so does what completes an own value in the field's written
 *       form (an escape of {@code toString()} or of URL percent-encoding ending in a letter, such as
 *       the {@code C} of {@code %7C}, followed by the rest of the value);</li>
 *   <li>URLs get a lower-case scheme and host, IDN hosts in punycode, no userinfo, query, fragment
 *       or default port, and the same placeholders in their path; IP-literal and intranet hosts
 *       become {@code <host>} (and no domain);</li>
 *   <li>remote addresses: private, loopback, link-local, CGNAT and other special-purpose ranges are
 *       dropped, public IPv4 is cut to its /24 and IPv6 to its /48;</li>
 *   <li>file hashes, threat names (scrubbed like a path segment) and types, detection technology,
 *       action, product version (numeric part), OS family and OS major.minor are kept.</li>
 * </ul>
 *
 * <p>Implementations are thread-safe and deterministic: the same event always gives the same
 * record, and anonymizing an already anonymized value changes nothing. Content never makes them
 * throw (invalid UTF-16, megabyte strings, malformed URLs and paths fall back to the most
 * conservative output, e.g. a dropped field); a missing required field does.
 *
 * <pre>{@code
 * Anonymizer anonymizer = Anonymizer.create(AnonymizationPolicy.strict());
 * AnonymizedDetection safe = anonymizer.anonymize(rawDetection);
 * }</pre>
 */
public interface Anonymizer {

    /**
     * Anonymizes one detection.
     *
     * @throws IllegalArgumentException if the event or one of its required fields (eventId,
     *     eventTime, productVersion, osFamily, osVersion, threatName, threatType,
     *     detectionTechnology, actionTaken, objectSha256) is null
     */
    AnonymizedDetection anonymize(DetectionEvent event);

    /**
     * Anonymizes one threat-source event.
     *
     * @throws IllegalArgumentException if the event or one of its required fields (eventId,
     *     eventTime, productVersion, osFamily, osVersion, sourceType, threatName, threatType) is null
     */
    AnonymizedThreatSource anonymize(ThreatSourceEvent event);

    /** The policy this anonymizer applies; its {@link AnonymizationPolicy#version()} is written into every record. */
    AnonymizationPolicy policy();

    /** An anonymizer applying {@code policy}. */
    static Anonymizer create(AnonymizationPolicy policy) {
        if (policy == null) {
            throw new IllegalArgumentException("anonymization policy is null; use AnonymizationPolicy.strict() for the default");
        }
        return new DefaultAnonymizer(policy);
    }

    /** An anonymizer applying {@link AnonymizationPolicy#strict()}. */
    static Anonymizer create() {
        return create(AnonymizationPolicy.strict());
    }
}
