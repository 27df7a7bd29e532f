/**
 * Implementation of the collector: the sender thread, participation-mode file, device id, spool
 * and transparency log. Not an API: only {@link org.opensn.collector.EndpointCollector} and
 * {@link org.opensn.collector.SentLog} create these.
 */
package org.opensn.collector.internals;
