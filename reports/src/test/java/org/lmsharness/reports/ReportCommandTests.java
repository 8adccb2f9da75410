package org.lmsharness.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lmsharness.reports.model.SizeComparison;
import org.junit.jupiter.api.io.TempDir;
import org.lmsharness.reports.run.RunFiles;
import picocli.CommandLine;

class ReportCommandTests {

    @TempDir
    Path folder;

    record Result(int exitCode, String out, String err) {}

    static Result report(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine command = ReportCommand.commandLine();
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        int code = command.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    private void assertOneLine(Result result, int exitCode, String contains) {
        assertThat(result.exitCode()).as("exit code; stderr: %s", result.err()).isEqualTo(exitCode);
        assertThat(result.err().lines()).as("stderr").hasSize(1).first().asString().startsWith("report: ").contains(contains);
        assertThat(result.err()).as("no stack trace").doesNotContain("\tat ").doesNotContain("Exception");
    }

    private Path withRun() {
        RunFiles.writeJson(folder.resolve("run.json"), SampleRuns.threeCounts());
        return folder;
    }

    @Test
    void missingArgumentIsUsage() {
        assertOneLine(report(), 2, "<run-folder>");
    }

    @Test
    void missingFolderIsUsage() {
        assertOneLine(report(folder.resolve("no-such-run").toString()), 2, "no such folder");
    }

    @Test
    void folderWithoutRunJsonIsUnreadable() {
        assertOneLine(report(folder.toString()), 1, "run.json");
    }

    @Test
    void malformedRunJsonIsUnreadable() throws IOException {
        Files.writeString(folder.resolve("run.json"), "{\"conditions\": [1, 2");
        assertOneLine(report(folder.toString()), 1, "not a capacity run");
    }

    @Test
    void runJsonWithoutItsPartsIsUnreadable() throws IOException {
        Files.writeString(folder.resolve("run.json"), "{\"wallSeconds\": 3}");
        assertOneLine(report(folder.toString()), 1, "missing conditions, slo, searches");
    }

    @Test
    void negativePeakIsUsage() {
        assertOneLine(report(withRun().toString(), "--peak-rps", "-5"), 2, "--peak-rps must be a positive number");
    }

    @Test
    void negativeGrowthIsUsage() {
        assertOneLine(report(withRun().toString(), "--growth-percent-per-minute=-1"), 2, "got -1.0");
    }

    @Test
    void zeroZonesIsUsage() {
        assertOneLine(report(withRun().toString(), "--zones", "0"), 2, "--zones must be 1 or more (at most 10), got 0");
    }

    @Test
    void zonesNotANumberIsUsage() {
        assertOneLine(report(withRun().toString(), "--zones", "three"), 2, "three");
    }

    @Test
    void groupNameThatIsNoKubernetesNameIsUsage() {
        assertOneLine(report(withRun().toString(), "--group", "Bad_Name"), 2, "'Bad_Name'");
        assertThat(folder.resolve("report.html")).as("nothing written").doesNotExist();
    }

    @Test
    void unknownOptionIsUsage() {
        assertOneLine(report(withRun().toString(), "--peak", "5"), 2, "--peak");
    }

    @Test
    void runFolderGetsReportJsonAndThresholds() {
        Result result = report(withRun().toString(), "--zones", "2", "--group", "lms-web");

        assertThat(result.exitCode()).as("exit code; stderr: %s", result.err()).isZero();
        assertThat(result.err()).isEmpty();
        assertThat(result.out()).contains("report.html").contains("derived from the measurements");
        assertThat(folder.resolve("report.html")).isRegularFile();
        assertThat(folder.resolve("capacity.json")).isRegularFile();
        assertThat(folder.resolve("thresholds")).isDirectory();
    }

    @Test
    void aComparisonOfSizesIsWrittenAgainSizeBySize() {
        List<SizeComparison.SizeRun> runs = List.of(new SizeComparison.SizeRun(0.25, "0.25-cores", SampleRuns.threeCounts(30), "30 req/s"),
                new SizeComparison.SizeRun(0.5, "0.5-cores", SampleRuns.threeCounts(55), "55 req/s"));
        for (SizeComparison.SizeRun run : runs) RunFiles.writeJson(folder.resolve(run.folder()).resolve("run.json"), run.run());
        Reports.writeSizes(folder, runs, Map.of(0.5, 0.0208));

        Result result = report(folder.toString(), "--zones", "2");

        assertThat(result.exitCode()).as("exit code; stderr: %s", result.err()).isZero();
        assertThat(result.out()).contains("sizes        Capacity per core is highest at", "Cheapest per million requests at capacity: 0.5 cores", "sizes.html");
        for (String size : List.of("0.25-cores", "0.5-cores")) {
            assertThat(folder.resolve(size).resolve("report.html")).isRegularFile();
            assertThat(folder.resolve(size).resolve("thresholds")).isDirectory();
        }
        assertThat(folder.resolve("sizes.html")).content().contains("0.25-cores/report.html");
    }
}
