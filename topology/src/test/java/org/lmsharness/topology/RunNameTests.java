package org.lmsharness.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Deployments booted at once get names of their own. The gate boots its two sides in parallel;
 * when both took the same millisecond, they shared a run folder and one side's initdb failed.
 */
class RunNameTests {

    @Test
    void deploymentsNamedAtTheSameMomentOnSeveralThreadsGetDistinctNames() throws Exception {
        Set<String> names = ConcurrentHashMap.newKeySet();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = IntStream.range(0, 4).mapToObj(i -> new Thread(() -> {
            try {
                start.await();
            } catch (InterruptedException e) {
                return;
            }
            for (int n = 0; n < 500; n++) names.add(BaseDeployment.newRunName());
        })).toList();
        threads.forEach(Thread::start);
        start.countDown();
        for (Thread thread : threads) thread.join();

        assertThat(names).hasSize(2_000).allMatch(name -> name.startsWith("run-"));
    }
}
