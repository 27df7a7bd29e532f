package org.opensn.schemas.registry;

/** Short descriptions of Confluent Schema Registry error codes (and Apicurio's HTTP-status codes). */
final class ErrorCodes {

    private ErrorCodes() {
    }

    static String describe(int errorCode) {
        return switch (errorCode) {
            case 409, 40901 -> "incompatible";
            case 42201 -> "invalid schema";
            case 42202 -> "invalid version";
            case 42203 -> "invalid compatibility level";
            case 422 -> "unprocessable";
            case 40401 -> "subject not found";
            case 40402 -> "version not found";
            case 40403 -> "schema not found";
            case 40408 -> "subject compatibility level not configured";
            case 404 -> "not found";
            case 400 -> "bad request";
            case 401 -> "unauthorized (check basic.auth.user.info)";
            case 403 -> "forbidden (the credentials lack the permission)";
            case 429 -> "rate limited";
            case 50001 -> "registry backend store error";
            case 50002 -> "registry operation timed out";
            case 50003 -> "registry could not forward the request to its primary";
            default -> errorCode >= 500 && errorCode < 600 || errorCode >= 50000 && errorCode < 60000 ? "registry server error" : "error";
        };
    }
}
