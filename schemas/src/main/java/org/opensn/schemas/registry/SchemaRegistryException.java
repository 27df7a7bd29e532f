package org.opensn.schemas.registry;

import org.apache.kafka.common.errors.SerializationException;

/**
 * A schema registry refused a request or could not be reached. It is a Kafka
 * {@link SerializationException} so that serdes can let it through unchanged; the message names
 * the registry URL, what was asked (subject or schema id) and the registry's error code and message.
 */
public class SchemaRegistryException extends SerializationException {

    private static final long serialVersionUID = 1L;

    /** HTTP status used when the registry could not be reached at all. */
    public static final int UNREACHABLE = -1;

    private final String registryUrl;
    private final int httpStatus;
    private final int errorCode;

    public SchemaRegistryException(String message, String registryUrl, int httpStatus, int errorCode, Throwable cause) {
        super(message, cause);
        this.registryUrl = registryUrl;
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
    }

    /** The registry base URL the request went to. */
    public String registryUrl() {
        return registryUrl;
    }

    /** The HTTP status of the answer, or {@link #UNREACHABLE}. */
    public int httpStatus() {
        return httpStatus;
    }

    /**
     * The registry's {@code error_code} (e.g. 40901, 42201, 40403), or the HTTP status when the body had
     * none, or {@link #UNREACHABLE}.
     */
    public int errorCode() {
        return errorCode;
    }

    /** True for an incompatible schema (Confluent answers 40901, Apicurio 409). */
    public boolean isIncompatible() {
        return httpStatus == 409 || errorCode == 409 || errorCode == 40901;
    }

    /** True when the subject, version or schema id does not exist. */
    public boolean isNotFound() {
        return httpStatus == 404;
    }
}
