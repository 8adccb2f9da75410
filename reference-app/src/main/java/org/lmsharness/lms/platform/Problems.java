package org.lmsharness.lms.platform;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds problem bodies, and writes them where Spring MVC is not in charge (servlet filters and the
 * security chain), so that every error of the app has the same shape.
 */
@Component
public class Problems {

    private final JsonMapper json;

    Problems(JsonMapper json) {
        this.json = json;
    }

    public static ProblemDetail of(ApiError error, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(error.status(), detail);
        problem.setType(error.type());
        problem.setTitle(error.title());
        return problem;
    }

    public void write(HttpServletResponse response, ApiError error, String detail, String instance) throws IOException {
        write(response, error.status().value(), error, detail, instance);
    }

    /** The same, keeping a status the error's own may not be (the servlet container's 505, say). */
    void write(HttpServletResponse response, int status, ApiError error, String detail, String instance) throws IOException {
        ProblemDetail problem = of(error, detail);
        problem.setStatus(status);
        if (instance != null) problem.setInstance(java.net.URI.create(instance));
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }
}
