/**
 * The OpenSN streams app: {@link org.opensn.streams.StreamsApp} wires the pipeline
 * ({@link org.opensn.streams.topology.PipelineTopology}) and the analyst HTTP API
 * ({@link org.opensn.streams.query.AnalystApi}) from a {@link org.opensn.streams.StreamsAppConfig}.
 */
package org.opensn.streams;
