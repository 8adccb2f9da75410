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

    @Test
    void failedChargeIsRetriedWithTheSameKeyWithoutChargingTwice() {
        Api.Session buyer = api.newStudent();
        long course = api.newCourse(api.newInstructor(), 1200, 0);
        String key = UUID.randomUUID().toString();
        PROVIDER.behave(new PaymentProviderStub.Behaviour(0, 1.0, 500));

        Api.Response failed = checkout(buyer, key, course);
        PROVIDER.behave(PaymentProviderStub.Behaviour.healthy());
        Api.Response retried = checkout(buyer, key, course);

        assertThat(failed.status()).isEqualTo(503);
        assertThat(failed.header("Retry-After")).isNotNull();
        assertThat(failed.contentType()).isEqualTo("application/problem+json");
        assertThat(retried.status()).isEqualTo(201);
        assertThat(paymentRows(buyer))
                .as("the retry continued the same payment").isEqualTo(1);
    }

    @Test
    void slowProviderTimesOutAndAFailingOneOpensTheCircuitBreaker() {
        Api.Session buyer = api.newStudent();
        long course = api.newCourse(api.newInstructor(), 800, 0);
        PROVIDER.behave(new PaymentProviderStub.Behaviour(3_000, 0, 503));

        String key = UUID.randomUUID().toString(); // retried with the same key, as a client must (another key is refused for this course)
        long started = System.nanoTime();
        Api.Response slow = checkout(buyer, key, course);
        long slowMillis = (System.nanoTime() - started) / 1_000_000;

        PROVIDER.behave(new PaymentProviderStub.Behaviour(0, 1.0, 503));
        for (int i = 0; i < 10; i++) checkout(buyer, key, course);
        long requestsBefore = PROVIDER.chargeRequests();
        started = System.nanoTime();
        Api.Response open = checkout(buyer, key, course);
        long openMillis = (System.nanoTime() - started) / 1_000_000;

        assertThat(slow.status()).isEqualTo(503);
        assertThat(slowMillis).as("read timeout is 1 s in tests, provider takes 3 s").isBetween(900L, 2_900L);
        assertThat(open.status()).isEqualTo(503);
        assertThat(open.json().get("detail").asString()).contains("circuit breaker open");
        assertThat(open.header("Retry-After")).isEqualTo("1");
        assertThat(PROVIDER.chargeRequests()).as("an open breaker does not call the provider").isEqualTo(requestsBefore);
        assertThat(openMillis).as("an open breaker answers at once, ms").isLessThan(500);
    }
}
