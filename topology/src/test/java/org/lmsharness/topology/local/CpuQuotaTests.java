package org.lmsharness.topology.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class CpuQuotaTests {

    /** utime + stime of a process, in seconds. */
    private static double cpuSeconds(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0; // USER_HZ is 100 on Linux
    }

    @Test
    void aBusyProcessIsHeldToAQuarterOfACore() throws Exception {
        assumeTrue(CpuQuota.available() || "true".equals(System.getenv("CI")), "cgroup v1 quotas unavailable: " + CpuQuota.unavailableBecause());
        String run = "test-" + ProcessHandle.current().pid();
        CpuQuota quota = CpuQuota.create(run, "busy", 0.25, 256);
        Process busy = new ProcessBuilder(quota.wrap(List.of("sh", "-c", "while :; do :; done"))).start();
        try {
            Thread.sleep(500);
            double before = cpuSeconds(busy.pid());
            long started = System.nanoTime();
            Thread.sleep(3_000);
            double used = (cpuSeconds(busy.pid()) - before) / ((System.nanoTime() - started) / 1e9);
            System.out.printf("busy loop under a 0.25-core quota used %.3f cores%n", used);

            assertThat(used).as("cores used by a busy loop under a 0.25 quota").isBetween(0.15, 0.27);
        } finally {
            busy.destroyForcibly().waitFor();
            quota.remove();
            CpuQuota.removeRun(run);
        }
    }
}
