/**
 * A simulated fleet of endpoints producing a realistic threat mix: Zipf-distributed threats and file
 * hashes, a share of threat sources with URLs (some carrying user names, tokens or e-mail addresses),
 * Windows, Linux and macOS paths containing user names. Entry point:
 * {@link org.opensn.collector.sim.FleetSimulator#builder()}; used by {@code opensn-collector simulate},
 * the standalone launcher and the end-to-end benchmark.
 */
package org.opensn.collector.sim;
