package org.opensn.streams.query;

import java.time.Instant;
import java.util.List;

/** The JSON shapes of the analyst API (and of the internal calls between instances). */
final class Model {

    private Model() {
    }

    /** One threat's figures over a period. */
    record ThreatFigure(String name, String type, long detections, long distinctDevices) {
    }

    /** One instance's share of a top-threats answer (figures below k already removed and counted). */
    record ThreatsPart(List<ThreatFigure> threats, int suppressed) {
    }

    /** One step of a threat's time series; figures are null when suppressed. */
    record SeriesPoint(Instant start, Instant end, Long detections, Long distinctDevices, boolean suppressed) {
    }

    record Series(String name, String type, Instant from, Instant to, String step, int k, List<SeriesPoint> points) {
    }

    /** One domain's threat-source figures over a period. */
    record SourceFigure(String domain, long hits, long distinctDevices) {
    }

    record SourcesPart(List<SourceFigure> sources, int suppressed) {
    }

    /** An object's statistics (null figures when suppressed) and its current verdict (null when none). */
    record ObjectView(String objectRef, boolean suppressed, String suppressedReason, Long detections, Long distinctDevices,
                      Instant firstSeen, Instant lastSeen, List<String> threatNames, VerdictView verdict) {
    }

    record VerdictView(String verdict, double confidence, String source, long version, String reason, String threatName,
                       Instant updatedAt) {
    }

    /** Request body of POST /api/v1/verdicts. */
    record VerdictRequest(String objectRef, String verdict, Double confidence, String reason, String expiresAt) {
    }

    record Error(int status, String error) {
    }
}
