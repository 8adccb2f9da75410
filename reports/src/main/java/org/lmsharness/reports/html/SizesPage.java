package org.lmsharness.reports.html;

import static org.lmsharness.reports.html.Numbers.NONE;
import static org.lmsharness.reports.html.Numbers.cores;
import static org.lmsharness.reports.html.Numbers.format;
import static org.lmsharness.reports.html.Numbers.percent;
import static org.lmsharness.reports.html.Numbers.rate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.lmsharness.reports.html.HtmlReport.Cell;
import org.lmsharness.reports.html.HtmlReport.Row;
import org.lmsharness.reports.html.HtmlReport.Table;
import org.lmsharness.reports.model.SizeComparison;
import org.lmsharness.reports.run.RunFiles;

/** The comparison of instance sizes as one HTML page: the answers, a chart, and a row per size linking its own report. */
public final class SizesPage {

    private static final String TEMPLATES = "org/lmsharness/reports/html/";

    private SizesPage() {}

    /** @param title what was compared, where: "preset capacity on containers — 2026-12-05T11:00:00Z" */
    public static String render(SizeComparison comparison, String title) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("title", title);
        view.put("subtitle", comparison.sizes().size() + " sizes, one replica each; capacity within the SLO, median of each size's forks with its interval");
        view.put("answers", comparison.answers());
        view.put("table", table(comparison));
        view.put("reports", comparison.sizes().stream()
                .map(size -> new HtmlReport.Link(size.folder() + "/report.html", cores(size.cores()) + " cores: " + size.verdict())).toList());
        view.put("chartData", Page.json(RunFiles.JSON.writeValueAsString(Map.of("sizes", comparison.sizes()))));
        return Page.render(TEMPLATES, "sizes", view);
    }

    private static Table table(SizeComparison comparison) {
        List<Row> rows = new ArrayList<>();
        for (SizeComparison.Size size : comparison.sizes()) {
            rows.add(new Row(List.of(
                    number(cores(size.cores())),
                    number(size.requestsPerSecond() == null ? NONE : rate(size.requestsPerSecond()) + (size.reliable() ? "" : " (unreliable)")),
                    number(size.requestsPerSecond() == null ? NONE : rate(size.lowRequestsPerSecond()) + "–" + rate(size.highRequestsPerSecond())),
                    number(orNone(size.journeysPerSecond())),
                    number(orNone(size.requestsPerSecondPerCore())),
                    number(size.utilisation() == null ? NONE : format("%.2f", size.utilisation())),
                    number(size.cpuMillisPerRequest() == null ? NONE : format("%.2f", size.cpuMillisPerRequest())),
                    number(size.forks() + (size.betweenForkPercent() == null || size.forks() < 2 ? "" : ", " + percent(size.betweenForkPercent(), false) + " apart")),
                    number(size.costPerMillionRequests() == null ? NONE : format(size.costPerMillionRequests() >= 1 ? "%.2f" : "%.4f", size.costPerMillionRequests())))));
        }
        return new Table(List.of("cores", "capacity (req/s)", "interval (req/s)", "journeys/s", "req/s per core", "ρ* (CPU ÷ quota)",
                "CPU per request (ms)", "forks", "cost per million requests"), rows);
    }

    private static Cell number(String text) {
        return new Cell(text, "num");
    }

    private static String orNone(Double value) {
        return value == null ? NONE : rate(value);
    }
}
