package org.lmsharness.lms.platform;

import java.net.URI;
import org.springframework.http.HttpStatus;

/**
 * Every error the API answers with, in one place, with its HTTP status. Each becomes an RFC 9457
 * {@code application/problem+json} body whose {@code type} is {@code urn:lms:problem:<slug>}.
 */
public enum ApiError {
    BAD_REQUEST(HttpStatus.BAD_REQUEST, "bad-request", "The request is malformed"),
    UNAUTHENTICATED(HttpStatus.UNAUTHORIZED, "unauthenticated", "A valid bearer token is required"),
    FORBIDDEN(HttpStatus.FORBIDDEN, "forbidden", "Not allowed for this user"),
    NOT_FOUND(HttpStatus.NOT_FOUND, "not-found", "No such resource"),
    METHOD_NOT_ALLOWED(HttpStatus.METHOD_NOT_ALLOWED, "method-not-allowed", "Method not allowed"),
    NOT_ACCEPTABLE(HttpStatus.NOT_ACCEPTABLE, "not-acceptable", "No acceptable representation"),
    CONFLICT(HttpStatus.CONFLICT, "conflict", "Conflicts with the current state"),
    PAYLOAD_TOO_LARGE(HttpStatus.CONTENT_TOO_LARGE, "payload-too-large", "Request body too large"),
    UNSUPPORTED_MEDIA_TYPE(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type", "Unsupported media type"),
    INVALID(HttpStatus.UNPROCESSABLE_CONTENT, "invalid", "The request has invalid values"),
    TOO_MANY_REQUESTS(HttpStatus.TOO_MANY_REQUESTS, "too-many-requests", "Too many requests"),
    INTERNAL(HttpStatus.INTERNAL_SERVER_ERROR, "internal", "Internal error"),
    DEPENDENCY_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "dependency-unavailable", "A dependency is unavailable");

    private final HttpStatus status;
    private final URI type;
    private final String title;

    ApiError(HttpStatus status, String slug, String title) {
        this.status = status;
        this.type = URI.create("urn:lms:problem:" + slug);
        this.title = title;
    }

    public HttpStatus status() {
        return status;
    }

    public URI type() {
        return type;
    }

    public String title() {
        return title;
    }

    public ApiException because(String detail) {
        return new ApiException(this, detail, null);
    }

    /** The same error, telling the client when to try again ({@code Retry-After}, in seconds). */
    public ApiException because(String detail, long retryAfterSeconds) {
        return new ApiException(this, detail, retryAfterSeconds);
    }

    public static ApiError forStatus(int status) {
        for (ApiError error : values()) {
            if (error.status.value() == status) return error;
        }
        return status >= 500 ? INTERNAL : BAD_REQUEST;
    }
}
