/**
 * Producer throughput over SASL_SSL (SCRAM-SHA-512, TLS, ACLs) against PLAINTEXT on the same
 * embedded broker set-up: {@link org.opensn.benchmarks.security.SaslSslProducerBenchmark}.
 */
package org.opensn.benchmarks.security;
