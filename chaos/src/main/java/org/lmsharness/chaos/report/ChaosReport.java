package org.lmsharness.chaos.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.lmsharness.chaos.audit.SpofAudit;
import org.lmsharness.chaos.run.ExperimentResult;
import org.lmsharness.chaos.run.Timeline;
import org.lmsharness.reports.html.Page;
import tools.jackson.databind.json.JsonMapper;

/**
 * report.html of a chaos run: the audit table when there is one, then per experiment its verdict,
 * probes, a timeline chart (requests per second, failures, p99; the fault window shaded), the phases,
 * the failures by kind and the journal. One page that opens offline (ECharts inlined by {@link Page}).
 */
public final class ChaosReport {

    private static final String TEMPLATES = "org/lmsharness/chaos/report/";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ChaosReport() {}

    record Phase(String name, long requests, long failed, String errorPercent, long p50, long p99, long max) {}

    record Section(String name, String title, String verdict, String cls, String summary, List<ExperimentResult.Probe> probes,
                   List<Phase> phases, List<Map.Entry<String, Long>> failures, List<String> journal, String chartId) {}

    /** One experiment's chart: per second from the fault's start, and the fault window in seconds. */
    record Chart(String id, String name, List<Long> seconds, List<Long> ok, List<Long> failed, List<Long> p99, long faultSeconds, double sloP99) {}

    public static String render(String title, List<ExperimentResult> results, List<SpofAudit.Row> audit) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("title", title);
        long held = results.stream().filter(ExperimentResult::passed).count();
        long acknowledged = results.stream().filter(r -> r.ledger() != null).mapToLong(r -> r.ledger().acknowledged()).sum();
        long lost = results.stream().filter(r -> r.ledger() != null).mapToLong(r -> r.ledger().lost()).sum();
        view.put("headline", List.of(
                Map.of("label", "Experiments", "value", results.size() + "", "detail", held + " held, " + (results.size() - held) + " broke"),
                Map.of("label", "Acknowledged writes lost", "value", lost + "", "detail", "of " + acknowledged + " checked in the database")));
        view.put("audit", audit == null || audit.isEmpty() ? null : audit.stream().map(row -> Map.of("preset", row.preset(), "component", row.component(),
                "verdict", row.verdict().label(),
                "cls", row.verdict() == SpofAudit.Verdict.NOT_MEASURED ? "" : row.verdict().name(), "evidence", row.evidence())).toList());
        List<Section> sections = new ArrayList<>();
        List<Chart> charts = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            ExperimentResult result = results.get(i);
            String id = "chart-" + i;
            sections.add(section(result, id));
            if (result.timeline() != null) charts.add(chart(result, id));
        }
        view.put("sections", sections);
        view.put("chartData", Page.json(JSON.writeValueAsString(charts)));
        return Page.render(TEMPLATES, "report", view);
    }

    private static Section section(ExperimentResult result, String chartId) {
        String verdict = result.error() != null ? "could not run" : result.passed() ? "held" : "broke";
        List<Phase> phases = new ArrayList<>();
        List<Map.Entry<String, Long>> failures = new ArrayList<>();
        Timeline timeline = result.timeline();
        if (timeline != null) {
            phases.add(phase("before the fault", timeline.before()));
            phases.add(phase("fault window", timeline.during()));
            phases.add(phase("after", timeline.after()));
            failures.addAll(timeline.failures().entrySet());
        }
        String summary = result.error() != null ? result.error() : String.format(Locale.ROOT, "%s on %s, %.2f journeys/s; detected %s; errors stopped %s; back within the SLO %s",
                String.join(", ", result.faults()), result.preset() + " (" + result.backend() + ")", result.journeysPerSecond(),
                result.detectedMillis() == null ? "— (no change at the edge)" : "after " + result.detectedMillis() + " ms",
                timeline == null ? "—" : "after " + timeline.errorsStoppedMillis() + " ms",
                timeline == null || timeline.recoveredMillis() == null ? "never" : "after " + timeline.recoveredMillis() + " ms");
        return new Section(result.name(), result.title(), verdict, result.error() != null ? "ERROR" : result.passed() ? "PASS" : "FAIL", summary,
                result.probes(), phases, failures, result.journal().stream().map(e -> e.instant() + "  " + e.event()).toList(),
                timeline == null ? null : chartId);
    }

    private static Phase phase(String name, Timeline.Phase phase) {
        return new Phase(name, phase.requests(), phase.failed(), String.format(Locale.ROOT, "%.2f %%", phase.errorPercent()), phase.p50Millis(),
                phase.p99Millis(), phase.maxMillis());
    }

    private static Chart chart(ExperimentResult result, String id) {
        List<Timeline.Second> seconds = result.timeline().seconds();
        double slo = result.timeline().sloP99Millis() > 0 ? result.timeline().sloP99Millis() : Double.NaN; // 0: a results.json from before it was kept
        return new Chart(id, result.name(), seconds.stream().map(Timeline.Second::offsetSeconds).toList(),
                seconds.stream().map(s -> s.requests() - s.failed()).toList(), seconds.stream().map(Timeline.Second::failed).toList(),
                seconds.stream().map(Timeline.Second::p99Millis).toList(), (result.faultEnd() - result.faultStart()) / 1000, slo);
    }
}
