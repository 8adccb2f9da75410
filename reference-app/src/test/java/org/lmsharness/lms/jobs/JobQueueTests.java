package org.lmsharness.lms.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.lmsharness.lms.support.ApiTest;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

class JobQueueTests extends ApiTest {

    @Autowired
    Jobs jobs;

    @Autowired
    MeterRegistry metrics;

    private static JobWorker.Settings settings(int threads) {
        return new JobWorker.Settings(threads, 5, Duration.ofMillis(20), Duration.ofMillis(100), Duration.ofMillis(400),
                Duration.ofSeconds(60), Duration.ofHours(1));
    }

    /** A handler of a kind unique to the test, so the app's own worker leaves these jobs alone. */
    private static JobHandler handler(String kind, ThrowingConsumer work) {
        return new JobHandler() {
            @Override
            public String kind() {
                return kind;
            }

            @Override
            public void handle(JsonNode payload) throws Exception {
                work.accept(payload);
            }
        };
    }

    interface ThrowingConsumer {
        void accept(JsonNode payload) throws Exception;
    }

    @Test
    void twoWorkersNeverTakeTheSameJob() {
        String kind = "test.count-" + UUID.randomUUID();
        int jobCount = 400;
        for (int i = 0; i < jobCount; i++) jobs.enqueue(kind, Map.of("n", i));
        Map<Integer, AtomicInteger> runs = new ConcurrentHashMap<>();
        Set<String> threads = ConcurrentHashMap.newKeySet();
        JobHandler counting = handler(kind, payload -> {
            runs.computeIfAbsent(payload.get("n").asInt(), n -> new AtomicInteger()).incrementAndGet();
            threads.add(Thread.currentThread().getName());
        });
        JobWorker a = new JobWorker(jobs, List.of(counting), settings(3), "worker-a", metrics);
        JobWorker b = new JobWorker(jobs, List.of(counting), settings(3), "worker-b", metrics);

        a.start();
        b.start();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> runs.size() == jobCount);
        } finally {
            a.stop();
            b.stop();
        }

        assertThat(runs).hasSize(jobCount);
        assertThat(runs.values()).as("runs per job").allMatch(count -> count.get() == 1);
        assertThat(threads).as("both workers took jobs").contains("jobs-worker-a", "jobs-worker-b");
    }

    @Test
    void failingJobIsRetriedWithGrowingBackoffThenDeadLettered() {
        String kind = "test.fail-" + UUID.randomUUID();
        List<Long> attemptsAtMillis = new CopyOnWriteArrayList<>();
        JobWorker worker = new JobWorker(jobs, List.of(handler(kind, payload -> {
            attemptsAtMillis.add(System.nanoTime() / 1_000_000);
            throw new IllegalStateException("always fails");
        })), settings(1), "worker-fail", metrics);
        jobs.enqueue(kind, Map.of("x", 1));

        worker.start();
        try {
            await().atMost(Duration.ofSeconds(15)).until(() -> !jobs.dead(kind, 1).isEmpty());
        } finally {
            worker.stop();
        }

        Jobs.DeadJob dead = jobs.dead(kind, 1).get(0);
        assertThat(dead.attempts()).as("max-attempts is 4 in tests").isEqualTo(4);
        assertThat(dead.lastError()).contains("always fails");
        assertThat(attemptsAtMillis).hasSize(4);
        long firstGap = attemptsAtMillis.get(1) - attemptsAtMillis.get(0);
        long lastGap = attemptsAtMillis.get(3) - attemptsAtMillis.get(2);
        assertThat(firstGap).as("first backoff ~100 ms ±20 %%, ms").isBetween(75L, 400L);
        assertThat(lastGap).as("third backoff ~400 ms (capped), ms").isBetween(300L, 1_000L);
    }

    @Test
    void aJobWhoseWorkerVanishedIsRunAgain() {
        String kind = "test.abandoned-" + UUID.randomUUID();
        jobs.enqueue(kind, Map.of("x", 1));
        assertThat(jobs.claim("ghost-worker", List.of(kind), 1)).hasSize(1); // claimed, then the "worker" dies
        AtomicInteger runs = new AtomicInteger();
        JobWorker worker = new JobWorker(jobs, List.of(handler(kind, payload -> runs.incrementAndGet())), settings(1), "worker-rescue", metrics);

        assertThat(jobs.reclaimAbandoned(Duration.ZERO)).isGreaterThanOrEqualTo(1);
        worker.start();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> runs.get() == 1);
        } finally {
            worker.stop();
        }
    }

    @Test
    void pendingJobsWithTheSameDedupKeyAreCoalesced() {
        String kind = "test.dedup-" + UUID.randomUUID();

        for (int i = 0; i < 5; i++) jobs.enqueue(kind, Map.of("course", 7), "7");
        jobs.enqueue(kind, Map.of("course", 8), "8");

        assertThat(jobs.claim("dedup-check", List.of(kind), 10)).hasSize(2);
    }
}
