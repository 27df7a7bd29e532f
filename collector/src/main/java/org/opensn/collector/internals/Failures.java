package org.opensn.collector.internals;

import java.io.IOException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.RetriableException;
import org.opensn.schemas.registry.SchemaRegistryException;

/** Decides whether a failure is worth keeping the record for (spool and resend) or permanent (drop it). */
final class Failures {

    private Failures() {
    }

    /**
     * True for a broker or registry that is away, slow or refusing credentials (an operator can fix that, so the
     * record is kept); false for a record that can never be sent (too large, schema incompatible, invalid).
     */
    static boolean keepForRetry(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SchemaRegistryException sre) {
                int status = sre.httpStatus();
                return status == SchemaRegistryException.UNREACHABLE || status >= 500 || status == 429
                        || status == 401 || status == 403 || status == 408;
            }
            if (c instanceof RetriableException || c instanceof AuthenticationException || c instanceof AuthorizationException
                    || c instanceof IOException || c instanceof IllegalStateException) {
                return true;
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return false;
    }

    /** A short description for logs: class and message, never record contents. */
    static String describe(Throwable t) {
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}
