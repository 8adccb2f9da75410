package org.lmsharness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmsharness.reports.Chromium;
import org.lmsharness.reports.SampleRuns;
import org.lmsharness.reports.run.RunFiles;

/** lms-harness replay on a saved run folder: what it prints, writes and refuses, and its page in a real Chromium. */
class ReplayTests {

    @TempDir
    Path run;

    @BeforeEach
    void aSavedCapacityRun() throws IOException {
        Files.writeString(run.resolve(RunFiles.RUN_JSON), RunFiles.JSON.writeValueAsString(SampleRuns.threeCounts()));
    }

    @Test
    void eachTraceAndPolicyGetsAVerdictAndTheFilesAreWritten() throws Exception {
        Console console = Console.run("replay", run.toString(), "--trace", "spike,fall");
        assertThat(console.status()).as(console.err()).isIn(0, 3);
        assertThat(console.out()).contains("fleet        one replica carries").contains("spike        target-tracking").contains("fall         hpa")
                .contains("replay       ").contains("junit        ");
        Path folder = run.resolve("autoscale");
        assertThat(Files.readString(folder.resolve("replay.json"))).contains("\"trace\" : \"spike\"").contains("\"windowsViolated\"");
        String junit = Files.readString(folder.resolve("junit.xml"));
        assertThat(junit).contains("<testcase classname=\"autoscale-replay\" name=\"spike / target-tracking\"");
        assertThat(console.status() == 3).isEqualTo(junit.contains("<failure"));

        Chromium.requireInstalled();
        String dom = Chromium.dumpDom(folder.resolve("replay.html"), run);
        assertThat(Chromium.rendered(dom)).isEqualTo("ok");
        assertThat(Chromium.drawnPaths(Chromium.container(dom, "chart-0"))).as("the spike's timeline").isGreaterThanOrEqualTo(3);
        assertThat(dom).contains("chart-5"); // two traces × three policies
    }

    @Test
    void aLoadNoFleetCanCarryBreaksTheSloWithStatus3AndSaysWhatWouldKeepIt() {
        Console console = Console.run("replay", run.toString(), "--trace", "spike", "--policy", "target-tracking", "--peak-load", "5000");
        assertThat(console.status()).as(console.err()).isEqualTo(3);
        assertThat(console.out()).contains("SLO broken in").contains("  try        ");
    }

    @Test
    void minAndMaxBoundEveryPolicyAsInTheLiveLoop() {
        Console console = Console.run("replay", run.toString(), "--trace", "spike", "--peak-load", "5000", "--min", "1", "--max", "2");
        assertThat(console.out()).as(console.err()).contains("spike        target-tracking").contains("up to 2 replicas").doesNotContain("up to 3 replicas");
    }

    @Test
    void aUsersTraceIsReplayed() throws IOException {
        Path csv = run.resolve("requests.csv");
        StringBuilder rows = new StringBuilder("minute,requests\n");
        for (int minute = 0; minute < 30; minute++) rows.append(minute).append(',').append(minute < 10 ? 3000 : 9000).append('\n');
        Files.writeString(csv, rows);
        Console console = Console.run("replay", run.toString(), "--trace", csv.toString(), "--policy", "hpa");
        assertThat(console.out()).contains("requests.csv hpa");
    }

    @Test
    void badInputIsRefusedInOneLine() throws IOException {
        Console.run("replay", run.resolve("absent").toString()).refusedInOneLine("replay", "no run.json here");
        Console.run("replay", run.toString(), "--trace", "no-such.csv").refusedInOneLine("replay", "--trace: no-such.csv: cannot read the trace");
        Console.run("replay", run.toString(), "--policy", "simple-scaling").refusedInOneLine("replay", "--policy: unknown kind simple-scaling");
        Console.run("replay", run.toString(), "--time-compression", "0.5").refusedInOneLine("replay", "--time-compression must be between 1 and 60");
        Console.run("replay", run.toString(), "--min", "3", "--max", "2").refusedInOneLine("replay", "--max must be at least --min");
        Path bad = run.resolve("bad.csv");
        Files.writeString(bad, "0,100\n1,many\n");
        Console.run("replay", run.toString(), "--trace", bad.toString()).refusedInOneLine("replay", "bad.csv:2");
        assertThat(run.resolve("autoscale")).doesNotExist();
    }

    @Test
    void theLiveLoopRefusesWhatItCannotRunBeforeBooting() {
        Console.run("autoscale", "--capacity-run", run.toString(), "--policy", "simple-scaling").refusedInOneLine("autoscale",
                "--policy must be target-tracking, step-scaling or hpa, got simple-scaling");
        Console.run("autoscale", "--capacity-run", run.toString(), "--trace", "day").refusedInOneLine("autoscale", "--trace day lasts 24 hours");
        Console.run("autoscale", "--capacity-run", run.toString(), "--min", "3", "--max", "2").refusedInOneLine("autoscale", "--max must be at least --min");
        Console.run("autoscale", "--capacity-run", run.resolve("absent").toString()).refusedInOneLine("autoscale", "no run.json");
    }
}
