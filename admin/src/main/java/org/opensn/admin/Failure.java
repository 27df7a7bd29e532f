package org.opensn.admin;

import java.io.UncheckedIOException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.SecurityDisabledException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnsupportedSaslMechanismException;

/** Turns a failure into an exit code and a message that names the thing and the fix. */
record Failure(int exitCode, String message) {

    static Failure of(Throwable ex, AdminConfig config) {
        String where = config == null ? "the cluster" : "the cluster at " + config.bootstrapServers();
        Throwable cause = ex;
        while (cause.getCause() != null && !(cause instanceof KafkaException) && cause != cause.getCause()) {
            cause = cause.getCause();
        }
        if (cause instanceof SslAuthenticationException) {
            return new Failure(ExitCodes.AUTH_REFUSED, "TLS handshake with " + where + " failed (" + cause.getMessage()
                    + "): give the admin the broker's CA in kafka.ssl.truststore.location (and .password/.type)");
        }
        if (cause instanceof UnsupportedSaslMechanismException) {
            return new Failure(ExitCodes.AUTH_REFUSED, where + " does not offer the SASL mechanism in kafka.sasl.mechanism ("
                    + cause.getMessage() + "): OpenSN uses SCRAM-SHA-512");
        }
        if (cause instanceof AuthenticationException) {
            return new Failure(ExitCodes.AUTH_REFUSED, where + " refused the admin's login (" + cause.getMessage()
                    + "): check the user and password in kafka.sasl.jaas.config (or OPENSN_KAFKA_SASL_JAAS_CONFIG)");
        }
        if (cause instanceof SecurityDisabledException) {
            return new Failure(ExitCodes.FAILED, where + " has no authorizer, so ACLs cannot be set (" + cause.getMessage()
                    + "): run the brokers with authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer"
                    + " and allow.everyone.if.no.acl.found=false");
        }
        if (cause instanceof AuthorizationException) {
            return new Failure(ExitCodes.AUTH_REFUSED, where + " refused the operation to the admin's principal ("
                    + cause.getMessage() + "): log in as a super user (broker setting super.users) or a user with ALTER on the cluster");
        }
        if (cause instanceof TimeoutException) {
            return new Failure(ExitCodes.UNREACHABLE, where + " did not answer in time (" + cause.getMessage()
                    + "): check bootstrap.servers, that the brokers run, and that kafka.security.protocol matches the listener"
                    + " (a PLAINTEXT client on a SASL port gets no answer at all)");
        }
        if (cause instanceof IllegalArgumentException || cause instanceof UncheckedIOException) {
            return new Failure(ExitCodes.FAILED, cause.getMessage());
        }
        return new Failure(ExitCodes.FAILED, String.valueOf(cause.getMessage() == null ? cause : cause.getMessage()));
    }
}
