package org.lmsharness.capacity;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmsharness.reports.run.CapacityRun;
import org.lmsharness.reports.run.Drift;
import org.lmsharness.reports.run.ReplicaSearch;
import org.lmsharness.reports.run.RunFiles;
import org.lmsharness.reports.run.Slo;
import org.lmsharness.reports.thresholds.ScalingInputs;
import org.lmsharness.topology.BootOptions;

/**
 * The capacity command against a real HTTP server that is not ours (the example shop, one thread
 * with a known service time), driven by Gatling in this JVM: a server whose service time grows as it
 * runs is reported as drifting; a steady one is not.
 */
class ExternalTargetDriftIT {

    private static final String SHOP = "org.lmsharness.simulations.example.ShopSimulation";

    /**
     * Short steps and two of them (the shop's 20 ms take about 50 req/s, 16 journeys/s: 6 and 12 pass, the
     * step budget ends the search without a bound), then the recheck at 6: what is tested is the recheck,
     * on a real server; that a drifted capacity is kept and marked unreliable is CapacitySearchTests'.
     */
    private static CapacitySettings settings(String url, Path output) {
        return new CapacitySettings("capacity", "auto", BootOptions.DEFAULTS, false, List.of(url), SHOP, java.util.Map.of(), 0, List.of(), java.util.Map.of(), 1, 1,
                Duration.ofSeconds(4), Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(3), 0.5, 6, 2, new Slo(150, 300, 1),
                ScalingInputs.withMeasuredPeak(10, 3), output, output.resolve("history.jsonl"));
    }

    private static ReplicaSearch search(String url, Path output) {
        assertThat(CapacityCommand.run(settings(url, output))).isZero();
        CapacityRun run = RunFiles.readRun(output.resolve("latest"));
        assertThat(run.searches()).hasSize(1);
        return run.searches().get(0);
    }

    @Test
    void aSteadyServerIsNotReportedAsDrifting(@TempDir Path output) throws Exception {
        try (ShopServer shop = new ShopServer(20, 0)) {
            ReplicaSearch search = search(shop.url(), output);
            System.out.println("steady: " + search.verdict());
            assertThat(search.drift()).as("the lowest passing rate measured again (none on a host too busy for a valid step: " + search.verdict() + ")").isNotNull();
            assertThat(search.drift().decidedBy()).as("no CPU figures for a target that is not ours").isEqualTo(Drift.LATENCY);
            assertThat(search.drift().drifted()).as(search.drift().describe()).isFalse();
            assertThat(search.verdict()).doesNotContain("UNRELIABLE");
        }
    }

    @Test
    void aServerThatSlowsDownAsItRunsIsReportedAsDrifting(@TempDir Path output) throws Exception {
        // 200 % slower per minute: several percent per step of about 7 s; the recheck comes some 15 s after the first step.
        try (ShopServer shop = new ShopServer(20, 0, 200)) {
            ReplicaSearch search = search(shop.url(), output);
            System.out.println("drifting: " + search.verdict() + " | " + search.drift().describe());
            assertThat(search.drift()).isNotNull();
            assertThat(search.drift().drifted()).as(search.drift().describe()).isTrue();
            assertThat(search.drift().changePercent()).isGreaterThan(Drift.LIMIT_PERCENT);
            CapacityRun run = RunFiles.readRun(output.resolve("latest"));
            assertThat(run.warnings()).anySatisfy(warning -> assertThat(warning).contains("the target drifted"));
            assertThat(output.resolve("latest/capacity.json")).content().contains("\"drifted\" : true");
        }
    }
}
