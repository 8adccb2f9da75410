package org.lmsharness.lms.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.lmsharness.lms.support.Api;
import org.lmsharness.lms.support.LmsProcess;
import org.lmsharness.paymentstub.PaymentProviderStub;

/** SIGTERM to a replica with a slow request in flight: readiness goes down first, the request completes. */
class GracefulShutdownIT {

    @Test
    void slowInFlightCheckoutCompletesAfterSigterm() throws Exception {
        try (PaymentProviderStub provider = PaymentProviderStub.startOnLoopback();
             LmsProcess lms = LmsProcess.start("--server.port=0", "--lms.dataset.size=XS", "--lms.iam.bcrypt-strength=4",
                     "--lms.payment.provider-url=" + provider.baseUri(), "--lms.payment.read-timeout=10s", "--lms.payment.checkout-timeout=10s",
                     "--lms.shutdown.drain-delay=1s")) {
            int port = lms.awaitReady(90);
            assertThat(port).as("LMS started; stderr: %s", lms.stderr()).isPositive();
            Api api = new Api(port);
            Api.Session student = api.logIn("student1@lms.test", Api.DATASET_PASSWORD);
            provider.behave(new PaymentProviderStub.Behaviour(3_000, 0, 503));

            // Course 4 is paid in every dataset; student1 is not enrolled in it.
            CompletableFuture<Api.Response> checkout = CompletableFuture.supplyAsync(() ->
                    api.post("/api/payments/checkout", Map.of("courseId", 4), student, "Idempotency-Key", "shutdown-test"));
            await().atMost(Duration.ofSeconds(10)).until(() -> provider.chargeRequests() == 1);
            long signalledAt = System.nanoTime();
            lms.terminate();

            await().atMost(Duration.ofSeconds(2)).until(() -> api.get("/actuator/health/readiness").status() == 503);
            Api.Response response = checkout.get();
            long inFlightMillis = (System.nanoTime() - signalledAt) / 1_000_000;
            int exitCode = lms.awaitExit(30);

            assertThat(response.status()).as("in-flight checkout after SIGTERM: %s", response.text()).isEqualTo(201);
            assertThat(inFlightMillis).as("the request outlived the signal, ms").isGreaterThan(1_000);
            assertThat(provider.chargesMade()).isEqualTo(1);
            assertThat(exitCode).as("exit code after SIGTERM").isIn(0, 143);
            assertThat(String.join("\n", lms.stdout())).doesNotContain("\tat ");
        }
    }
}
