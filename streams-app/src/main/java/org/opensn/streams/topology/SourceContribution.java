package org.opensn.streams.topology;

import java.util.Objects;
import org.opensn.schemas.avro.AnonymizedThreatSource;

/**
 * The anonymized threat source plus the device's keyed hash (pseudonymous, rotated at least daily;
 * see {@link DetectionContribution#of}).
 */
record SourceContribution(AnonymizedThreatSource source, long deviceHash) {

    SourceContribution {
        Objects.requireNonNull(source, "source");
    }
}
