package org.opensn.benchmarks.e2e;

/**
 * One throughput run of the pipeline. Times are seconds from the first report of the measured batch;
 * {@code NaN} when the point was not reached (or, for {@code committedSeconds}, not waited for).
 *
 * @param settings          the guarantee and any overrides, e.g. {@code at_least_once, commit.interval.ms=100}
 * @param events            N
 * @param publishedSeconds  the collector had accepted all N reports
 * @param ackedSeconds      the broker had acknowledged all N records
 * @param processedSeconds  the stream threads had processed all N (anonymized and aggregated)
 * @param committedSeconds  the app's committed offsets had reached the end of its input topics
 * @param queueRetries      reports retried because the collector's queue was full
 * @param processed         detections processed for the batch (N expected)
 * @param deadLetters       records on the dead-letter topic after the run
 */
record ThroughputResult(String settings, int events, double publishedSeconds, double ackedSeconds, double processedSeconds,
                        double committedSeconds, long queueRetries, long processed, long deadLetters) {

    /** N / processedSeconds. */
    double processedRate() {
        return events / processedSeconds;
    }

    /** N / committedSeconds. */
    double committedRate() {
        return events / committedSeconds;
    }

    /** N / ackedSeconds: how fast the collector got the batch into Kafka while the pipeline ran. */
    double collectorRate() {
        return events / ackedSeconds;
    }

    boolean finished() {
        return !Double.isNaN(processedSeconds) || !Double.isNaN(committedSeconds);
    }
}
