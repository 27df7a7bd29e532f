package org.opensn.collector;

import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import org.opensn.collector.internals.DefaultEndpointCollector;
import org.opensn.schemas.avro.DetectionEvent;
import org.opensn.schemas.avro.ParticipationMode;
import org.opensn.schemas.avro.ThreatSourceEvent;

/**
 * The endpoint library: reports detections and threat sources, gated by the participation mode.
 *
 * <p>Thread-safe. Report calls never block on the network: in {@code EXTENDED} an event is queued
 * and sent by one background sender through an idempotent producer (acks=all, lz4, batching);
 * while the broker is unreachable (a record not acknowledged within {@code delivery.timeout.ms},
 * or no metadata within {@code max.block.ms}) records go to a bounded on-disk spool and are resent
 * in order when the broker is back. Only records the producer failed to deliver are spooled, so a
 * record is never both delivered and resent (the one exception: a request already on the wire
 * when its delivery timeout expires, whose acknowledgement was lost; consumers deduplicate by
 * {@code eventId}).
 *
 * <p>In {@code OFF} or {@code BASIC} a report records nothing, queues nothing and says why.
 * {@link #setMode} takes effect at once and is persisted; leaving {@code EXTENDED} deletes the spool
 * and aborts every record not yet acknowledged.
 *
 * <p>{@link #close()} waits up to {@code close.timeout.ms} for acknowledgements and spools the rest.
 */
public interface EndpointCollector extends AutoCloseable {

    /** A new builder. */
    static Builder builder() {
        return new Builder();
    }

    /** The participation mode now in force (re-read from the state dir at most once a second). */
    ParticipationMode mode();

    /**
     * Switches participation at once and persists it atomically in the state dir. Leaving
     * {@code EXTENDED} deletes the spool and drops every record not yet acknowledged.
     */
    void setMode(ParticipationMode mode);

    /** Why the persisted mode could not be read (the mode is then {@code OFF}), or empty. */
    Optional<String> modeProblem();

    /** This endpoint's device install id: a random UUID made at first start and kept in the state dir. */
    String deviceInstallId();

    /**
     * A detection builder pre-filled for this endpoint: a new random {@code eventId}, {@code eventTime} now,
     * product and OS details, {@code deviceInstallId}, {@code participationMode=EXTENDED}, host and user name.
     * The caller sets the threat, the object and the action.
     */
    DetectionEvent.Builder newDetection();

    /** A threat-source builder pre-filled like {@link #newDetection()}. */
    ThreatSourceEvent.Builder newThreatSource();

    /**
     * Reports a detection; keyed {@code file:<objectSha256>} (see {@link EventKeys}). Never blocks. When accepted, the
     * event is stamped {@code participationMode=EXTENDED} and its hash lower-cased (it is not copied: do not change it
     * afterwards).
     */
    ReportResult reportDetection(DetectionEvent event);

    /** Reports a threat source; keyed by its host, address or related file (see {@link EventKeys}). Never blocks; stamped like a detection. */
    ReportResult reportThreatSource(ThreatSourceEvent event);

    /**
     * Waits until every record accepted so far is acknowledged or spooled, at most {@code timeout}.
     *
     * @return true if nothing is pending any more
     */
    boolean flush(java.time.Duration timeout) throws InterruptedException;

    /** Counters since build. */
    CollectorStats stats();

    /** Waits up to {@code close.timeout.ms} for acknowledgements, spools what is left, stops the sender. */
    @Override
    void close();

    /** Builds an {@link EndpointCollector}. */
    final class Builder {
        private CollectorConfig config;
        private Clock clock = Clock.systemUTC();

        Builder() {
        }

        /** Required. */
        public Builder config(CollectorConfig config) {
            if (this.config != null) {
                throw new IllegalStateException("config was already set to " + this.config);
            }
            this.config = Objects.requireNonNull(config, "config");
            return this;
        }

        /** The clock for event times, the transparency log and the mode refresh (default: system UTC). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Opens the state dir (creating it), reads the mode and the device id, and starts the sender.
         *
         * @throws java.io.UncheckedIOException if the state dir cannot be created or written
         */
        public EndpointCollector build() {
            if (config == null) {
                throw new IllegalStateException("config is not set: call config(CollectorConfig.load(properties, System.getenv()))");
            }
            return DefaultEndpointCollector.create(config, clock);
        }
    }
}
