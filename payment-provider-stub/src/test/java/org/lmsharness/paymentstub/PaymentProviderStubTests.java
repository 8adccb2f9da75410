package org.lmsharness.paymentstub;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PaymentProviderStubTests {

    private final HttpClient http = HttpClient.newHttpClient();
    private PaymentProviderStub stub;

    @BeforeEach
    void start() throws Exception {
        stub = PaymentProviderStub.startOnLoopback();
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    private HttpResponse<String> charge(String key) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(stub.baseUri().resolve("/v1/charges"))
                .header("Idempotency-Key", key)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"amountCents\":1999,\"currency\":\"EUR\",\"reference\":\"course-1\"}"))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Every answer ends its exchange: a health check that left it open held its kept-alive connection, and the next
     * request a client sent on it (a replica's first checkout) waited out its timeout.
     */
    @Test
    void everyEndpointLeavesTheConnectionReadyForTheNextRequest() throws Exception {
        HttpClient oneConnection = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        for (String path : List.of("/health", "/admin/stats", "/admin/behaviour", "/v1/charges", "/admin/reset")) {
            HttpRequest.Builder request = HttpRequest.newBuilder(stub.baseUri().resolve(path)).timeout(java.time.Duration.ofSeconds(2));
            if (path.equals("/v1/charges") || path.equals("/admin/reset")) {
                request.header("Idempotency-Key", "key-1").POST(HttpRequest.BodyPublishers.ofString("{\"amountCents\":1999,\"currency\":\"EUR\"}"));
            }
            HttpResponse<String> response = oneConnection.send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(path + ": " + response.body()).isIn(200, 201);
            HttpResponse<String> health = oneConnection.send(HttpRequest.newBuilder(stub.baseUri().resolve("/health"))
                    .timeout(java.time.Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).as("the next request after " + path).isEqualTo(200);
        }
    }

    @Test
    void concurrentRequestsWithOneKeyChargeOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(20);
        List<Future<HttpResponse<String>>> responses = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Callable<HttpResponse<String>> call = () -> charge("key-1");
            responses.add(pool.submit(call));
        }
        List<Integer> statuses = new ArrayList<>();
        for (Future<HttpResponse<String>> response : responses) statuses.add(response.get().statusCode());
        pool.shutdown();

        assertThat(stub.chargesMade()).as("charges made for 20 requests with one key").isEqualTo(1);
        assertThat(stub.chargeRequests()).isEqualTo(20);
        assertThat(statuses).as("one 201 Created, the rest 200 replays").containsOnly(200, 201).containsOnlyOnce(201);
    }

    @Test
    void injectedFailuresAndLatencyApplyUntilReset() throws Exception {
        stub.behave(new PaymentProviderStub.Behaviour(200, 1.0, 503));
        long start = System.nanoTime();
        HttpResponse<String> failed = charge("key-2");
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

        assertThat(failed.statusCode()).isEqualTo(503);
        assertThat(elapsedMillis).as("latency added to the request, ms").isBetween(200L, 2_000L);
        assertThat(stub.chargesMade()).isZero();

        stub.reset();
        assertThat(charge("key-2").statusCode()).isEqualTo(201);
    }

    @Test
    void behaviourChangesOverHttpAndRejectsBadValues() throws Exception {
        URI behaviour = stub.baseUri().resolve("/admin/behaviour");
        HttpResponse<String> bad = http.send(HttpRequest.newBuilder(behaviour)
                .POST(HttpRequest.BodyPublishers.ofString("{\"failureRate\":2}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("failureRate must be within [0, 1], got 2.0");

        HttpResponse<String> ok = http.send(HttpRequest.newBuilder(behaviour)
                .POST(HttpRequest.BodyPublishers.ofString("{\"failureRate\":1,\"failureStatus\":500}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(charge("key-3").statusCode()).isEqualTo(500);
    }

    @Test
    void chargeWithoutIdempotencyKeyIsRejected() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(stub.baseUri().resolve("/v1/charges"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"amountCents\":1,\"currency\":\"EUR\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("Idempotency-Key header is required");
    }
}
