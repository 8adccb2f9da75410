package org.lmsharness.lms.platform;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.micrometer.metrics.autoconfigure.MeterRegistryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Which replica and zone this process is (from {@code lms.replica.id} and {@code lms.replica.zone}).
 * Every response carries them in {@code X-Lms-Replica} / {@code X-Lms-Zone}, and every metric in its
 * {@code replica} / {@code zone} tags, so a load test and a dashboard can tell replicas apart. The
 * release it was deployed as ({@code lms.replica.release}) is in {@code X-Lms-Release}: during a
 * rolling update, which version answered a request.
 */
@Configuration(proxyBeanMethods = false)
public class Replica {

    public record Identity(String id, String zone, String release) {}

    @Bean
    Identity replicaIdentity(@Value("${lms.replica.id:}") String id, @Value("${lms.replica.zone:local}") String zone,
                             @Value("${lms.replica.release:unnamed}") String release) {
        return new Identity(id.isBlank() ? defaultId() : id, zone, release);
    }

    @Bean
    MeterRegistryCustomizer<MeterRegistry> replicaTags(Identity identity) {
        return registry -> registry.config().commonTags("application", "lms", "replica", identity.id(), "zone", identity.zone());
    }

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE + 1)
    OncePerRequestFilter replicaHeaders(Identity identity) {
        return new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                response.setHeader("X-Lms-Replica", identity.id());
                response.setHeader("X-Lms-Zone", identity.zone());
                response.setHeader("X-Lms-Release", identity.release());
                chain.doFilter(request, response);
            }
        };
    }

    private static String defaultId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "localhost";
        }
        return host + "-" + ManagementFactory.getRuntimeMXBean().getPid();
    }
}
