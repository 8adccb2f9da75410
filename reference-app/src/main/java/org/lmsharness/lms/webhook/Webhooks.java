package org.lmsharness.lms.webhook;

import java.net.URI;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.lmsharness.lms.catalog.Catalog;
import org.lmsharness.lms.enrollment.CourseCompleted;
import org.lmsharness.lms.enrollment.EnrollmentCreated;
import org.lmsharness.lms.iam.Role;
import org.lmsharness.lms.iam.Users;
import org.lmsharness.lms.jobs.Jobs;
import org.lmsharness.lms.payment.PaymentSucceeded;
import org.lmsharness.lms.platform.ApiError;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;

/**
 * Turns domain events into webhook deliveries. Each delivery is a job enqueued in the transaction
 * that raised the event (an outbox), so an event that committed is delivered, with retries, even if
 * this replica dies a moment later.
 */
@Service
class Webhooks {

    static final String DELIVER = "webhook.deliver";
    static final Set<String> EVENTS = Set.of("enrollment.created", "course.completed", "payment.succeeded");

    private final Subscriptions subscriptions;
    private final Jobs jobs;
    private final Catalog catalog;
    private final Users users;
    private final Set<String> allowedHosts;
    private final SecureRandom random = new SecureRandom();

    Webhooks(Subscriptions subscriptions, Jobs jobs, Catalog catalog, Users users,
             @Value("${lms.webhook.allowed-hosts:localhost,127.0.0.1,::1,[::1]}") Set<String> allowedHosts) {
        this.subscriptions = subscriptions;
        this.jobs = jobs;
        this.catalog = catalog;
        this.users = users;
        this.allowedHosts = allowedHosts;
    }

    Subscriptions.Subscription register(long ownerId, String url, List<String> events) {
        requireDeliverable(url);
        for (String event : events) {
            if (!EVENTS.contains(event)) throw ApiError.INVALID.because("unknown event '" + event + "'; known events are " + EVENTS.stream().sorted().toList());
        }
        byte[] secret = new byte[24];
        random.nextBytes(secret);
        return subscriptions.create(ownerId, url, events.stream().distinct().toList(), HexFormat.of().formatHex(secret));
    }

    /**
     * Only http(s) to hosts in {@code lms.webhook.allowed-hosts} ({@code *} allows any): by default
     * loopback only, so that a test deployment never sends traffic off the machine.
     */
    void requireDeliverable(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw ApiError.INVALID.because("url '" + url + "' is not a valid URI");
        }
        if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https")) || uri.getHost() == null) {
            throw ApiError.INVALID.because("url must be an absolute http or https URL, got '" + url + "'");
        }
        if (!allowedHosts.contains("*") && !allowedHosts.contains(uri.getHost())) {
            throw ApiError.INVALID.because("url host '" + uri.getHost() + "' is not in lms.webhook.allowed-hosts " + allowedHosts);
        }
    }

    @EventListener
    void on(EnrollmentCreated event) {
        publish("enrollment.created", event.courseId(), Map.of("enrollmentId", event.enrollmentId(), "userId", event.userId(),
                "courseId", event.courseId(), "paid", event.paid()));
    }

    @EventListener
    void on(CourseCompleted event) {
        publish("course.completed", event.courseId(), Map.of("userId", event.userId(), "courseId", event.courseId()));
    }

    @EventListener
    void on(PaymentSucceeded event) {
        publish("payment.succeeded", event.courseId(), Map.of("paymentId", event.paymentId(), "userId", event.userId(), "courseId", event.courseId(),
                "amountCents", event.amountCents(), "currency", event.currency()));
    }

    /**
     * To the subscriptions of the course's instructor and of admins only: every subscriber used to receive every instructor's
     * sales and enrolments. The owner's role is read now, not at registration, so a demoted admin stops receiving others' events.
     */
    private void publish(String event, long courseId, Map<String, Object> data) {
        List<Subscriptions.Subscription> subscribed = subscriptions.forEvent(event);
        if (subscribed.isEmpty()) return;
        long instructor = catalog.require(courseId).course().instructorId();
        Map<Long, Boolean> admins = new HashMap<>();
        for (Subscriptions.Subscription subscription : subscribed) {
            boolean owns = subscription.ownerId() == instructor || admins.computeIfAbsent(subscription.ownerId(),
                    owner -> users.byId(owner).map(user -> user.role() == Role.ADMIN).orElse(false));
            if (owns) jobs.enqueue(DELIVER, Map.of("subscriptionId", subscription.id(), "event", event, "data", data));
        }
    }
}
