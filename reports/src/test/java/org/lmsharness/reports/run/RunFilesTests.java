package org.lmsharness.reports.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmsharness.reports.SampleRuns;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

class RunFilesTests {

    /** A step as run folders saved it before steps had named groups: every figure a field of its own. */
    private static final String FLAT_STEP = """
            {"index": 1, "replicas": 1, "phase": "calibrate", "offeredJourneysPerSecond": 5.0, "offeredRequestsPerSecond": 24.3,
             "achievedRequestsPerSecond": 24.1, "okRequestsPerSecond": 24.0, "requests": 243, "failed": 1, "errors": {"status 503": 1},
             "client": {"p50": 20, "p95": 90, "p99": 140, "max": 300, "mean": 31},
             "edge": {"p50": 18, "p95": 85, "p99": 130, "max": 290, "mean": 29},
             "meanConcurrency": 0.75, "replicaCpu": {"replica-1": 0.21}, "quotaCores": 0.5, "injectorCpu": 0.04, "edgeCpu": 0.01,
             "databaseCpu": 0.03, "hostBusy": 0.35, "steady": true, "outcome": "PASS", "reason": "within the SLO, steady",
             "windowStartMillis": 1700000000000, "windowEndMillis": 1700000010000}
            """;

    @Test
    void aRunSavedBeforeStepsHadGroupsStillReads(@TempDir Path folder) throws Exception {
        ObjectNode run = (ObjectNode) RunFiles.JSON.valueToTree(SampleRuns.threeCounts());
        ((ArrayNode) run.get("searches").get(0).get("steps")).set(0, RunFiles.JSON.readTree(FLAT_STEP));
        Files.writeString(folder.resolve(RunFiles.RUN_JSON), RunFiles.JSON.writeValueAsString(run));

        Step step = RunFiles.readRun(folder).searches().get(0).steps().get(0);

        assertThat(step.throughput()).isEqualTo(new Step.Throughput(5.0, 24.3, 24.1, 24.0, 243, 1, Map.of("status 503", 1L), 0.75));
        assertThat(step.edge()).isEqualTo(new Latency(18, 85, 130, 290, 29));
        assertThat(step.cpu()).isEqualTo(new Step.Cpu(Map.of("replica-1", 0.21), 0.5, 0.04, 0.01, 0.03, 0.35));
        assertThat(step.verdict()).isEqualTo(new Step.Verdict(Step.Outcome.PASS, "within the SLO, steady", true));
        assertThat(step.window()).isEqualTo(new Step.Window(1_700_000_000_000L, 1_700_000_010_000L));
    }

    @Test
    void aRunWrittenNowReadsBackAsItWas(@TempDir Path folder) {
        CapacityRun written = SampleRuns.threeCounts();
        RunFiles.writeJson(folder.resolve(RunFiles.RUN_JSON), written);

        assertThat(RunFiles.readRun(folder)).isEqualTo(written);
    }
}
