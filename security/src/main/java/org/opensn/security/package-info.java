/**
 * OpenSN access control, small and framework-free (JDK, SLF4J, kafka-clients).
 *
 * <ul>
 *   <li>{@link org.opensn.security.LicenceKey}: an endpoint's licence key, the licence id and Kafka
 *       principal {@code endpoint-<id>} derived from it, and the SCRAM password derived from it with
 *       PBKDF2, so an endpoint needs one secret only and the cluster stores only SCRAM hashes.
 *   <li>{@link org.opensn.security.KafkaRoleAcls}: the exact ACLs of every role (endpoint,
 *       streams app, analyst, cache) for given topic names and principals.
 *   <li>{@link org.opensn.security.ClusterAccess}: applies those ACLs exactly and idempotently,
 *       registers, revokes and lists licences and sets service users, through an {@code Admin}.
 *   <li>{@link org.opensn.security.ApiKeyAuthenticator}: API keys with {@link org.opensn.security.Role}s
 *       for the HTTP APIs, checked against a key file that holds SHA-256 hashes only.
 *   <li>{@link org.opensn.security.ListenerProbe}: tells, without credentials and within a bounded
 *       time, whether a listener speaks PLAINTEXT, SASL_PLAINTEXT or TLS, so clients can report a
 *       security mismatch instead of timing out.
 * </ul>
 */
package org.opensn.security;
