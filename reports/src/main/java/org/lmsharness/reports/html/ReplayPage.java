package org.lmsharness.reports.html;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.lmsharness.reports.html.HtmlReport.Cell;
import org.lmsharness.reports.html.HtmlReport.Row;
import org.lmsharness.reports.html.HtmlReport.Table;

/**
 * The scaling policies replayed, as one HTML page: a row per trace and policy, then for each a timeline of the offered load
 * against the capacity serving, the replicas, and the latency against the SLO, with every scaling decision marked. The
 * autoscale module hands it plain text and the timelines as JSON (the reports module does not know its types).
 */
public final class ReplayPage {

    private static final String TEMPLATES = "org/lmsharness/reports/html/";

    private ReplayPage() {}

    /**
     * @param title         one line: the run and the fleet
     * @param conditions    one line each: the model, the compression, what was scaled
     * @param headers       the summary table's headers
     * @param rows          a row per trace and policy
     * @param timelinesJson [{id, title, capacity, p95Slo, windows: [{t, offered, desired, ready, p95, kept}], events: [{t, from, to, reason}]}]
     */
    public static String render(String title, List<String> conditions, List<String> headers, List<List<String>> rows, String timelinesJson) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("title", title);
        view.put("conditions", conditions);
        view.put("table", new Table(headers, rows.stream().map(row -> new Row(row.stream().map(text -> new Cell(text, "")).toList())).toList()));
        view.put("chartData", Page.json(timelinesJson));
        return Page.render(TEMPLATES, "replay", view);
    }
}
