package org.lmsharness.lms.platform;

import java.io.IOException;
import org.apache.catalina.Context;
import org.apache.catalina.Host;
import org.apache.catalina.Lifecycle;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Errors Tomcat answers before any servlet runs (a path with {@code %2F} or {@code %00}, a request
 * line or header over the size limit) in the same problem+json as every other error. Tomcat rendered
 * them as its HTML error page; a generated campaign of hostile requests found 160 such answers.
 * Its host's error report valve is replaced by one that writes the problem instead.
 */
@Configuration(proxyBeanMethods = false)
class ContainerErrors {

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemJsonFromTomcat(Problems problems) {
        return factory -> factory.addContextLifecycleListeners(event -> {
            // The host has its error valve by the time its contexts start: swap it then.
            if (Lifecycle.BEFORE_START_EVENT.equals(event.getType()) && event.getLifecycle() instanceof Context context
                    && context.getParent() instanceof Host host) {
                for (Valve valve : host.getPipeline().getValves()) {
                    if (valve instanceof ErrorReportValve && !(valve instanceof ProblemReport)) host.getPipeline().removeValve(valve);
                }
                if (java.util.Arrays.stream(host.getPipeline().getValves()).noneMatch(ProblemReport.class::isInstance)) {
                    host.getPipeline().addValve(new ProblemReport(problems));
                }
            }
        });
    }

    /** Tomcat's own error report, as problem+json: the status, its type and title, no server details. */
    static final class ProblemReport extends ErrorReportValve {
        private final Problems problems;

        ProblemReport(Problems problems) {
            this.problems = problems;
        }

        @Override
        protected void report(Request request, Response response, Throwable throwable) {
            int status = response.getStatus();
            if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) return;
            ApiError error = ApiError.forStatus(status);
            String detail = status == 400 ? "the server refused the request line, its path or a header (an encoded '/' or NUL, or over the size limit)"
                    : error.title();
            try {
                response.setHeader("X-Content-Type-Options", "nosniff");
                problems.write(response, status, error, detail, null);
                response.finishResponse();
            } catch (IOException | IllegalStateException e) {
                // the client is gone, or the response is already under way: nothing more to say
            }
        }
    }
}
