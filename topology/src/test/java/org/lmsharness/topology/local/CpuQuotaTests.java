package org.lmsharness.topology.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.lmsharness.topology.Traffic;

class CpuQuotaTests {

    @Test
    void aBusyProcessIsHeldToAQuarterOfACore() throws Exception {
        assumeTrue(CpuQuota.available() || "true".equals(System.getenv("CI")), "cgroup v1 quotas unavailable: " + CpuQuota.unavailableBecause());
        String run = "test-" + ProcessHandle.current().pid();
        CpuQuota quota = CpuQuota.create(run, "busy", 0.25, 256);
        Process busy = new ProcessBuilder(quota.wrap(List.of("sh", "-c", "while :; do :; done"))).start();
        try {
            Thread.sleep(500);
            double used = coresOver(busy, 3_000);
            System.out.printf("busy loop under a 0.25-core quota used %.3f cores%n", used);
            assertThat(used).as("cores used by a busy loop under a 0.25 quota").isBetween(0.15, 0.27);

            // Lifted while it runs (the capacity search's warm-up), then back.
            quota.setCores(0);
            double lifted = coresOver(busy, 1_500);
            quota.setCores(0.25);
            double restored = coresOver(busy, 1_500);
            System.out.printf("lifted: %.3f cores, restored: %.3f cores%n", lifted, restored);
            assertThat(lifted).as("cores used with the quota lifted").isGreaterThan(0.6);
            assertThat(restored).as("cores used with the quota back").isBetween(0.15, 0.3);
        } finally {
            busy.destroyForcibly().waitFor();
            quota.remove();
            CpuQuota.removeRun(run);
        }
    }

    private static double coresOver(Process process, long millis) throws InterruptedException {
        double before = Traffic.treeCpuSeconds(process.pid());
        long started = System.nanoTime();
        Thread.sleep(millis);
        return (Traffic.treeCpuSeconds(process.pid()) - before) / ((System.nanoTime() - started) / 1e9);
    }
}
