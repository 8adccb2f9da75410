package org.lmsharness.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmsharness.reports.model.CapacityModel;
import org.lmsharness.reports.model.SizeComparison;
import org.lmsharness.reports.run.CapacityRun;

/**
 * Opens report.html in a real headless Chromium and reads the DOM after the page's scripts ran:
 * the charts are drawn (ECharts' SVG renderer puts them in the DOM), the headline holds the numbers,
 * and the script reached its end without an error.
 */
class HtmlReportRendersInChromiumTests {

    static final List<String> CHARTS = List.of("chart-one-replica", "chart-scale-out", "chart-cpu", "chart-concurrency");

    @BeforeAll
    static void chromiumInstalled() {
        Chromium.requireInstalled();
    }

    @Test
    void chartsAreDrawnAndTheHeadlineHoldsTheNumbers(@TempDir Path folder) throws Exception {
        CapacityRun run = SampleRuns.threeCounts();
        Reports.Written written = Reports.write(folder, run, ReportsTests.INPUTS, "lms");
        String dom = Chromium.dumpDom(written.report(), folder);

        assertThat(Chromium.rendered(dom)).as("body data-rendered (set at the end of the page's script)").isEqualTo("ok");
        for (String chart : CHARTS) {
            String container = Chromium.container(dom, chart);
            assertThat(container).as(chart + " holds an svg").contains("<svg");
            assertThat(Chromium.drawnPaths(container)).as(chart + ": paths drawn").isGreaterThanOrEqualTo(5);
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
        String dom = Chromium.dumpDom(written.report(), folder);

        assertThat(Chromium.rendered(dom)).as("body data-rendered").isEqualTo("ok");
        assertThat(dom).contains("no valid bound found: " + ReportsTests.NO_PASSING_STEP);
        for (String chart : CHARTS) assertThat(Chromium.container(dom, chart)).as(chart + " holds an svg").contains("<svg");
    }

    @Test
    void theSizesPageDrawsItsChartAndLinksEachSizesReport(@TempDir Path folder) throws Exception {
        SizeComparison comparison = Reports.writeSizes(folder, List.of(
                new SizeComparison.SizeRun(0.25, "0.25-cores", SampleRuns.threeCounts(30), "30 req/s"),
                new SizeComparison.SizeRun(0.5, "0.5-cores", SampleRuns.threeCounts(55), "55 req/s")), Map.of(0.25, 0.0104));
        String dom = Chromium.dumpDom(folder.resolve(Reports.SIZES_HTML), folder);

        assertThat(Chromium.rendered(dom)).as("body data-rendered").isEqualTo("ok");
        assertThat(Chromium.drawnPaths(Chromium.container(dom, "chart-sizes"))).as("bars, interval whiskers and the per-core line").isGreaterThanOrEqualTo(5);
        assertThat(dom).contains("0.25-cores/report.html", "0.5-cores/report.html", comparison.answers().get(0));
        assertThat(folder.resolve(Reports.SIZES_JSON)).content().contains("\"requestsPerSecondPerCore\"");
    }
}
