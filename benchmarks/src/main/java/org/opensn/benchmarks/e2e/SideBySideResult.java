package org.opensn.benchmarks.e2e;

/**
 * One app's share of a side-by-side run: what it processed while every app was still busy.
 *
 * @param variant       which configuration
 * @param settings      the guarantee and any overrides
 * @param events        detections processed in the window
 * @param windowSeconds from the common start to the moment the first app had processed all N
 */
record SideBySideResult(Variant variant, String settings, double events, double windowSeconds) {

    double rate() {
        return events / windowSeconds;
    }
}
