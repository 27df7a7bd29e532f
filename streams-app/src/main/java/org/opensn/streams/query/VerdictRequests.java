package org.opensn.streams.query;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import org.opensn.schemas.ObjectRef;
import org.opensn.schemas.avro.AnalystVerdict;
import org.opensn.schemas.avro.Verdict;

/** Validates a POST /api/v1/verdicts body and turns it into an {@link AnalystVerdict}; every problem is a 400 naming the field. */
final class VerdictRequests {

    static final int MAX_REASON = 1000;

    private VerdictRequests() {
    }

    static AnalystVerdict toAnalystVerdict(Model.VerdictRequest request, Clock clock) {
        if (request == null) {
            throw QueryException.badRequest("body is missing: send JSON {\"objectRef\", \"verdict\", \"reason\", optional \"confidence\", \"expiresAt\"}");
        }
        ObjectRef ref;
        try {
            ref = ObjectRef.parse(request.objectRef());
        } catch (IllegalArgumentException e) {
            throw QueryException.badRequest("objectRef: " + e.getMessage());
        }
        if (request.verdict() == null) {
            throw QueryException.badRequest("verdict is missing: one of MALICIOUS, SUSPICIOUS, CLEAN");
        }
        Verdict verdict;
        try {
            verdict = Verdict.valueOf(request.verdict().trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw QueryException.badRequest("verdict '" + request.verdict() + "' is not one of MALICIOUS, SUSPICIOUS, CLEAN");
        }
        if (verdict == Verdict.UNKNOWN) {
            throw QueryException.badRequest("verdict UNKNOWN cannot be set: to remove an override send DELETE /api/v1/verdicts/{ref}");
        }
        double confidence = request.confidence() == null ? 1.0 : request.confidence();
        if (!(confidence >= 0.0 && confidence <= 1.0)) {
            throw QueryException.badRequest("confidence must be within 0.0..1.0, got " + request.confidence());
        }
        if (request.reason() == null || request.reason().isBlank()) {
            throw QueryException.badRequest("reason is missing: say why, e.g. a ticket reference (no personal names)");
        }
        if (request.reason().length() > MAX_REASON) {
            throw QueryException.badRequest("reason is longer than " + MAX_REASON + " characters");
        }
        Instant now = clock.instant();
        Instant expiresAt = null;
        if (request.expiresAt() != null && !request.expiresAt().isBlank()) {
            try {
                expiresAt = Instant.parse(request.expiresAt().trim());
            } catch (DateTimeParseException e) {
                throw QueryException.badRequest("expiresAt '" + request.expiresAt() + "' is not an ISO-8601 instant such as 2030-01-31T12:00:00Z");
            }
            if (!expiresAt.isAfter(now)) {
                throw QueryException.badRequest("expiresAt " + expiresAt + " is not in the future");
            }
        }
        return AnalystVerdict.newBuilder()
                .setObjectRef(ref.toString())
                .setVerdict(verdict)
                .setConfidence(confidence)
                .setReason(request.reason().trim())
                .setCreatedAt(now)
                .setExpiresAt(expiresAt)
                .build();
    }
}
