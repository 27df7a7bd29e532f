/**
 * The {@code opensn-collector} command line (picocli): {@code mode get|set}, {@code check-connection},
 * {@code publish --events FILE}, {@code sent --since 1h}, {@code simulate}. Entry point
 * {@link org.opensn.collector.cli.CollectorCli}; exit codes in {@link org.opensn.collector.cli.ExitCodes}.
 */
package org.opensn.collector.cli;
