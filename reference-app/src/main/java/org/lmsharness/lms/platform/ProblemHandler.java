package org.lmsharness.lms.platform;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * Turns every exception raised in a controller into a problem+json body with the right status, and
 * never lets a stack trace or an exception class name reach the client.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ProblemDetail> api(ApiException e, HttpServletRequest request) {
        HttpHeaders headers = new HttpHeaders();
        if (e.retryAfterSeconds() != null) headers.set(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfterSeconds()));
        return problem(e.error(), e.getMessage(), headers, request);
    }

    @ExceptionHandler(AccessDeniedException.class)
    ResponseEntity<ProblemDetail> denied(AccessDeniedException e, HttpServletRequest request) {
        return problem(ApiError.FORBIDDEN, "your role may not call " + request.getMethod() + " " + request.getRequestURI(), new HttpHeaders(), request);
    }

    @ExceptionHandler(AuthenticationException.class)
    ResponseEntity<ProblemDetail> unauthenticated(AuthenticationException e, HttpServletRequest request) {
        return problem(ApiError.UNAUTHENTICATED, "a valid bearer token is required", new HttpHeaders(), request);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException e, HttpServletRequest request) {
        String expected = e.getRequiredType() == null ? "another type" : e.getRequiredType().getSimpleName().toLowerCase();
        // ?page=page&page=2 arrives as an array, whose toString named a Java class ("[Ljava.lang.String;@1f2e")
        String given = e.getValue() instanceof Object[] values ? String.join("', '", java.util.Arrays.stream(values).map(String::valueOf).toList())
                : String.valueOf(e.getValue());
        return problem(ApiError.BAD_REQUEST, "parameter '" + e.getName() + "' must be " + expected + ", got '" + given + "'", new HttpHeaders(), request);
    }

    @ExceptionHandler(jakarta.validation.ConstraintViolationException.class)
    ResponseEntity<ProblemDetail> constraint(jakarta.validation.ConstraintViolationException e, HttpServletRequest request) {
        String detail = e.getConstraintViolations().stream()
                .map(violation -> "'" + violation.getPropertyPath() + "' " + violation.getMessage()).sorted().collect(Collectors.joining("; "));
        return problem(ApiError.BAD_REQUEST, detail, new HttpHeaders(), request);
    }

    @ExceptionHandler(DuplicateKeyException.class)
    ResponseEntity<ProblemDetail> duplicate(DuplicateKeyException e, HttpServletRequest request) {
        return problem(ApiError.CONFLICT, "a resource with the same unique values already exists", new HttpHeaders(), request);
    }

    @ExceptionHandler(DataIntegrityViolationException.class)
    ResponseEntity<ProblemDetail> integrity(DataIntegrityViolationException e, HttpServletRequest request) {
        return problem(ApiError.CONFLICT, "the change conflicts with existing data", new HttpHeaders(), request);
    }

    /**
     * Whether the exception, or one it wraps, says the database is unreachable or failing over: the
     * exceptions {@link #databaseUnavailable} answers, for errors raised outside Spring MVC (ErrorPage).
     */
    static boolean isDatabaseUnavailable(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof DataAccessResourceFailureException || cause instanceof TransientDataAccessException
                    || cause instanceof org.springframework.transaction.CannotCreateTransactionException
                    || cause instanceof org.springframework.transaction.TransactionSystemException) return true;
        }
        return false;
    }

    /**
     * The database is unreachable or failing over: tell the client to retry rather than a bare 500. A
     * transaction that could not be rolled back or committed (its connection closed under it) is one:
     * writes answered 500 while the database went away (quiz attempts and progress heartbeats, in
     * replica-db-partition and db-primary-loss).
     */
    @ExceptionHandler({DataAccessResourceFailureException.class, TransientDataAccessException.class,
            org.springframework.transaction.CannotCreateTransactionException.class, org.springframework.transaction.TransactionSystemException.class})
    ResponseEntity<ProblemDetail> databaseUnavailable(RuntimeException e, HttpServletRequest request) {
        log.warn("database unavailable on {} {}: {}", request.getMethod(), request.getRequestURI(), e.getMessage());
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, "1");
        return problem(ApiError.DEPENDENCY_UNAVAILABLE, "the database is unavailable; retry shortly", headers, request);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e, HttpServletRequest request) {
        log.error("unexpected error on {} {}", request.getMethod(), request.getRequestURI(), e);
        return problem(ApiError.INTERNAL, "an unexpected error occurred; it has been logged", new HttpHeaders(), request);
    }

    /** Missing or invalid fields in a well-formed body: 422, naming each field. */
    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        List<Map<String, String>> errors = e.getBindingResult().getFieldErrors().stream()
                .map(field -> Map.of("field", field.getField(), "message", String.valueOf(field.getDefaultMessage())))
                .toList();
        String detail = errors.stream().map(error -> "'" + error.get("field") + "' " + error.get("message"))
                .sorted().collect(Collectors.joining("; "));
        ProblemDetail problem = Problems.of(ApiError.INVALID, detail);
        problem.setProperty("errors", errors);
        return ResponseEntity.status(ApiError.INVALID.status()).headers(headers).body(problem);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException e, HttpHeaders headers,
                                                                            HttpStatusCode status, WebRequest request) {
        String detail = e.getParameterValidationResults().stream()
                .flatMap(result -> result.getResolvableErrors().stream()
                        .map(error -> "'" + result.getMethodParameter().getParameterName() + "' " + error.getDefaultMessage()))
                .sorted().collect(Collectors.joining("; "));
        return ResponseEntity.status(ApiError.BAD_REQUEST.status()).headers(headers).body(Problems.of(ApiError.BAD_REQUEST, detail));
    }

    /** Malformed JSON, a wrong type, or a body over the size limit. */
    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof BodySizeLimit.TooLarge tooLarge) {
                return ResponseEntity.status(ApiError.PAYLOAD_TOO_LARGE.status()).body(Problems.of(ApiError.PAYLOAD_TOO_LARGE, tooLarge.getMessage()));
            }
        }
        String detail = "request body is missing or is not valid JSON";
        if (e.getCause() instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
            detail = "field '" + path(mismatch) + "' has the wrong type or format";
        } else if (e.getCause() instanceof DatabindException databind && !databind.getPath().isEmpty()) {
            detail = "field '" + path(databind) + "' cannot be read";
        } else if (e.getCause() instanceof StreamReadException) {
            detail = "request body is not valid JSON";
        }
        return ResponseEntity.status(ApiError.BAD_REQUEST.status()).body(Problems.of(ApiError.BAD_REQUEST, detail));
    }

    /** Everything else Spring MVC raises itself (404, 405, 406, 415, missing parameters...). */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception e, Object body, HttpHeaders headers,
                                                             HttpStatusCode status, WebRequest request) {
        ApiError error = ApiError.forStatus(status.value());
        String detail = body instanceof ProblemDetail problem && problem.getDetail() != null ? problem.getDetail() : error.title();
        ProblemDetail problem = Problems.of(error, detail);
        return ResponseEntity.status(error.status()).headers(headers).body(problem);
    }

    private static String path(DatabindException e) {
        return e.getPath().stream()
                .map(reference -> reference.getPropertyName() != null ? reference.getPropertyName() : "[" + reference.getIndex() + "]")
                .collect(Collectors.joining("."));
    }

    private static ResponseEntity<ProblemDetail> problem(ApiError error, String detail, HttpHeaders headers, HttpServletRequest request) {
        ProblemDetail problem = Problems.of(error, detail);
        problem.setInstance(URI.create(request.getRequestURI()));
        return ResponseEntity.status(error.status()).headers(headers).body(problem);
    }
}
