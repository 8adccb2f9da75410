package org.lmsharness.gate.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmsharness.gate.GateResult;
import org.lmsharness.gate.GateSettings;
import org.lmsharness.gate.compare.Comparison;
import org.lmsharness.gate.duet.Round;
import org.lmsharness.gate.duet.Side;
import org.lmsharness.gate.duet.SideFigures;
import org.lmsharness.gate.stats.Verdict;
import org.lmsharness.reports.Chromium;

/** gate.html opened in a real headless Chromium: both charts drawn, the verdict and the metrics in the page. */
class GatePageRendersInChromiumTests {

    @BeforeAll
    static void chromiumInstalled() {
        Chromium.requireInstalled();
    }

    @Test
    void bothSidesAreDrawnRoundByRound(@TempDir Path folder) throws Exception {
        List<Round> rounds = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            SideFigures baseline = new SideFigures(85, 400, 0, 47 + i % 3, 2, 12, 140 + i, 300, Map.of());
            SideFigures candidate = new SideFigures(85, 400, 0, 1.1 * (47 + i % 3) + 2, 2, 12, 150 + i, 320, Map.of());
            rounds.add(new Round(i, i % 2 == 0 ? 0.85 : 0.5, 5, Map.of(Side.BASELINE, baseline, Side.CANDIDATE, candidate), 0.05, 0.4, null));
        }
        Map<String, String> conditions = new LinkedHashMap<>();
        conditions.put("backend", "local");
        GateResult result = new GateResult(conditions, GateSettings.DEFAULTS, rounds, Comparison.of(rounds, GateSettings.DEFAULTS), Verdict.REGRESSION,
                "REGRESSION: cpu per journey +10.0 %", 400);
        GateFiles.write(folder, result);

        String dom = Chromium.dumpDom(folder.resolve(GateFiles.HTML), folder);

        assertThat(Chromium.rendered(dom)).as("body data-rendered (set at the end of the page's script)").isEqualTo("ok");
        for (String chart : List.of("chart-cpu", "chart-p95")) {
            String svg = Chromium.container(dom, chart);
            assertThat(svg).contains("<svg");
            assertThat(Chromium.drawnPaths(svg)).as(chart + ": 16 bars and the ratio line").isGreaterThanOrEqualTo(17);
        }
        assertThat(dom).contains("REGRESSION: cpu per journey +10.0 %").contains("<td class=\"\">cpu per journey</td>").contains("backend: local");
    }
}
