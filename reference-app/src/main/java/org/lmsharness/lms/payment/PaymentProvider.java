package org.lmsharness.lms.payment;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * The external payment provider, over real HTTP, behind a timeout and a circuit breaker:
 *
 * <pre>
 *   Checkout -> PaymentProvider -[breaker]-> POST {provider}/v1/charges (Idempotency-Key) -> provider
 * </pre>
 *
 * When the provider is slow or failing, the breaker opens and checkout queues the order (202) at once
 * instead of tying up request threads, so every other journey keeps its latency.
 */
class PaymentProvider {

    record Charge(String id, long amountCents, String currency) {}

    /** The provider did not confirm a charge; {@code retryAfterSeconds} is when to try again. */
    static final class Unavailable extends Exception {
        final long retryAfterSeconds;

        Unavailable(String message, long retryAfterSeconds) {
            super(message, null, false, false);
            this.retryAfterSeconds = retryAfterSeconds;
        }
    }

    /**
     * @param checkoutTimeout how long a buyer's checkout waits for the provider before its order is queued: within the
     *                        latency SLO (p99 1 s), so a provider that hangs does not make checkouts slow
     * @param readTimeout     how long a settlement job, which no one waits on, gives the provider
     */
    record Settings(URI baseUri, Duration connectTimeout, Duration checkoutTimeout, Duration readTimeout, int breakerWindow,
                    float breakerFailureRatePercent, Duration breakerOpenFor) {}

    /** For the buyer's checkout, with its shorter timeout. */
    private final RestClient http;
    /** For settlement jobs and the warm-up. */
    private final RestClient background;
    private final CircuitBreaker breaker;
    private final Settings settings;

    PaymentProvider(Settings settings, MeterRegistry metrics) {
        this.settings = settings;
        HttpClient client = HttpClient.newBuilder().connectTimeout(settings.connectTimeout()).version(HttpClient.Version.HTTP_1_1).build();
        this.http = client(client, settings.checkoutTimeout());
        this.background = client(client, settings.readTimeout());
        CircuitBreakerRegistry breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(settings.breakerWindow())
                .minimumNumberOfCalls(Math.max(2, settings.breakerWindow() / 2))
                .failureRateThreshold(settings.breakerFailureRatePercent())
                .slowCallDurationThreshold(settings.checkoutTimeout())
                .waitDurationInOpenState(settings.breakerOpenFor())
                .permittedNumberOfCallsInHalfOpenState(2)
                .build());
        this.breaker = breakers.circuitBreaker("payment-provider");
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers).bindTo(metrics);
    }

    private RestClient client(HttpClient client, Duration readTimeout) {
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(client);
        requests.setReadTimeout(readTimeout);
        return RestClient.builder().baseUrl(settings.baseUri().toString()).requestFactory(requests).build();
    }

    /**
     * One request to the provider before the replica reports ready, its answer whatever it is: the first call through a
     * cold HTTP client (class loading, the selector thread, the connection) took most of the 2 s read timeout on a
     * just-started replica under half a core, and the first buyer's checkout then failed with 503. Bounded by the read
     * timeout; a provider that does not answer now does not hold the replica back.
     *
     * @return the status the provider answered, or -1
     */
    int warmUp() {
        try {
            return background.get().uri("/health").exchange((request, response) -> response.getStatusCode().value());
        } catch (RestClientException e) {
            return -1;
        }
    }

    /** @param buyerWaiting a checkout (the checkout timeout) rather than a settlement job (the read timeout) */
    Charge charge(String idempotencyKey, long amountCents, String currency, String reference, boolean buyerWaiting) throws Unavailable {
        RestClient client = buyerWaiting ? http : background;
        try {
            return breaker.executeSupplier(() -> client.post().uri("/v1/charges")
                    .header("Idempotency-Key", idempotencyKey)
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(Map.of("amountCents", amountCents, "currency", currency, "reference", reference))
                    .retrieve()
                    .body(Charge.class));
        } catch (CallNotPermittedException e) {
            throw new Unavailable("the payment provider is failing; checkout is paused (circuit breaker open)",
                    Math.max(1, settings.breakerOpenFor().toSeconds()));
        } catch (RestClientException e) {
            throw new Unavailable("the payment provider did not confirm the charge: " + e.getMessage(), 1);
        }
    }
}
