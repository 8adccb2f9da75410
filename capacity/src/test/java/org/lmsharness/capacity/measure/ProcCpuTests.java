package org.lmsharness.capacity.measure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** /proc read for real, on this JVM: its own CPU, and its JIT compiler threads' share of it. */
class ProcCpuTests {

    /** Enough distinct work that the JIT compiles some of it while the test watches. */
    private static long work() {
        long sum = 0;
        for (int i = 0; i < 3_000_000; i++) sum += Long.toString(i * 31L).hashCode();
        return sum;
    }

    @Test
    void theJitCompilerThreadsOfThisJvmAreCountedAndArePartOfItsCpu() {
        long pid = ProcessHandle.current().pid();
        work();
        double compiling = ProcCpu.compilerSeconds(pid);
        double whole = ProcCpu.treeSeconds(List.of(pid), Set.of(pid)).get(pid);

        assertThat(compiling).as("CPU seconds of this JVM's C1 and C2 compiler threads so far").isPositive();
        assertThat(compiling).as("a part of the whole JVM's").isLessThan(whole);
    }

    @Test
    void theSamplerReportsTheCompilerShareOnlyOfTheJvmsItIsAskedFor() throws InterruptedException {
        long pid = ProcessHandle.current().pid();
        try (CpuSampler sampler = new CpuSampler(Map.of("self", pid, "init", 1L), Set.of("self", "init"), Set.of("self"))) {
            long from = System.currentTimeMillis();
            Thread.sleep(600);
            work();
            Thread.sleep(600);
            CpuSampler.Usage usage = sampler.usage(from, System.currentTimeMillis());

            assertThat(usage.missing()).isNull();
            assertThat(usage.compiling()).containsOnlyKeys("self");
            assertThat(usage.compiling().get("self")).isGreaterThanOrEqualTo(0).isLessThanOrEqualTo(usage.of("self"));
        }
    }

    @Test
    void aProcessThatIsGoneHasNoCompilerTime() {
        assertThat(ProcCpu.compilerSeconds(Long.MAX_VALUE)).isZero();
        assertThat(ProcCpu.treeSeconds(List.of(Long.MAX_VALUE), Set.of())).isEqualTo(Map.of(Long.MAX_VALUE, 0.0));
    }
}
