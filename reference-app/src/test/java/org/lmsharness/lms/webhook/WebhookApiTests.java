package org.lmsharness.lms.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lmsharness.lms.jobs.Jobs;
import org.lmsharness.lms.support.Api;
import org.lmsharness.lms.support.ApiTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

class WebhookApiTests extends ApiTest {

    record Delivery(String event, String signature, String timestamp, String body) {}

    @Autowired
    Jobs jobs;

    private HttpServer receiver;
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresToGo = new AtomicInteger();

    /** A subscriber on loopback that fails its first {@code failuresToGo} deliveries with 500. */
    @BeforeEach
    void startReceiver() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        receiver.createContext("/hook", exchange -> {
            try (exchange) {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                if (failuresToGo.getAndDecrement() > 0) {
                    exchange.sendResponseHeaders(500, -1);
                    return;
                }
                deliveries.add(new Delivery(exchange.getRequestHeaders().getFirst("X-Lms-Event"),
                        exchange.getRequestHeaders().getFirst("X-Lms-Signature"), exchange.getRequestHeaders().getFirst("X-Lms-Timestamp"), body));
                exchange.sendResponseHeaders(204, -1);
            }
        });
        receiver.start();
    }

    @AfterEach
    void stopReceiver() {
        receiver.stop(0);
    }

    private String hookUrl() {
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
    }

    @Test
    void enrolmentIsDeliveredSignedAfterTheSubscriberFailedTwice() throws Exception {
        Api.Session instructor = api.newInstructor();
        long course = api.newCourse(instructor, 0, 0);
        Api.Response registered = api.post("/api/webhooks", Map.of("url", hookUrl(), "events", List.of("enrollment.created")), instructor);
        String secret = registered.json().get("secret").asString();
        failuresToGo.set(2);

        api.newStudentEnrolledIn(course);

        await().atMost(Duration.ofSeconds(15)).until(() -> deliveries.stream().anyMatch(d -> d.body().contains("\"courseId\":" + course)));
        Delivery delivery = deliveries.stream().filter(d -> d.body().contains("\"courseId\":" + course)).findFirst().orElseThrow();
        assertThat(registered.status()).isEqualTo(201);
        assertThat(delivery.event()).isEqualTo("enrollment.created");
        assertThat(delivery.signature()).isEqualTo("sha256=" + WebhookDelivery.sign(secret, delivery.timestamp() + "." + delivery.body()));
        assertThat(failuresToGo.get()).as("both failures were used up before the delivery").isNegative();
    }

    @Test
    void aSubscriberThatNeverAnswersWellEndsInTheDeadLetters() {
        Api.Session instructor = api.newInstructor();
        long course = api.newCourse(instructor, 0, 0);
        api.post("/api/webhooks", Map.of("url", hookUrl(), "events", List.of("enrollment.created")), instructor);
        failuresToGo.set(Integer.MAX_VALUE);

        api.newStudentEnrolledIn(course);

        // max-attempts=4 and backoff 100-400 ms in tests
        await().atMost(Duration.ofSeconds(15)).until(() -> jobs.dead(Webhooks.DELIVER, 50).stream()
                .anyMatch(job -> job.payload().at("/data/courseId").asLong() == course));
        Jobs.DeadJob dead = jobs.dead(Webhooks.DELIVER, 50).stream()
                .filter(job -> job.payload().at("/data/courseId").asLong() == course).findFirst().orElseThrow();
        assertThat(dead.attempts()).isEqualTo(4);
        assertThat(dead.lastError()).contains("answered 500");
    }

    /** A subscription heard every instructor's enrolments and sales; now only its owner's courses', or every course for an admin. */
    @Test
    void eventsGoOnlyToTheCoursesInstructorAndToAdmins() {
        Api.Session owner = api.newInstructor();
        Api.Session other = api.newInstructor();
        long ownCourse = api.newCourse(owner, 0, 0);
        long othersCourse = api.newCourse(other, 0, 0);
        Map<String, Object> registration = Map.of("url", hookUrl(), "events", List.of("enrollment.created"));
        long ownerHook = api.post("/api/webhooks", registration, owner).json().get("id").asLong();
        Api.Session admin = api.admin();
        long adminHook = api.post("/api/webhooks", registration, admin).json().get("id").asLong();

        api.newStudentEnrolledIn(ownCourse);
        api.newStudentEnrolledIn(othersCourse); // its delivery job, if any, is enqueued in the enrolment's transaction

        assertThat(deliveriesEnqueued(ownerHook, ownCourse)).isEqualTo(1);
        assertThat(deliveriesEnqueued(ownerHook, othersCourse)).as("another instructor's enrolment").isZero();
        assertThat(deliveriesEnqueued(adminHook, ownCourse)).isEqualTo(1);
        assertThat(deliveriesEnqueued(adminHook, othersCourse)).isEqualTo(1);
        api.delete("/api/webhooks/" + adminHook, admin); // or it would hear every other test's enrolments
    }

    @Autowired
    JdbcClient db;

    private long deliveriesEnqueued(long subscription, long course) {
        return db.sql("SELECT count(*) FROM jobs_jobs WHERE kind = :kind AND (payload->>'subscriptionId')::bigint = :subscription "
                        + "AND (payload->'data'->>'courseId')::bigint = :course")
                .param("kind", Webhooks.DELIVER).param("subscription", subscription).param("course", course).query(Long.class).single();
    }

    @Test
    void registrationRejectsUnknownEventsForeignHostsAndStudents() {
        Api.Session instructor = api.newInstructor();

        Api.Response unknownEvent = api.post("/api/webhooks", Map.of("url", hookUrl(), "events", List.of("course.deleted")), instructor);
        Api.Response foreignHost = api.post("/api/webhooks", Map.of("url", "http://example.test/hook", "events", List.of("enrollment.created")), instructor);
        Api.Response notHttp = api.post("/api/webhooks", Map.of("url", "ftp://127.0.0.1/x", "events", List.of("enrollment.created")), instructor);
        Api.Response student = api.post("/api/webhooks", Map.of("url", hookUrl(), "events", List.of("enrollment.created")), api.newStudent());

        assertThat(unknownEvent.status()).isEqualTo(422);
        assertThat(foreignHost.status()).isEqualTo(422);
        assertThat(foreignHost.json().get("detail").asString()).contains("lms.webhook.allowed-hosts");
        assertThat(notHttp.status()).isEqualTo(422);
        assertThat(student.status()).isEqualTo(403);
    }
}
