/**
 * JMH benchmarks of the streams app's distinct-device sketches where the pipeline runs them at every commit: the
 * verdict rules' evaluation of an object and the union of its buckets. Figures and the run command are in
 * {@code docs/PERFORMANCE.md}, section "End-to-end: where the time goes" (session 15).
 */
package org.opensn.benchmarks.sketch;
