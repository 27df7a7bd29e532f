package org.opensn.benchmarks.e2e;

/**
 * The plain consume → produce loop baseline.
 *
 * @param records records copied
 * @param seconds from the first poll to the last acknowledgement
 */
record LoopResult(long records, double seconds) {

    double rate() {
        return records / seconds;
    }
}
