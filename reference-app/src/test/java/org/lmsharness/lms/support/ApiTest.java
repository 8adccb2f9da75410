package org.lmsharness.lms.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.BeforeEach;
import org.lmsharness.paymentstub.PaymentProviderStub;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the API tests: one LMS (real Tomcat on a random port, real embedded PostgreSQL with the
 * XS dataset, real payment provider stub over HTTP) shared by every test class that extends it.
 * Tests create their own users and courses, so they do not depend on each other's data.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "lms.dataset.size=XS",
        "lms.iam.bcrypt-strength=4",
        "lms.jwt.secret=" + ApiTest.JWT_SECRET,
        "lms.replica.id=test-replica",
        "lms.replica.zone=zone-a",
        "lms.replica.release=test-release",
        "lms.jobs.poll-interval=50ms",
        "lms.jobs.base-backoff=100ms",
        "lms.jobs.max-backoff=400ms",
        "lms.jobs.max-attempts=4",
        "lms.payment.read-timeout=1s",
        "lms.payment.checkout-timeout=1s",
        "lms.payment.breaker.window=10",
        "lms.payment.breaker.open-for=1s",
        "lms.http.max-body-size=16KB",
        // Tests make jobs fail on purpose (dead subscribers): keep their retries out of the build log.
        "logging.level.org.lmsharness.lms.jobs=WARN",
})
public abstract class ApiTest {

    public static final String JWT_SECRET = "test-secret-that-is-at-least-32-bytes-long";

    /** One provider stub for the whole test JVM, like the one external provider of a deployment. */
    protected static final PaymentProviderStub PROVIDER = startProvider();

    @LocalServerPort
    protected int port;

    protected Api api;

    @BeforeEach
    void connect() {
        api = new Api(port);
    }

    @DynamicPropertySource
    static void provider(DynamicPropertyRegistry registry) {
        registry.add("lms.payment.provider-url", () -> PROVIDER.baseUri().toString());
    }

    private static PaymentProviderStub startProvider() {
        try {
            return PaymentProviderStub.startOnLoopback();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
