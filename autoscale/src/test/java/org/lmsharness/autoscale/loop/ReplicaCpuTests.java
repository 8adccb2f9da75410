package org.lmsharness.autoscale.loop;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** The CPU a policy on CPU reads, measured on real processes: one spinning, one asleep, each standing for a replica at half a core. */
@EnabledOnOs(OS.LINUX)
class ReplicaCpuTests {

    private final List<Process> processes = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        processes.forEach(Process::destroyForcibly);
    }

    /**
     * The shell is the process itself, killed after the test (a wrapper such as timeout(1), killed, left its child spinning for
     * minutes), and each script ends by itself within 8 s should the test die first.
     */
    private long start(String script) throws Exception {
        Process process = new ProcessBuilder("bash", "-c", script).start();
        processes.add(process);
        return process.pid();
    }

    @Test
    void aSpinningReplicaReadsAsItsWholeCoreOverItsQuotaAndAnIdleOneAsNothing() throws Exception {
        Map<String, Long> pids = Map.of("replica-1", start("while [ $SECONDS -lt 8 ]; do :; done"), "replica-2", start("exec sleep 8"), "replica-3", start("exec sleep 8"));
        List<String> serving = new CopyOnWriteArrayList<>(List.of("replica-1", "replica-2"));
        try (ReplicaCpu cpu = new ReplicaCpu(() -> List.copyOf(serving), pids::get, id -> 0.5)) {
            long from = System.currentTimeMillis();
            TimeUnit.MILLISECONDS.sleep(3_200);
            serving.add("replica-3"); // began serving inside the window: no figure for it
            long to = System.currentTimeMillis();
            TimeUnit.MILLISECONDS.sleep(200);

            double spinning = cpu.percentOfQuota(from, to, List.of("replica-1"));
            // One core is 200 % of half a core; on two busy cores the spinning shell may get less, never more.
            assertThat(spinning).isBetween(80.0, 215.0);
            assertThat(cpu.percentOfQuota(from, to, List.of("replica-2"))).isLessThan(5.0);
            assertThat(cpu.percentOfQuota(from, to, List.of("replica-1", "replica-2", "replica-3")))
                    .as("the average over the replicas with figures").isCloseTo(spinning / 2, org.assertj.core.data.Offset.offset(3.0));
            assertThat(cpu.percentOfQuota(from, to, List.of("replica-3"))).isNaN();
            assertThat(cpu.percentOfQuota(from - 60_000, from - 30_000, List.of("replica-1"))).as("a window before any sample").isNaN();
        }
    }

    @Test
    void aReplicaWithoutQuotaHasNoPercentage() throws Exception {
        Map<String, Long> pids = Map.of("replica-1", start("exec sleep 8"));
        try (ReplicaCpu cpu = new ReplicaCpu(() -> List.of("replica-1"), pids::get, id -> 0)) {
            long from = System.currentTimeMillis();
            TimeUnit.MILLISECONDS.sleep(2_100);
            assertThat(cpu.percentOfQuota(from, System.currentTimeMillis(), List.of("replica-1"))).isNaN();
        }
    }
}
