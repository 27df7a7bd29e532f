package org.opensn.streams.query;

/** A query that cannot be answered; carries the HTTP status and, for 503, the Retry-After seconds. */
final class QueryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final int retryAfterSeconds;

    private QueryException(int status, String message, int retryAfterSeconds) {
        super(message);
        this.status = status;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    static QueryException badRequest(String message) {
        return new QueryException(400, message, 0);
    }

    static QueryException notFound(String message) {
        return new QueryException(404, message, 0);
    }

    /** Stores are not queryable (starting, rebalancing, restoring): try again shortly. */
    static QueryException unavailable(String message) {
        return new QueryException(503, message, 2);
    }

    static QueryException badGateway(String message) {
        return new QueryException(502, message, 0);
    }

    int status() {
        return status;
    }

    int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
