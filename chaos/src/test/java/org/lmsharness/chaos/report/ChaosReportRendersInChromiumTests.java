package org.lmsharness.chaos.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmsharness.chaos.audit.SpofAudit;
import org.lmsharness.chaos.ledger.LedgerCheck;
import org.lmsharness.chaos.run.ExperimentResult;
import org.lmsharness.chaos.run.Journal;
import org.lmsharness.chaos.run.ResultFiles;
import org.lmsharness.chaos.run.Timeline;
import org.lmsharness.reports.Chromium;

/** The chaos report opened in a real headless Chromium: every timeline chart drawn, the verdicts and the audit table in the page. */
class ChaosReportRendersInChromiumTests {

    @BeforeAll
    static void chromiumInstalled() {
        Chromium.requireInstalled();
    }

    private static ExperimentResult zoneOutage() {
        List<Timeline.Second> seconds = new ArrayList<>();
        for (long s = -10; s < 25; s++) seconds.add(new Timeline.Second(s, 27, s == 0 ? 3 : 0, s >= 0 && s < 2 ? 740 : 300));
        Timeline.Phase phase = new Timeline.Phase(250, 1, 0.4, 28, 739, 1061, Map.of("log in: status.find.is(200), found 502", 1L));
        return new ExperimentResult("zone-outage", "a whole zone lost at once", "multi-az", "containers", 5, List.of("power loss in zone-a"),
                List.of(new ExperimentResult.Probe("steady state: p99 before the fault", "≤ 1000 ms", "522 ms", true),
                        new ExperimentResult.Probe("acknowledged writes lost", "0", "0 of 264", true)), true, 1_000, 11_000, 154L,
                new Timeline(phase, phase, phase, seconds, 874, 1000L, 1000L, 1000), new LedgerCheck(264, 264, 0, 0, 0, Map.of(), List.of()),
                List.of(new Journal.Entry(1_000, "injected: power loss in zone-a")), null);
    }

    @Test
    void timelinesAreDrawnWithTheVerdictsAndTheAuditTable(@TempDir Path folder) throws Exception {
        ExperimentResult zone = zoneOutage();
        ExperimentResult broken = new ExperimentResult("edge-loss", "the edge killed", "multi-az", "containers", 5, List.of("kill -9 edge"),
                List.of(), false, 0, 0, null, null, null, List.of(new Journal.Entry(1_000, "experiment broke: Gatling did not start")), "Gatling did not start");
        SpofAudit.Row row = new SpofAudit.Row("multi-az", "zone zone-a", SpofAudit.Verdict.SURVIVES, "3 of 700 requests failed", zone);
        ResultFiles.write(folder, "chaos-multi-az", List.of(zone, broken), List.of(row));

        String dom = Chromium.dumpDom(folder.resolve(ResultFiles.REPORT_HTML), folder);

        assertThat(Chromium.rendered(dom)).as("body data-rendered (set at the end of the page's script)").isEqualTo("ok");
        String chart = Chromium.container(dom, "chart-0");
        assertThat(chart).contains("<svg");
        assertThat(Chromium.drawnPaths(chart)).as("bars and the p99 line drawn").isGreaterThanOrEqualTo(20);
        assertThat(dom).contains("zone-outage: <span class=\"PASS\">held</span>").contains("edge-loss: <span class=\"ERROR\">could not run</span>")
                .contains("0 of 264").contains("after 154 ms").contains("<td class=\"SURVIVES\">survives</td>");
    }
}
