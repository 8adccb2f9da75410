package org.lmsharness.lms.payment;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Optional;
import org.lmsharness.lms.catalog.Catalog;
import org.lmsharness.lms.enrollment.Enrollment;
import org.lmsharness.lms.iam.CurrentUser;
import org.lmsharness.lms.jobs.Jobs;
import org.lmsharness.lms.platform.ApiError;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Buying a course with an {@code Idempotency-Key}: however many times, on however many replicas, a
 * request with the same key arrives, the buyer is charged at most once.
 *
 * <ol>
 *   <li>The first request inserts a PENDING payment; the unique (buyer, key) pair makes every
 *       concurrent duplicate lose that race, and they get 409 "in progress".</li>
 *   <li>The provider is called outside any database transaction, with a key derived from the
 *       payment's id, so the provider too charges that payment at most once.</li>
 *   <li>Success is recorded and the buyer enrolled in one transaction; later duplicates replay it.</li>
 *   <li>When the provider does not answer (down, too slow, its circuit breaker open), the order is
 *       kept: the payment becomes QUEUED with a settlement job in the same transaction, and the buyer
 *       gets 202 with where to poll ({@code GET /api/payments/{id}}). {@link Settlement} charges it
 *       when a provider answers, with the same provider key, which cannot charge twice; the
 *       enrolment and the webhooks follow as for an immediate charge.</li>
 * </ol>
 */
@Service
class Checkout {

    record Receipt(long paymentId, long courseId, long amountCents, String currency, String status, String chargeId, boolean replayed) {}

    /** Attempts of a settlement job: backing off 1 s doubling to 5 min, about an hour of provider outage. */
    static final int SETTLEMENT_ATTEMPTS = 20;

    private final Payments payments;
    private final Jobs jobs;
    private final Catalog catalog;
    private final Enrollment enrollment;
    private final PaymentProvider provider;
    private final TransactionTemplate transaction;
    private final ApplicationEventPublisher events;
    private final Duration lease;
    private final MeterRegistry metrics;

    Checkout(Payments payments, Jobs jobs, Catalog catalog, Enrollment enrollment, PaymentProvider provider, TransactionTemplate transaction,
             ApplicationEventPublisher events, MeterRegistry metrics, @Value("${lms.payment.pending-lease:30s}") Duration lease) {
        this.payments = payments;
        this.jobs = jobs;
        this.catalog = catalog;
        this.enrollment = enrollment;
        this.provider = provider;
        this.transaction = transaction;
        this.events = events;
        this.metrics = metrics;
        this.lease = lease;
    }

    Receipt checkout(CurrentUser buyer, String idempotencyKey, long courseId) {
        Catalog.CourseSummary course = catalog.require(courseId).course();
        if (course.isFree()) throw ApiError.CONFLICT.because("course " + courseId + " is free: enrol with POST /api/courses/" + courseId + "/enrollments");
        // A new key for a course the buyer already owns would charge twice; a replay of the key that bought it is answered below.
        if (enrollment.isEnrolled(buyer.id(), courseId) && payments.find(buyer.id(), idempotencyKey).isEmpty()) {
            count("already_owned");
            throw ApiError.CONFLICT.because("you are already enrolled in course " + courseId + "; nothing to buy");
        }

        Optional<Payments.Payment> inserted = payments.insertPending(buyer.id(), idempotencyKey, courseId, course.priceCents(), course.currency());
        Payments.Payment payment = inserted.isPresent() ? inserted.get() : existing(buyer, idempotencyKey, courseId);
        if (payment.status() == Payments.Status.SUCCEEDED || payment.status() == Payments.Status.QUEUED) {
            count("replayed");
            return receipt(payment, payment.status(), payment.providerChargeId(), true);
        }
        PaymentProvider.Charge charge;
        try {
            charge = provider.charge(payment.providerKey(), payment.amountCents(), payment.currency(), "course-" + courseId, true);
        } catch (PaymentProvider.Unavailable e) {
            transaction.executeWithoutResult(status -> {
                payments.markQueued(payment.id(), e.getMessage());
                jobs.enqueue(Settlement.KIND, java.util.Map.of("paymentId", payment.id()), "payment-" + payment.id(), SETTLEMENT_ATTEMPTS);
            });
            count("queued");
            return receipt(payment, Payments.Status.QUEUED, null, false);
        }
        settle(payment, charge);
        count("charged");
        return receipt(payment, Payments.Status.SUCCEEDED, charge.id(), false);
    }

    /**
     * Records a charge the provider confirmed, enrols the buyer and announces it, in one transaction;
     * once only, however often it is called for the payment (a settlement job that runs again).
     */
    void settle(Payments.Payment payment, PaymentProvider.Charge charge) {
        transaction.executeWithoutResult(status -> {
            if (!payments.markSucceeded(payment.id(), charge.id())) return;
            enrollment.enrolPaid(payment.userId(), payment.courseId());
            events.publishEvent(new PaymentSucceeded(payment.id(), payment.userId(), payment.courseId(), payment.amountCents(), payment.currency(), charge.id()));
        });
    }

    /** One of the buyer's payments; another buyer's reads as absent. */
    Receipt payment(CurrentUser buyer, long paymentId) {
        Payments.Payment payment = payments.byId(paymentId).filter(found -> found.userId() == buyer.id())
                .orElseThrow(() -> ApiError.NOT_FOUND.because("you have no payment " + paymentId));
        return receipt(payment, payment.status(), payment.providerChargeId(), false);
    }

    /** The key was seen before, or the course was bought with another: replay it, take it over, or say why not. */
    private Payments.Payment existing(CurrentUser buyer, String idempotencyKey, long courseId) {
        Optional<Payments.Payment> byKey = payments.find(buyer.id(), idempotencyKey);
        if (byKey.isEmpty()) {
            Optional<Payments.Payment> other = payments.findForCourse(buyer.id(), courseId);
            if (other.isPresent() && !other.get().idempotencyKey().equals(idempotencyKey)) {
                count("other_key");
                if (other.get().status() == Payments.Status.SUCCEEDED) throw ApiError.CONFLICT.because("you already bought course " + courseId + "; nothing to buy");
                throw ApiError.CONFLICT.because("course " + courseId + " is already being bought with Idempotency-Key '" + other.get().idempotencyKey()
                        + "'; retry with that key", 1);
            }
        }
        Payments.Payment payment = byKey
                .orElseThrow(() -> ApiError.CONFLICT.because("Idempotency-Key '" + idempotencyKey + "' is being used concurrently; retry"));
        if (payment.courseId() != courseId) {
            count("key_reused");
            throw ApiError.INVALID.because("Idempotency-Key '" + idempotencyKey + "' was already used for course " + payment.courseId()
                    + "; use a new key for course " + courseId);
        }
        if (payment.status() == Payments.Status.SUCCEEDED || payment.status() == Payments.Status.QUEUED) return payment;
        return payments.reclaim(payment.id(), lease).orElseThrow(() -> {
            count("in_progress");
            return ApiError.CONFLICT.because("a checkout with Idempotency-Key '" + idempotencyKey + "' is in progress; retry shortly", 1);
        });
    }

    private void count(String outcome) {
        Counter.builder("lms.payments").tag("outcome", outcome).description("Checkout outcomes").register(metrics).increment();
    }

    static Receipt receipt(Payments.Payment payment, Payments.Status status, String chargeId, boolean replayed) {
        return new Receipt(payment.id(), payment.courseId(), payment.amountCents(), payment.currency(), status.name(), chargeId, replayed);
    }
}
