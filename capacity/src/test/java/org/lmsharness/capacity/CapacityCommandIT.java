package org.lmsharness.capacity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
import tools.jackson.databind.JsonNode;

/**
 * The main job on the LMS, shortened (one replica of each of two sizes, one JVM each, one try per rate, 20 s of JIT warm-up,
 * short steps, a coarse tolerance of 25 %) but real: the capacity preset booted on the default back end (containers when
 * Docker answers, as in CI; local processes otherwise) with each replica under its own quota, the LMS simulation, each JVM
 * searched alone, each size's model, thresholds and report written, the comparison beside them, the deployment torn down.
 * Forks of one size and the search over several replica counts are the same loop, routed the same way.
 */
class CapacityCommandIT {

    @Test
    void comparesTwoInstanceSizesOfTheLmsAndWritesTheReports(@TempDir Path output, @TempDir Path presets) throws java.io.IOException {
        assumeTrue(Executables.onPath("haproxy") || "true".equals(System.getenv("CI")), "haproxy is not installed: the LMS capacity run is skipped");
        // The shipped preset with the JIT's default thresholds: its CompileThresholdScaling=0.1 brings the compiling forward into
        // a warm-up of a few minutes, which this test's 20 s cannot wait out (the steps then met a JIT using 90 % of the CPU).
        Path preset = presets.resolve("capacity.yaml");
        try (var bundled = CapacityCommandIT.class.getResourceAsStream("/presets/capacity.yaml")) {
            Files.writeString(preset, new String(bundled.readAllBytes()).replace(" -XX:CompileThresholdScaling=0.1", ""));
        }
        assertThat(Files.readString(preset)).contains("jvm-options: -Xmx384m -XX:+UseSerialGC\n");
        CapacitySettings settings = new CapacitySettings(preset.toString(), "auto", BootOptions.DEFAULTS.withFaultProxies(false), false, List.of(),
                CapacitySettings.DEFAULT_SIMULATION, Map.of(), 0, List.of(0.4, 0.6), Map.of(0.4, 0.02, 0.6, 0.03), 1, 1,
                Duration.ofSeconds(20), Duration.ofSeconds(10), Duration.ofSeconds(3), Duration.ofSeconds(5), 0.25, 2, 12, new Slo(500, 1000, 1), ScalingInputs.withMeasuredPeak(10, 3), output, output.resolve("history.jsonl"));

        // One try per rate, not the default two of three: confirmations and repeats are CapacitySearchTests'; this test is the
        // whole pipeline on a real deployment. With two, one run took 22 steps: 8 confirmations and repeats, and the bracket
        // went on past each failure they overruled.
        assertThat(CapacityCommand.run(settings)).isZero();

        Path run = Files.list(output).filter(Files::isDirectory).findFirst().orElseThrow();
        try (var rounds = Files.list(run.resolve("steps"))) {
            assertThat(rounds.map(path -> path.getFileName().toString()).filter(name -> name.startsWith("settle-")))
                    .as("each size settled under its quota before its search: two rounds of 5 s in a budget of 10 s").hasSize(4);
        }
        for (double cores : List.of(0.4, 0.6)) {
            Path folder = run.resolve(cores + "-cores");
            CapacityRun recorded = RunFiles.readRun(folder);
            assertThat(recorded.conditions().cpusPerReplica()).isEqualTo(cores);
            assertThat(recorded.searches()).hasSize(1);
            ReplicaSearch one = recorded.searches().get(0);
            assertThat(one.replica()).isEqualTo(cores == 0.4 ? "replica-1" : "replica-2");
            assertThat(one.capacity()).as(one.verdict()).isNotNull();
            assertThat(one.capacity().requestsPerSecond().median()).isPositive();
            assertThat(one.drift()).as("every search rechecked").isNotNull();
            List<Step> valid = one.steps().stream().filter(step -> step.outcome() != Step.Outcome.INVALID).toList();
            assertThat(valid).isNotEmpty().allSatisfy(step -> {
                assertThat(step.cpu().quotaCores()).isEqualTo(cores);
                assertThat(step.cpu().replicas()).containsOnlyKeys(one.replica());
                assertThat(step.cpu().perReplica()).as("replica CPU from /proc, within its own quota").isPositive().isLessThanOrEqualTo(cores * 1.1);
                assertThat(step.edge()).as("edge percentiles from HAProxy's log").isNotNull();
                assertThat(step.cpu().database()).isPositive();
                assertThat(step.cpu().compiling()).as("the JIT compilers' CPU, from the replica JVM's threads").containsOnlyKeys(one.replica())
                        .allSatisfy((replica, used) -> assertThat(used).isGreaterThanOrEqualTo(0).isLessThanOrEqualTo(step.cpu().replicas().get(replica)));
            });
            if (cores == 0.6) {
                assertThat(valid).as("the larger replica used more than the smaller one's quota: each had its own")
                        .anySatisfy(step -> assertThat(step.cpu().perReplica()).isGreaterThan(0.4 * 1.1));
            }
            assertThat(recorded.readySeconds()).as("time to ready of the size's replica").hasSize(1).allSatisfy(seconds -> assertThat(seconds).isPositive());
            for (String file : List.of("capacity.json", "report.html", "thresholds/scaling.tf", "thresholds/hpa.yaml")) {
                assertThat(folder.resolve(file)).as(file).isRegularFile();
            }
            // The production model and the service demand, from the real steps.
            assertThat(Files.readString(folder.resolve("capacity.json"))).contains("\"oneReplica\"", "\"serviceDemand\"", "\"databaseBoundReplicas\"");
        }
        JsonNode sizes = RunFiles.JSON.readTree(run.resolve("sizes.json").toFile());
        assertThat(sizes.path("sizes").valueStream().map(size -> size.path("cores").asDouble()).toList()).containsExactly(0.4, 0.6);
        assertThat(sizes.path("sizes").valueStream().map(size -> size.path("costPerMillionRequests").isNumber()).toList()).containsExactly(true, true);
        assertThat(sizes.path("answers").valueStream().map(JsonNode::asString).toList()).anySatisfy(answer -> assertThat(answer).startsWith("Capacity per core is highest at"));
        assertThat(run.resolve("sizes.html")).content().contains("0.4-cores/report.html", "0.6-cores/report.html");
        assertThat(output.resolve("latest")).as("the latest link names a capacity of one size; a comparison leaves it alone").doesNotExist();
    }
}
