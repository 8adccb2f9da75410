package org.lmsharness.lms.platform;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The servlet container's error page, in place of Spring Boot's: errors raised outside Spring MVC
 * (the container refusing a path or a header, the security firewall) are forwarded here and get the
 * same problem+json as every other error. Called directly, {@code /error} is not a resource (Boot's
 * answered 500).
 */
@RestController
class ErrorPage implements ErrorController {

    @RequestMapping("/error")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        if (!(code instanceof Integer status)) {
            return respond(ApiError.NOT_FOUND, "no such resource: /error", "/error");
        }
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String instance = uri == null ? null : uri.toString();
        // The database down while a filter needed it (the role check on a bearer token): a 503 to retry, as from a controller.
        if (request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof Throwable thrown && ProblemHandler.isDatabaseUnavailable(thrown)) {
            return respond(ApiError.DEPENDENCY_UNAVAILABLE, "the database is unavailable; retry shortly", instance);
        }
        ApiError error = status >= 500 ? ApiError.INTERNAL : ApiError.forStatus(status);
        return respond(error, error.title(), instance);
    }

    private static ResponseEntity<ProblemDetail> respond(ApiError error, String detail, String instance) {
        ProblemDetail problem = Problems.of(error, detail);
        if (instance != null) {
            try {
                problem.setInstance(URI.create(instance));
            } catch (IllegalArgumentException e) {
                // the refused path itself may not be a valid URI: leave it out
            }
        }
        HttpHeaders headers = new HttpHeaders();
        headers.set("X-Content-Type-Options", "nosniff");
        if (error == ApiError.DEPENDENCY_UNAVAILABLE) headers.set(HttpHeaders.RETRY_AFTER, "1");
        return ResponseEntity.status(error.status()).headers(headers).body(problem);
    }
}
