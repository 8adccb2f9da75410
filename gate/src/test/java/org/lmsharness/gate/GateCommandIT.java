package org.lmsharness.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmsharness.common.Executables;
import org.lmsharness.gate.build.LmsBuild;
import org.lmsharness.gate.compare.Comparison;
import org.lmsharness.gate.report.GateFiles;
import org.lmsharness.gate.stats.Verdict;
import org.lmsharness.reports.run.RunFiles;
import org.lmsharness.reports.run.Slo;
import org.lmsharness.topology.Artifacts;
import org.lmsharness.topology.Backend;
import org.lmsharness.topology.BootOptions;
import org.lmsharness.topology.preset.Presets;
import tools.jackson.databind.JsonNode;

/**
 * The gate on real deployments of the LMS, shortened (at most 45 s of warm-up, six rounds of 12 s): the
 * tree's LMS against its parent commit's must not be called a regression, and a build with a known regression
 * (gate/regressions/cpu-per-request.patch made three times as costly: about +30 % CPU per journey) must be.
 * Local processes: two deployments, each with its own PostgreSQL and HAProxy, under cgroup quotas when root.
 *
 * <p>Why three times: 45 s leaves both JVMs compiling, and the shortened gate read the patch as shipped (+10 % on a full
 * gate, docs/gate.md) at +6.5 to +22.8 % in nine runs, median +12.2 %, its interval reaching under the +5 % allowed in three
 * (UNKNOWN). The +10 % proof is {@code bin/gate-proof}, on full gates.
 */
class GateCommandIT {

    private static final GateSettings SHORT = new GateSettings(8, List.of(0.5, 0.85), 6, 6, Duration.ofSeconds(45), Duration.ofSeconds(12),
            0.05, 0.10, 0.95, 30, new Slo(500, 1000, 1), 1);

    private static GateCommand.Options options(Path baseline, Path candidate, Path output) {
        return new GateCommand.Options(baseline, candidate, List.of(), Presets.load("capacity"), Backend.LOCAL, BootOptions.DEFAULTS.withFaultProxies(false),
                SHORT, output, output.resolve("history.jsonl"));
    }

    private static JsonNode gateJson(Path output) throws Exception {
        return RunFiles.JSON.readTree(output.resolve("latest").resolve(GateFiles.JSON).toFile());
    }

    private static JsonNode metric(JsonNode gate, String name) {
        for (JsonNode metric : gate.path("metrics")) if (metric.path("name").asString().equals(name)) return metric;
        throw new AssertionError("no metric " + name + " in gate.json");
    }

    /** The project's root, a git clone: the commits and the patches are built from it. */
    private static final Path ROOT = Path.of(System.getProperty("lms.project.root", "..")).toAbsolutePath().normalize();

    /**
     * The project gates its own releases as its users will: the LMS of this tree (the candidate) against the LMS of its parent
     * commit (the baseline). Where the change leaves the LMS alone this is the same build on both sides, which must not be called
     * a regression; where it changed the LMS, a regression fails the project's own tests.
     */
    @Test
    void theTreeAgainstItsParentCommitIsNoRegression(@TempDir Path output, @TempDir Path builds) throws Exception {
        assumeTrue(Executables.onPath("haproxy") || "true".equals(System.getenv("CI")), "haproxy is not installed: the gate on the LMS is skipped");
        boolean parent = LmsBuild.isCommit(ROOT, "HEAD~1");
        if (!parent) System.out.println("GateCommandIT: no parent commit here (a shallow clone?): the built LMS is gated against itself");
        Path baseline = parent ? LmsBuild.build(ROOT, "HEAD~1", null, builds.resolve("parent.jar")) : Artifacts.referenceApp();
        int status = GateCommand.run(options(baseline, Artifacts.referenceApp(), output));

        assertThat(status).isNotEqualTo(Verdict.REGRESSION.exitCode());
        JsonNode gate = gateJson(output);
        assertThat(gate.path("rounds")).hasSize(6);
        for (JsonNode round : gate.path("rounds")) {
            long journeys = round.path("sides").path("baseline").path("journeys").asLong();
            assertThat(journeys).as("each side got the whole profile").isPositive();
            assertThat(round.path("sides").path("candidate").path("journeys").asLong()).as("at the same instants").isBetween(journeys - 1, journeys + 1);
        }
        JsonNode cpu = metric(gate, Comparison.CPU_PER_JOURNEY);
        assertThat(cpu.path("verdict").asString()).isNotEqualTo("REGRESSION");
        if (!parent || sameLms(ROOT)) {
            // Full A/A gate runs read −1.3 to +0.7 % (docs/gate.md). With this test's 45 s warm-up the compilers are still busy, and
            // one CI run read −5.3 % in every one of its six rounds, the reactor's jar the cheaper (as the regression test read
            // +14 % with it as baseline): within the 2–11 % between JVMs of one build that the capacity search's forks measure.
            assertThat(cpu.path("ratio").path("estimate").asDouble()).as("the same LMS costs about the same on both sides").isBetween(0.90, 1.10);
        }
        var junit = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(output.resolve("latest").resolve(GateFiles.JUNIT).toFile());
        assertThat(junit.getElementsByTagName("testcase").getLength()).isEqualTo(gate.path("metrics").size());
        assertThat(junit.getElementsByTagName("failure").getLength()).isZero();
        assertThat(Files.readString(output.resolve("latest").resolve(GateFiles.MARKDOWN))).startsWith("### Release gate: **");
    }

    @Test
    void aBuildThatCostsAThirdMoreCpuIsARegression(@TempDir Path output, @TempDir Path builds) throws Exception {
        assumeTrue(Executables.onPath("haproxy") || "true".equals(System.getenv("CI")), "haproxy is not installed: the gate on the LMS is skipped");
        assumeTrue(LmsBuild.isCommit(ROOT, "HEAD"), "not a git clone: the known regression cannot be built");
        Path regressed = LmsBuild.build(ROOT, "HEAD", threeTimesTheCpuPerRequest(builds), builds.resolve("cpu-per-request-x3.jar"));

        int status = GateCommand.run(options(Artifacts.referenceApp(), regressed, output));

        assertThat(status).isEqualTo(Verdict.REGRESSION.exitCode());
        JsonNode cpu = metric(gateJson(output), Comparison.CPU_PER_JOURNEY);
        assertThat(cpu.path("verdict").asString()).isEqualTo("REGRESSION");
        // The neighbourhood of +30 %: with this test's warm-up the shipped patch read from 0.65 to 2.3 times its +10 %.
        assertThat(cpu.path("ratio").path("estimate").asDouble()).isBetween(1.10, 1.80);
        var junit = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(output.resolve("latest").resolve(GateFiles.JUNIT).toFile());
        assertThat(junit.getElementsByTagName("failure").getLength()).isPositive();
    }

    /** cpu-per-request.patch hashing three times as much per request: 738 blocks of 4 KiB instead of 246. */
    private static Path threeTimesTheCpuPerRequest(Path folder) throws Exception {
        String shipped = Files.readString(ROOT.resolve("gate/regressions/cpu-per-request.patch"));
        String tripled = shipped.replace("i < 246;", "i < 738;").replace("hashes 984 KiB", "hashes 2952 KiB");
        if (tripled.equals(shipped)) throw new AssertionError("cpu-per-request.patch no longer hashes 246 blocks: update this test");
        return Files.writeString(folder.resolve("cpu-per-request-x3.patch"), tripled);
    }

    /** Whether the LMS's sources are the same at HEAD~1 and HEAD: then both sides run the same code. */
    private static boolean sameLms(Path root) throws Exception {
        Process diff = new ProcessBuilder("git", "diff", "--quiet", "HEAD~1", "HEAD", "--", "reference-app").directory(root.toFile()).start();
        return diff.waitFor() == 0;
    }
}
