package org.lmsharness.toxiproxy.api;

/**
 * Every error of the control API, with its HTTP status, worded as Toxiproxy 2.12 words it: clients
 * match on these texts (the Java client turns them into {@code IOException("[status] error")}).
 * The body is {@code {"error": message, "status": status}}.
 */
public final class ApiError extends RuntimeException {

    public static final ApiError BAD_REQUEST_BODY = new ApiError("bad request body", 400);
    public static final ApiError MISSING_FIELD = new ApiError("missing required field", 400);
    public static final ApiError PROXY_NOT_FOUND = new ApiError("proxy not found", 404);
    public static final ApiError PROXY_ALREADY_EXISTS = new ApiError("proxy already exists", 409);
    public static final ApiError INVALID_STREAM =
            new ApiError("stream was invalid, can be either upstream or downstream", 400);
    public static final ApiError INVALID_TOXIC_TYPE = new ApiError("invalid toxic type", 400);
    public static final ApiError TOXIC_ALREADY_EXISTS = new ApiError("toxic already exists", 409);
    public static final ApiError TOXIC_NOT_FOUND = new ApiError("toxic not found", 404);

    private final int status;

    private ApiError(String message, int status) {
        super(message, null, false, false);
        this.status = status;
    }

    /** An error Toxiproxy has no status for (a listen address that cannot be bound or parsed): 500. */
    public static ApiError internal(String message) {
        return new ApiError(message, 500);
    }

    /** This error with a detail appended, as Toxiproxy's {@code joinError}: "missing required field: name". */
    public ApiError with(String detail) {
        return new ApiError(getMessage() + ": " + detail, status);
    }

    public int status() {
        return status;
    }
}
