/**
 * The one-process launcher behind {@code ./opensn}: {@code up} runs the whole network locally
 * (embedded broker and registry, streams app, reputation cache, simulated fleet); the other
 * commands run one component alone against an existing cluster.
 */
package org.opensn.standalone;
