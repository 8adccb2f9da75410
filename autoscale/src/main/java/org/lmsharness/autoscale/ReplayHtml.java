package org.lmsharness.autoscale;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.lmsharness.autoscale.ReplayCommand.Entry;
import org.lmsharness.autoscale.policy.TimeScale;
import org.lmsharness.autoscale.replay.FleetModel;
import org.lmsharness.autoscale.replay.Replay;
import org.lmsharness.common.Figures;
import org.lmsharness.reports.html.ReplayPage;
import org.lmsharness.reports.run.RunFiles;

/** replay.html: the verdicts as a table, and each trace and policy as a timeline. */
final class ReplayHtml {

    private static final List<String> HEADERS = List.of("trace", "policy", "SLO", "scale-outs / -ins", "replicas at most", "replica-min",
            "oracle", "× oracle", "longest short of capacity", "changes that keep the SLO");

    private ReplayHtml() {}

    static String of(FleetModel fleet, TimeScale time, List<Entry> entries) {
        List<List<String>> rows = new ArrayList<>();
        List<Map<String, Object>> timelines = new ArrayList<>();
        for (Entry e : entries) {
            Replay.Summary s = e.replay().summary();
            rows.add(List.of(e.trace(), e.kind(), s.sloKept() ? "kept in all " + s.windows() + " windows" : "broken in " + s.windowsViolated() + " of " + s.windows(),
                    s.scaleOuts() + " / " + s.scaleIns(), Integer.toString(s.maxReplicas()), Figures.of(s.replicaMinutes()), Figures.of(s.oracleReplicaMinutes()),
                    String.format(Locale.ROOT, "%.2f", s.costOverOracle()), Figures.of(s.longestShortSeconds()) + " s",
                    String.join("; ", e.advice().stream().filter(a -> a.replay().sloKept()).map(a -> a.change()).toList())));
            Map<String, Object> timeline = new LinkedHashMap<>();
            timeline.put("id", "chart-" + timelines.size());
            timeline.put("title", e.trace() + " / " + e.kind());
            timeline.put("capacity", fleet.capacity());
            timeline.put("p95Slo", fleet.slo().p95Millis());
            timeline.put("windows", e.replay().windows().stream().map(w -> Map.of("t", w.startSeconds(), "offered", round(w.offered()), "desired", w.desired(),
                    "ready", w.ready(), "p95", round(Math.min(w.p95Millis(), 1e6)), "kept", w.sloKept())).toList());
            timeline.put("events", e.replay().events().stream().map(d -> Map.of("t", d.at() / 1000.0, "from", d.from(), "to", d.to(), "reason", d.reason())).toList());
            timelines.add(timeline);
        }
        List<String> conditions = List.of("Model: " + fleet.describe() + ".", "From the " + fleet.source() + ".",
                time.compressed() ? String.format(Locale.ROOT, "Policy clock compressed ×%s: alarm periods, cooldowns, sync periods and windows divided by it; boots and warm-ups not.",
                        Figures.of(time.factor())) : "Policy clock: production time (no compression).");
        return ReplayPage.render(fleet.describe(), conditions, HEADERS, rows, RunFiles.JSON.writeValueAsString(timelines));
    }

    private static double round(double value) {
        return Double.isFinite(value) ? Math.round(value * 10) / 10.0 : 0;
    }
}
