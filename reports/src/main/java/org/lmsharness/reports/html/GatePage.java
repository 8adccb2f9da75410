package org.lmsharness.reports.html;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.lmsharness.reports.html.HtmlReport.Cell;
import org.lmsharness.reports.html.HtmlReport.Row;
import org.lmsharness.reports.html.HtmlReport.Table;

/**
 * The release gate as one HTML page: the verdict, a row per metric, and per round both sides' CPU
 * per journey and p95 with their ratio, so a reader sees whether a verdict rests on every round or
 * on a few. The gate hands it plain text and the rounds as JSON (the reports module does not know
 * the gate's types).
 */
public final class GatePage {

    private static final String TEMPLATES = "org/lmsharness/reports/html/";

    private GatePage() {}

    /**
     * @param title      "PASS", "REGRESSION: …", the verdict in one line
     * @param conditions one line each
     * @param headers    the metrics table's headers
     * @param rows       its rows, one per metric
     * @param roundsJson the rounds: [{index, level, baseline: {work, p95}, candidate: {work, p95}}]
     */
    public static String render(String title, List<String> conditions, List<String> headers, List<List<String>> rows, String roundsJson) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("title", title);
        view.put("conditions", conditions);
        view.put("table", new Table(headers, rows.stream().map(row -> new Row(row.stream().map(text -> new Cell(text, "")).toList())).toList()));
        view.put("chartData", Page.json(roundsJson));
        return Page.render(TEMPLATES, "gate", view);
    }
}
