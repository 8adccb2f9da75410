package org.lmsharness.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmsharness.reports.model.CapacityModel;
import org.lmsharness.reports.run.CapacityRun;
import org.lmsharness.reports.run.ReplicaSearch;
import org.lmsharness.reports.run.RunFiles;
import org.lmsharness.reports.thresholds.ScalingInputs;
import tools.jackson.databind.JsonNode;

class ReportsTests {

    static final ScalingInputs INPUTS = new ScalingInputs(400, 10, 3);
    static final String NO_PASSING_STEP = "no passing step: p95 above 500 ms already at the lowest rate";

    /** The sample run, but the one-replica search ended without a capacity. */
    static CapacityRun withoutOneReplicaCapacity() {
        CapacityRun run = SampleRuns.threeCounts();
        List<ReplicaSearch> searches = new ArrayList<>(run.searches());
        ReplicaSearch one = searches.get(0);
        searches.set(0, new ReplicaSearch(one.replicas(), one.steps(), null, NO_PASSING_STEP));
        return new CapacityRun(run.conditions(), run.slo(), searches, run.readySeconds(), run.wallSeconds(), run.warnings());
    }

    @Test
    void threeCountsGiveCapacityJsonThresholdFilesAndReport(@TempDir Path folder) throws IOException {
        CapacityRun run = SampleRuns.threeCounts();
        Reports.Written written = Reports.write(folder, run, INPUTS, "lms");

        CapacityModel model = CapacityModel.of(run);
        JsonNode json = RunFiles.JSON.readTree(Files.readString(folder.resolve("capacity.json")));
        assertThat(json.get("schema").asString()).as("schema").isEqualTo("lms-harness/capacity/1");
        assertThat(json.get("capacities")).as("one entry per replica count").hasSize(3);
        JsonNode one = json.get("capacities").get(0);
        assertThat(one.get("found").asBoolean()).isTrue();
        assertThat(one.get("requestsPerSecond").get("median").asDouble()).as("one-replica capacity, req/s")
                .isEqualTo(run.searches().get(0).capacity().requestsPerSecond().median());
        assertThat(one.get("requestsPerSecond").get("count").asInt()).as("repeats").isEqualTo(3);
        assertThat(json.get("model").get("perReplicaRequestsPerSecond").asDouble()).isEqualTo(model.perReplicaCapacity());
        assertThat(json.get("model").get("scaleOut").get("sigma").asDouble()).isCloseTo(model.scaleOut().sigma(), within(1e-12));
        assertThat(json.get("model").get("perReplica").get("kappa").asDouble()).isCloseTo(model.perReplica().kappa(), within(1e-12));
        assertThat(json.get("model").get("prediction").get("errorPercent").asDouble())
                .isCloseTo(model.prediction().errorPercent(), within(1e-9));
        assertThat(json.get("conditions").get("cpusPerReplica").asDouble()).isEqualTo(0.5);
        assertThat(json.get("slo").get("p95Millis").asDouble()).isEqualTo(500);
        assertThat(json.get("thresholdsError").isNull()).as("no thresholds error").isTrue();

        JsonNode thresholds = json.get("thresholds");
        assertThat(thresholds.get("values").get("capacityPerTarget").asDouble()).isEqualTo(written.thresholds().capacityPerTarget());
        assertThat(thresholds.get("values").get("derivations")).as("derivations").isNotEmpty();
        assertThat(thresholds.get("files")).as("threshold files listed").isNotEmpty();
        for (JsonNode file : thresholds.get("files")) {
            assertThat(file.asString()).startsWith("thresholds/");
            assertThat(folder.resolve(file.asString())).as(file.asString()).isRegularFile();
        }
        assertThat(written.thresholdFiles()).allSatisfy(file -> assertThat(file).isRegularFile());

        String html = Files.readString(written.report());
        assertThat(written.report()).isEqualTo(folder.resolve("report.html"));
        assertThat(html).contains(thresholds.get("files").get(0).asString()).contains("Every step").doesNotContain("{{");
        assertNoPartialFiles(folder);
    }

    @Test
    void oneReplicaWithoutCapacityShowsTheVerdictAndNoThresholds(@TempDir Path folder) throws IOException {
        Reports.Written written = Reports.write(folder, withoutOneReplicaCapacity(), INPUTS, "lms");

        assertThat(written.thresholds()).as("thresholds").isNull();
        assertThat(written.whyNoThresholds()).as("why no thresholds").isNotBlank();
        assertThat(written.thresholdFiles()).isEmpty();
        assertThat(folder.resolve("thresholds")).doesNotExist();

        JsonNode json = RunFiles.JSON.readTree(Files.readString(written.capacityJson()));
        assertThat(json.get("thresholds").isNull()).as("thresholds in capacity.json").isTrue();
        assertThat(json.get("thresholdsError").asString()).isEqualTo(written.whyNoThresholds());
        JsonNode one = json.get("capacities").get(0);
        assertThat(one.get("found").asBoolean()).isFalse();
        assertThat(one.get("verdict").asString()).isEqualTo(NO_PASSING_STEP);
        assertThat(one.get("requestsPerSecond").isNull()).isTrue();
        assertThat(json.get("model").get("perReplicaRequestsPerSecond").isNull()).as("no NaN in JSON").isTrue();

        String html = Files.readString(written.report());
        assertThat(html).contains("no valid bound found: " + NO_PASSING_STEP)
                .contains("Thresholds could not be derived");
        assertNoPartialFiles(folder);
    }

    @Test
    void rewritingWithoutThresholdsRemovesTheEarlierThresholdFiles(@TempDir Path folder) throws IOException {
        Reports.Written first = Reports.write(folder, SampleRuns.threeCounts(), INPUTS, "lms");
        assertThat(Reports.write(folder, SampleRuns.threeCounts(), INPUTS, "lms").thresholdFiles()).as("same files again")
                .isEqualTo(first.thresholdFiles()).allSatisfy(file -> assertThat(file).isRegularFile());

        Reports.Written again = Reports.write(folder, SampleRuns.threeCounts(), new ScalingInputs(1e6, 10, 3), "lms");

        assertThat(again.whyNoThresholds()).as("a peak beyond what the database takes").contains("more than the database takes");
        assertThat(first.thresholdFiles()).as("files of the earlier report").allSatisfy(file -> assertThat(file).doesNotExist());
        assertThat(Files.readString(again.report())).contains("Thresholds could not be derived");
    }

    @Test
    void textFromTheRunIsEscaped(@TempDir Path folder) throws IOException {
        CapacityRun sample = SampleRuns.threeCounts();
        CapacityRun run = new CapacityRun(sample.conditions(), sample.slo(), sample.searches(), sample.readySeconds(),
                sample.wallSeconds(), List.of("<script>alert(1)</script> & more"));
        String html = Files.readString(Reports.write(folder, run, INPUTS, "lms").report());
        assertThat(html).contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; more").doesNotContain("<script>alert(1)");
    }

    static void assertNoPartialFiles(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            assertThat(files.filter(file -> file.getFileName().toString().endsWith(".partial"))).as("*.partial files left").isEmpty();
        }
    }
}
