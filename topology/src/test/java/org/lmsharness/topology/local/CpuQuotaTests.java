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
            double before = Traffic.treeCpuSeconds(busy.pid());
            long started = System.nanoTime();
            Thread.sleep(3_000);
            double used = (Traffic.treeCpuSeconds(busy.pid()) - before) / ((System.nanoTime() - started) / 1e9);
            System.out.printf("busy loop under a 0.25-core quota used %.3f cores%n", used);

            assertThat(used).as("cores used by a busy loop under a 0.25 quota").isBetween(0.15, 0.27);
        } finally {
            busy.destroyForcibly().waitFor();
            quota.remove();
            CpuQuota.removeRun(run);
        }
    }
}
