package org.lmsharness.lms.platform;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses, before anything else reads them, requests that the servlet container or Spring MVC would
 * otherwise answer with a 500: parameters that are not valid percent-encoding ({@code ?q=%},
 * {@code ?q=%zz}: the container throws when they are first read), a NUL byte in a parameter
 * (PostgreSQL cannot store one, and the client got a 409), and a body whose Content-Type is a
 * wildcard or unreadable ({@code application/*}, {@code * / *}: no converter may read "any type").
 * Each gets its 4xx as problem+json; a hostile-request campaign found all of these as 500s.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1) // after BodySizeLimit: an oversized body is refused unread
class MalformedRequests extends OncePerRequestFilter {

    private final Problems problems;

    MalformedRequests(Problems problems) {
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String refused = parameterProblem(request);
        if (refused != null) {
            problems.write(response, ApiError.BAD_REQUEST, refused, request.getRequestURI());
            return;
        }
        String contentType = request.getContentType();
        if (contentType != null && !contentType.isBlank()) {
            String mediaTypeProblem = mediaTypeProblem(contentType);
            if (mediaTypeProblem != null) {
                problems.write(response, ApiError.UNSUPPORTED_MEDIA_TYPE, mediaTypeProblem, request.getRequestURI());
                return;
            }
        }
        chain.doFilter(request, response);
    }

    private static String parameterProblem(HttpServletRequest request) {
        Map<String, String[]> parameters;
        try {
            parameters = request.getParameterMap();
        } catch (RuntimeException e) { // the container's own exception type varies; any failure to parse is the client's input
            return "the query string or form is not valid percent-encoded UTF-8";
        }
        for (Map.Entry<String, String[]> parameter : parameters.entrySet()) {
            if (parameter.getKey().indexOf('\0') >= 0) return "a parameter name holds a NUL byte";
            for (String value : parameter.getValue()) {
                if (value != null && value.indexOf('\0') >= 0) return "parameter '" + parameter.getKey() + "' holds a NUL byte";
            }
        }
        return null;
    }

    private static String mediaTypeProblem(String contentType) {
        MediaType type;
        try {
            type = MediaType.parseMediaType(contentType);
        } catch (InvalidMediaTypeException e) {
            return "Content-Type '" + contentType + "' is not a media type";
        }
        if (type.isWildcardType() || type.isWildcardSubtype()) return "Content-Type must name one media type, such as application/json, not '" + contentType + "'";
        return null;
    }
}
