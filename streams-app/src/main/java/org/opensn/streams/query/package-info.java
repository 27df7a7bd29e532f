/**
 * The analyst HTTP API: queries over the app's state stores, routed to the instance that owns a
 * key or fanned out to all instances for top-N answers, with k-suppression of small figures.
 */
package org.opensn.streams.query;
