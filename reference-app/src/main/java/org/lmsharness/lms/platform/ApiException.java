package org.lmsharness.lms.platform;

/** Thrown by any feature to answer with one of {@link ApiError}; the detail names the bad value. */
public final class ApiException extends RuntimeException {

    private final ApiError error;
    private final Long retryAfterSeconds;

    ApiException(ApiError error, String detail, Long retryAfterSeconds) {
        super(detail, null, false, false);
        this.error = error;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public ApiError error() {
        return error;
    }

    /** Seconds, or null when the client should not be told to retry. */
    public Long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
