package org.lmsharness.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmsharness.reports.history.ChangePoints;
import org.lmsharness.reports.history.HistoryRecord;
import org.lmsharness.reports.history.Trends;
import org.lmsharness.reports.html.HistoryPage;

/** history.html in a real headless Chromium: a chart per series, a series with a step has its change point marked. */
class HistoryPageRendersInChromiumTests {

    @BeforeAll
    static void chromiumInstalled() {
        Chromium.requireInstalled();
    }

    @Test
    void eachSeriesIsDrawnAndAStepIsMarked(@TempDir Path folder) throws Exception {
        Random noise = new Random(7);
        List<HistoryRecord> records = new ArrayList<>();
        for (int run = 0; run < 16; run++) {
            double demand = (run < 8 ? 50 : 55) * (1 + 0.005 * noise.nextGaussian()); // +10 % from run 9
            records.add(new HistoryRecord("2026-12-06T%02d:00:00Z".formatted(run), "gate", "c" + run, Map.of("quota", "0.5 cores"),
                    Map.of("candidate cpu per journey ms", demand, "p95 ratio", 1 + 0.01 * noise.nextGaussian()), "runs/" + run));
        }
        List<Trends.Series> series = Trends.of(records, ChangePoints.of(0.05, 0.001), null);
        Path page = folder.resolve("history.html");
        Files.writeString(page, HistoryPage.render("history.jsonl", series));

        String dom = Chromium.dumpDom(page, folder);

        assertThat(Chromium.rendered(dom)).as("body data-rendered (set at the end of the page's script)").isEqualTo("ok");
        for (String chart : List.of("chart-0", "chart-1")) {
            assertThat(Chromium.drawnPaths(Chromium.container(dom, chart))).as(chart + ": the runs and the segment means").isGreaterThanOrEqualTo(2);
        }
        assertThat(dom).contains("change at run 9 (commit c8").contains("no change point"); // demand's step; the ratio has none
        assertThat(Chromium.container(dom, "chart-0") + Chromium.container(dom, "chart-1")).contains("p 0.00"); // the change point's label
    }

    @Test
    void segmentMeansFollowTheChangePoints() {
        double[] means = HistoryPage.segmentMeans(new double[] {1, 3, 10, 12, 14}, List.of(new ChangePoints.ChangePoint(2, 2, 12, 0.001)));
        assertThat(means).containsExactly(2, 2, 12, 12, 12);
    }
}
