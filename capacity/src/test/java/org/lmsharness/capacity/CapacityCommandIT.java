package org.lmsharness.capacity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmsharness.reports.run.CapacityRun;
import org.lmsharness.reports.run.ReplicaSearch;
import org.lmsharness.reports.run.RunFiles;
import org.lmsharness.reports.run.Slo;
import org.lmsharness.reports.run.Step;
import org.lmsharness.reports.thresholds.ScalingInputs;
import org.lmsharness.common.Executables;
import org.lmsharness.topology.BootOptions;

/**
 * The main job on the LMS, shortened (one replica on two JVMs, one try per rate, 20 s of JIT warm-up, short
 * steps, a coarse tolerance of 25 %) but real: the capacity preset booted on the default back end (containers when
 * Docker answers, as in CI; local processes otherwise), the LMS simulation, each JVM searched alone, the
 * model, thresholds and report written, the deployment torn down. The search over several replica counts is
 * the same loop, routed the same way.
 */
class CapacityCommandIT {

    @Test
    void searchesOneReplicaOfTheLmsOnTwoJvmsAndWritesTheReport(@TempDir Path output, @TempDir Path presets) throws java.io.IOException {
        assumeTrue(Executables.onPath("haproxy") || "true".equals(System.getenv("CI")), "haproxy is not installed: the LMS capacity run is skipped");
        // The shipped preset with the JIT's default thresholds: its CompileThresholdScaling=0.1 brings the compiling forward into
        // a warm-up of a few minutes, which this test's 20 s cannot wait out (the steps then met a JIT using 90 % of the CPU).
        Path preset = presets.resolve("capacity.yaml");
        try (var bundled = CapacityCommandIT.class.getResourceAsStream("/presets/capacity.yaml")) {
            Files.writeString(preset, new String(bundled.readAllBytes()).replace(" -XX:CompileThresholdScaling=0.1", ""));
        }
        assertThat(Files.readString(preset)).contains("jvm-options: -Xmx384m -XX:+UseSerialGC\n");
        CapacitySettings settings = new CapacitySettings(preset.toString(), "auto", BootOptions.DEFAULTS.withFaultProxies(false), false, List.of(), CapacitySettings.DEFAULT_SIMULATION, 1, 0, 1, 2,
                Duration.ofSeconds(20), Duration.ofSeconds(3), Duration.ofSeconds(5), 0.25, 2, 12, new Slo(500, 1000, 1), ScalingInputs.withMeasuredPeak(10, 3), output);

        // One try per rate, not the default two of three: confirmations and repeats are CapacitySearchTests'; this test is the
        // whole pipeline on a real deployment. With two, one run took 22 steps: 8 confirmations and repeats, and the bracket
        // went on past each failure they overruled.
        assertThat(CapacityCommand.run(settings)).isZero();

        Path run = output.resolve("latest");
        CapacityRun recorded = RunFiles.readRun(run);
        ReplicaSearch one = recorded.searches().get(0);
        assertThat(one.capacity()).as(one.verdict()).isNotNull();
        assertThat(one.capacity().requestsPerSecond().median()).isPositive();
        List<Step> valid = one.steps().stream().filter(step -> step.outcome() != Step.Outcome.INVALID).toList();
        assertThat(valid).isNotEmpty().allSatisfy(step -> {
            assertThat(step.cpu().replicas()).hasSize(1);
            assertThat(step.cpu().perReplica()).as("replica CPU from /proc").isPositive().isLessThanOrEqualTo(step.cpu().quotaCores() * 1.1);
            assertThat(step.edge()).as("edge percentiles from HAProxy's log").isNotNull();
            assertThat(step.cpu().database()).isPositive();
            assertThat(step.cpu().compiling()).as("the JIT compilers' CPU, from the replica JVM's threads").containsOnlyKeys(step.cpu().replicas().keySet())
                    .allSatisfy((replica, cores) -> assertThat(cores).isGreaterThanOrEqualTo(0).isLessThanOrEqualTo(step.cpu().replicas().get(replica)));
        });
        // Two JVMs booted and warmed together; one replica searched on each alone (forks), the other frozen out of the edge.
        assertThat(recorded.searches()).extracting(ReplicaSearch::replicas, ReplicaSearch::fork, ReplicaSearch::replica)
                .containsExactly(tuple(1, 1, "replica-1"), tuple(1, 2, "replica-2"));
        assertThat(recorded.searches().get(1).steps()).allSatisfy(step -> assertThat(step.cpu().replicas()).containsOnlyKeys("replica-2"));
        assertThat(recorded.searches()).allSatisfy(search -> assertThat(search.drift()).as("every search rechecked").isNotNull());
        assertThat(recorded.readySeconds()).as("time to ready of each replica").hasSize(2).allSatisfy(seconds -> assertThat(seconds).isPositive());
        for (String file : List.of("capacity.json", "report.html", "thresholds/scaling.tf", "thresholds/hpa.yaml")) {
            assertThat(run.resolve(file)).as(file).isRegularFile();
        }
        // The production model and the service demand, from the real steps.
        String summary = Files.readString(run.resolve("capacity.json"));
        assertThat(summary).contains("\"oneReplica\"", "\"serviceDemand\"", "\"databaseBoundReplicas\"");
        assertThat(Files.exists(output.resolve("latest.partial"))).isFalse();
    }
}
