package org.lmsharness.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmsharness.reports.model.CapacityModel;
import org.lmsharness.reports.run.CapacityRun;

/**
 * Opens report.html in a real headless Chromium and reads the DOM after the page's scripts ran:
 * the charts are drawn (ECharts' SVG renderer puts them in the DOM), the headline holds the numbers,
 * and the script reached its end without an error.
 */
class HtmlReportRendersInChromiumTests {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final List<String> CHARTS = List.of("chart-one-replica", "chart-scale-out", "chart-cpu", "chart-concurrency");

    @BeforeAll
    static void chromiumInstalled() {
        if (Files.isExecutable(CHROMIUM)) return;
        if ("true".equals(System.getenv("CI"))) fail("chromium is required in CI (apt-get install -y chromium): " + CHROMIUM + " is missing");
        Assumptions.abort(CHROMIUM + " is missing: report rendering not checked (apt-get install -y chromium)");
    }

    @Test
    void chartsAreDrawnAndTheHeadlineHoldsTheNumbers(@TempDir Path folder) throws Exception {
        CapacityRun run = SampleRuns.threeCounts();
        Reports.Written written = Reports.write(folder, run, ReportsTests.INPUTS, "lms");
        String dom = dumpDom(written.report(), folder);

        assertThat(rendered(dom)).as("body data-rendered (set at the end of the page's script)").isEqualTo("ok");
        for (String chart : CHARTS) {
            String container = container(dom, chart);
            assertThat(container).as(chart + " holds an svg").contains("<svg");
            assertThat(drawnPaths(container)).as(chart + ": paths drawn").isGreaterThanOrEqualTo(5);
        }
        CapacityModel model = CapacityModel.of(run);
        assertThat(dom).as("headline capacity")
                .contains(String.format(Locale.ROOT, "%.1f req/s", run.searches().get(0).capacity().requestsPerSecond().median()))
                .as("scale-out σ and κ").contains("σ " + String.format(Locale.ROOT, "%.3g", model.scaleOut().sigma()))
                .as("per-replica κ").contains("κ " + String.format(Locale.ROOT, "%.3g", model.perReplica().kappa()));
    }

    @Test
    void runWithoutOneReplicaCapacityRendersWithoutError(@TempDir Path folder) throws Exception {
        Reports.Written written = Reports.write(folder, ReportsTests.withoutOneReplicaCapacity(), ReportsTests.INPUTS, "lms");
        String dom = dumpDom(written.report(), folder);

        assertThat(rendered(dom)).as("body data-rendered").isEqualTo("ok");
        assertThat(dom).contains("no valid bound found: " + ReportsTests.NO_PASSING_STEP);
        for (String chart : CHARTS) assertThat(container(dom, chart)).as(chart + " holds an svg").contains("<svg");
    }

    /** Chromium's serialised DOM after scripts ran; a fresh profile so nothing is shared between runs. */
    static String dumpDom(Path page, Path scratch) throws IOException, InterruptedException {
        return new String(chromium(page, scratch, "--dump-dom"), StandardCharsets.UTF_8);
    }

    static byte[] chromium(Path page, Path scratch, String... action) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + Files.createTempDirectory(scratch, "chromium-profile"),
                "--virtual-time-budget=5000"));
        command.addAll(List.of(action));
        command.add(page.toUri().toString());
        Path log = scratch.resolve("chromium.log");
        Process process = new ProcessBuilder(command).redirectError(log.toFile()).start();
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("chromium did not finish within 90 s");
        }
        assertThat(process.exitValue()).as("chromium exit code; its log: %s", Files.readString(log)).isZero();
        return out;
    }

    private static String rendered(String dom) {
        Matcher body = Pattern.compile("<body[^>]*data-rendered=\"([^\"]*)\"").matcher(dom);
        return body.find() ? body.group(1) : "missing (the page's script did not run to its end)";
    }

    /** The chart's element up to the next figure. */
    private static String container(String dom, String id) {
        int start = dom.indexOf("id=\"" + id + "\"");
        assertThat(start).as("element #" + id).isNotNegative();
        int end = dom.indexOf("</figure>", start);
        return dom.substring(start, end < 0 ? dom.length() : end);
    }

    private static long drawnPaths(String svg) {
        return Pattern.compile("<path[^>]*\\sd=\"M").matcher(svg).results().count();
    }
}
