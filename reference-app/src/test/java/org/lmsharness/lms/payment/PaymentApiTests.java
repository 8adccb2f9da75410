package org.lmsharness.lms.payment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.lmsharness.lms.support.Api;
import org.lmsharness.lms.support.ApiTest;
import org.lmsharness.paymentstub.PaymentProviderStub;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

class PaymentApiTests extends ApiTest {

    @Autowired
    JdbcClient db;

    @AfterEach
    void healProvider() throws InterruptedException {
        PROVIDER.behave(PaymentProviderStub.Behaviour.healthy());
        Thread.sleep(1_100); // let an opened breaker (open-for=1s in tests) go half-open again
        // A charge the LMS gave up on (the slow provider's 3 s against a 1 s timeout) is still made when the
        // provider answers; on a busy host that landed in the next test's count of charges.
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (PROVIDER.chargesInFlight() > 0 && System.nanoTime() < deadline) Thread.sleep(50);
    }

    private long paymentRows(Api.Session buyer) {
        return db.sql("SELECT count(*) FROM payment_payments WHERE user_id = :user").param("user", buyer.userId()).query(Long.class).single();
    }

    /** {@code count} calls released at the same instant from as many threads: a race, as replicas behind an edge see one. */
    private static List<Api.Response> atOnce(int count, java.util.function.IntFunction<Api.Response> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(count);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Api.Response>> responses = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                responses.add(pool.submit(() -> {
                    start.await();
                    return call.apply(index);
                }));
            }
            start.countDown();
            List<Api.Response> answers = new ArrayList<>();
            for (Future<Api.Response> response : responses) answers.add(response.get());
            return answers;
        } finally {
            pool.shutdown();
        }
    }

    private boolean owns(Api.Session buyer, long course) {
        return api.get("/api/me/courses?size=100", buyer).text().matches("(?s).*\"courseId\":" + course + "[,}].*");
    }

    private Api.Response checkout(Api.Session buyer, String key, long course) {
        return api.post("/api/payments/checkout", Map.of("courseId", course), buyer, "Idempotency-Key", key);
    }

    @Test
    void checkoutChargesOnceEnrolsAndReplaysWithTheSameKey() {
        Api.Session buyer = api.newStudent();
        long course = api.newCourse(api.newInstructor(), 2500, 1);
        String key = UUID.randomUUID().toString();

        Api.Response first = checkout(buyer, key, course);
        Api.Response replay = checkout(buyer, key, course);

        assertThat(first.status()).isEqualTo(201);
        assertThat(first.json().get("amountCents").asLong()).isEqualTo(2500);
        assertThat(replay.status()).isEqualTo(200);
        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(replay.json().get("chargeId")).isEqualTo(first.json().get("chargeId"));
        assertThat(PROVIDER.chargeFor("lms-payment-" + first.json().get("paymentId").asLong())).isNotNull();
        assertThat(api.get("/api/me/courses", buyer).json().findValuesAsString("courseId")).containsExactly(Long.toString(course));
    }

    @Test
    void twentyConcurrentDuplicatesChargeExactlyOnce() throws Exception {
        Api.Session buyer = api.newStudent();
        long course = api.newCourse(api.newInstructor(), 4900, 1);
        String key = UUID.randomUUID().toString();
        long chargesBefore = PROVIDER.chargesMade();
        PROVIDER.behave(new PaymentProviderStub.Behaviour(200, 0, 503)); // widen the race window

        List<Integer> statuses = atOnce(20, i -> checkout(buyer, key, course)).stream().map(Api.Response::status).toList();
        Api.Response settled = checkout(buyer, key, course);

        assertThat(statuses).as("one charged").containsOnlyOnce(201);
        assertThat(statuses).as("the rest told it is in progress, or replayed").isSubsetOf(201, 200, 409);
        assertThat(PROVIDER.chargesMade() - chargesBefore).as("charges at the provider").isEqualTo(1);
        assertThat(paymentRows(buyer))
                .as("payment rows").isEqualTo(1);
        assertThat(settled.status()).isEqualTo(200);
    }

    /**
     * A double click, or ten tabs: simultaneous checkouts of one course with different keys all passed the "already enrolled"
     * check and were all charged (ten charges, one enrolment). One purchase per buyer and course is now the database's rule.
     */
    @Test
    void concurrentCheckoutsOfOneCourseWithDifferentKeysChargeOnce() throws Exception {
        Api.Session buyer = api.newStudent();
        long course = api.newCourse(api.newInstructor(), 3900, 1);
        long chargesBefore = PROVIDER.chargesMade();
        PROVIDER.behave(new PaymentProviderStub.Behaviour(200, 0, 503)); // widen the race window

        List<Api.Response> answers = atOnce(10, i -> checkout(buyer, UUID.randomUUID().toString(), course));

        assertThat(answers).extracting(Api.Response::status).as("one charged, the others refused").containsOnlyOnce(201).isSubsetOf(201, 409);
        assertThat(answers).filteredOn(answer -> answer.status() == 409).allSatisfy(refused ->
                assertThat(refused.json().get("detail").asString()).containsAnyOf("already being bought with Idempotency-Key", "already bought",
                        "already enrolled"));
        assertThat(PROVIDER.chargesMade() - chargesBefore).as("charges at the provider").isEqualTo(1);
        assertThat(paymentRows(buyer)).as("payment rows").isEqualTo(1);
    }

    @Test
    void buyingAnOwnedCourseAgainWithANewKeyIsRefusedWithoutACharge() {
        Api.Session buyer = api.newStudent();
        long course = api.newCourse(api.newInstructor(), 1500, 0);
        String key = UUID.randomUUID().toString();
        checkout(buyer, key, course);
        long chargesBefore = PROVIDER.chargesMade();

        Api.Response again = checkout(buyer, UUID.randomUUID().toString(), course);
        Api.Response replay = checkout(buyer, key, course);

        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("detail").asString()).contains("already enrolled in course " + course);
        assertThat(replay.status()).as("the key that bought it still replays").isEqualTo(200);
        assertThat(PROVIDER.chargesMade()).isEqualTo(chargesBefore);
        assertThat(paymentRows(buyer)).isEqualTo(1);
    }

    @Test
    void aKeyReusedForAnotherCourseIsRejected() {
        Api.Session buyer = api.newStudent();
        Api.Session instructor = api.newInstructor();
        long first = api.newCourse(instructor, 1000, 0);
        long second = api.newCourse(instructor, 1000, 0);
        String key = UUID.randomUUID().toString();
        checkout(buyer, key, first);

        Api.Response reused = checkout(buyer, key, second);

        assertThat(reused.status()).isEqualTo(422);
        assertThat(reused.json().get("detail").asString()).contains("already used for course " + first);
    }

    @Test
    void checkoutWithoutIdempotencyKeyIsABadRequest() {
        Api.Response response = api.post("/api/payments/checkout", Map.of("courseId", 4), api.newStudent());

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("detail").asString()).contains("Idempotency-Key");
    }

    /**
     * The provider down: the order is kept (202, QUEUED, where to poll), replays and other buyers see it
     * as they should, and once the provider answers a settlement job charges it once and enrols the buyer.
     */
    @Test
    void aCheckoutTheProviderCannotServeIsQueuedAndSettledOnceItAnswers() {
        Api.Session buyer = api.newStudent();
        long course = api.newCourse(api.newInstructor(), 1200, 0);
        String key = UUID.randomUUID().toString();
        PROVIDER.behave(new PaymentProviderStub.Behaviour(0, 1.0, 500));

        Api.Response accepted = checkout(buyer, key, course);
        long paymentId = accepted.json().get("paymentId").asLong();
        Api.Response replayed = checkout(buyer, key, course);
        Api.Response polled = api.get("/api/payments/" + paymentId, buyer);
        Api.Response someoneElse = api.get("/api/payments/" + paymentId, api.newStudent());

        assertThat(accepted.status()).isEqualTo(202);
        assertThat(accepted.header("Location")).isEqualTo("/api/payments/" + paymentId);
        assertThat(accepted.header("Retry-After")).isEqualTo("1");
        assertThat(accepted.json().get("status").asString()).isEqualTo("QUEUED");
        assertThat(replayed.status()).isEqualTo(202);
        assertThat(replayed.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(replayed.json().get("paymentId").asLong()).isEqualTo(paymentId);
        assertThat(polled.json().get("status").asString()).isIn("QUEUED", "SUCCEEDED");
        assertThat(someoneElse.status()).isEqualTo(404);
        assertThat(owns(buyer, course)).as("enrolled before the charge").isFalse();

        PROVIDER.behave(PaymentProviderStub.Behaviour.healthy());
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(15))
                .until(() -> api.get("/api/payments/" + paymentId, buyer).json().get("status").asString().equals("SUCCEEDED"));

        Api.Response settled = api.get("/api/payments/" + paymentId, buyer);
        assertThat(settled.json().get("chargeId").asString()).isEqualTo(PROVIDER.chargeFor("lms-payment-" + paymentId).id());
        assertThat(owns(buyer, course)).as("enrolled once charged").isTrue();
        assertThat(checkout(buyer, key, course).status()).as("a replay after settlement").isEqualTo(200);
        assertThat(paymentRows(buyer)).as("one payment").isEqualTo(1);
    }

    @Test
    void slowProviderTimesOutAndAFailingOneOpensTheCircuitBreaker() {
        long course = api.newCourse(api.newInstructor(), 800, 0);
        PROVIDER.behave(new PaymentProviderStub.Behaviour(3_000, 0, 503));

        long started = System.nanoTime();
        Api.Response slow = checkout(api.newStudent(), UUID.randomUUID().toString(), course);
        long slowMillis = (System.nanoTime() - started) / 1_000_000;

        PROVIDER.behave(new PaymentProviderStub.Behaviour(0, 1.0, 503));
        for (int i = 0; i < 10; i++) checkout(api.newStudent(), UUID.randomUUID().toString(), course);
        Api.Session last = api.newStudent();
        started = System.nanoTime();
        Api.Response open = checkout(last, UUID.randomUUID().toString(), course);
        long openMillis = (System.nanoTime() - started) / 1_000_000;

        assertThat(slow.status()).as("queued, not refused").isEqualTo(202);
        assertThat(slowMillis).as("read timeout is 1 s in tests, provider takes 3 s").isBetween(900L, 2_900L);
        assertThat(open.status()).isEqualTo(202);
        assertThat(db.sql("SELECT last_error FROM payment_payments WHERE id = :id").param("id", open.json().get("paymentId").asLong())
                .query(String.class).single()).contains("circuit breaker open");
        assertThat(openMillis).as("an open breaker answers at once, ms").isLessThan(500);
    }
}
