package org.opensn.collector;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * What happened to one report.
 *
 * @param status  what the call did at once
 * @param reason  a human-readable explanation (why it was refused, what was wrong, or "queued")
 * @param eventId the event id of the report, or null if the event had none
 * @param outcome completes with the final {@link Delivery}; already complete unless {@code ACCEPTED}
 */
public record ReportResult(ReportStatus status, String reason, String eventId, CompletionStage<Delivery> outcome) {

    public ReportResult {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(outcome, "outcome");
    }

    /** True if the report was accepted for sending. */
    public boolean accepted() {
        return status == ReportStatus.ACCEPTED;
    }

    static ReportResult notSent(ReportStatus status, String reason, String eventId) {
        return new ReportResult(status, reason, eventId, CompletableFuture.completedFuture(Delivery.NOT_SENT));
    }

    /** A result that was not accepted; used by the implementation. */
    public static ReportResult refused(ReportStatus status, String reason, String eventId) {
        if (status == ReportStatus.ACCEPTED) {
            throw new IllegalArgumentException("refused(...) needs a status other than ACCEPTED");
        }
        return notSent(status, reason, eventId);
    }
}
