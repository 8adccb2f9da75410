package org.lmsharness.lms.payment;

import org.lmsharness.lms.jobs.JobHandler;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Charges a QUEUED payment once a provider answers: the job a checkout enqueued when the provider did
 * not. A provider still unavailable throws, and the job queue tries again later with backoff. The
 * provider key is the payment's, so a charge the provider made but never confirmed is returned, not
 * made again.
 */
@Component
class Settlement implements JobHandler {

    static final String KIND = "payment.settle";

    private final Payments payments;
    private final PaymentProvider provider;
    private final Checkout checkout;

    Settlement(Payments payments, PaymentProvider provider, Checkout checkout) {
        this.payments = payments;
        this.provider = provider;
        this.checkout = checkout;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public void handle(JsonNode payload) throws PaymentProvider.Unavailable {
        Payments.Payment payment = payments.byId(payload.get("paymentId").asLong()).orElse(null);
        if (payment == null || payment.status() != Payments.Status.QUEUED) return; // settled already: a job that ran again
        PaymentProvider.Charge charge = provider.charge(payment.providerKey(), payment.amountCents(), payment.currency(), "course-" + payment.courseId(), false);
        checkout.settle(payment, charge);
    }
}
