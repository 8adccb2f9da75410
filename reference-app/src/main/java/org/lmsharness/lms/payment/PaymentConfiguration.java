package org.lmsharness.lms.payment;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import org.lmsharness.lms.platform.InvalidSetting;
import org.lmsharness.paymentstub.PaymentProviderStub;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class PaymentConfiguration {

    private static final Logger log = LoggerFactory.getLogger(PaymentConfiguration.class);

    /**
     * {@code lms.payment.provider-url} names the provider; left empty, the app starts the provider
     * stub on a loopback port of its own, so checkout works on a bare machine.
     */
    @Bean
    PaymentProvider paymentProvider(MeterRegistry metrics,
                                    @Value("${lms.payment.provider-url:}") String providerUrl,
                                    @Value("${lms.payment.connect-timeout:1s}") Duration connectTimeout,
                                    @Value("${lms.payment.checkout-timeout:800ms}") Duration checkoutTimeout,
                                    @Value("${lms.payment.read-timeout:2s}") Duration readTimeout,
                                    @Value("${lms.payment.breaker.window:20}") int window,
                                    @Value("${lms.payment.breaker.failure-rate-percent:50}") float failureRate,
                                    @Value("${lms.payment.breaker.open-for:10s}") Duration openFor,
                                    InProcessStub inProcessStub) {
        URI base;
        if (providerUrl.isBlank()) {
            base = inProcessStub.start();
        } else {
            base = URI.create(providerUrl);
            if (base.getScheme() == null || !base.getScheme().startsWith("http") || base.getHost() == null) {
                throw new InvalidSetting("lms.payment.provider-url", providerUrl, "an http(s) URL such as http://127.0.0.1:9090");
            }
        }
        return new PaymentProvider(new PaymentProvider.Settings(base, connectTimeout, checkoutTimeout, readTimeout, window, failureRate, openFor), metrics);
    }

    /** Runs before the replica reports ready (runners come before the ready event), so the first checkout meets a warm client. */
    @Bean
    ApplicationRunner paymentProviderWarmUp(PaymentProvider provider) {
        return arguments -> {
            long started = System.nanoTime();
            int status = provider.warmUp();
            log.info("payment provider warm-up: {} in {} ms", status < 0 ? "no answer" : "status " + status, (System.nanoTime() - started) / 1_000_000);
        };
    }

    @Bean(destroyMethod = "close")
    InProcessStub inProcessStub() {
        return new InProcessStub();
    }

    /** Holds the in-process stub, if one was started, so it stops with the app. */
    static final class InProcessStub implements AutoCloseable {
        private PaymentProviderStub stub;

        URI start() {
            try {
                stub = PaymentProviderStub.startOnLoopback();
            } catch (IOException e) {
                throw new IllegalStateException("cannot start the in-process payment provider stub: " + e.getMessage(), e);
            }
            log.info("lms.payment.provider-url is not set: using the in-process payment provider stub at {}", stub.baseUri());
            return stub.baseUri();
        }

        @Override
        public void close() {
            if (stub != null) stub.close();
        }
    }
}
