package org.lmsharness.reports.html;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.lmsharness.reports.history.ChangePoints;
import org.lmsharness.reports.history.HistoryRecord;
import org.lmsharness.reports.history.Trends;
import org.lmsharness.reports.run.RunFiles;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The runs' history as one HTML page: a chart per series, each run a point (its commit in the
 * tooltip), the mean of each segment between change points drawn as a step, and each change point
 * marked with its change and p-value. What {@code lms-harness history} writes beside its console
 * lines, for the trend that a sparkline only hints at.
 */
public final class HistoryPage {

    private static final String TEMPLATES = "org/lmsharness/reports/html/";

    private HistoryPage() {}

    /** @param source the history file, named on the page */
    public static String render(String source, List<Trends.Series> series) {
        ArrayNode charts = RunFiles.JSON.createArrayNode();
        List<Map<String, Object>> figures = new ArrayList<>();
        for (int i = 0; i < series.size(); i++) {
            Trends.Series one = series.get(i);
            ObjectNode chart = charts.addObject();
            chart.put("id", "chart-" + i);
            chart.put("metric", one.metric());
            ArrayNode runs = chart.putArray("runs");
            for (int run = 0; run < one.values().length; run++) {
                HistoryRecord record = one.records().get(run);
                runs.addObject().put("value", one.values()[run]).put("commit", record.commit()).put("time", record.time());
            }
            ArrayNode means = chart.putArray("means");
            double[] segmentMeans = segmentMeans(one.values(), one.changes());
            for (double mean : segmentMeans) means.add(mean);
            ArrayNode changes = chart.putArray("changes");
            one.changes().forEach(change -> changes.addObject().put("index", change.index()).put("change", change.change()).put("p", change.pValue()));
            Map<String, Object> figure = new LinkedHashMap<>();
            figure.put("id", "chart-" + i);
            figure.put("name", one.name());
            figure.put("summary", one.values().length + " runs; " + (one.values().length < 2 * ChangePoints.MIN_SEGMENT
                    ? "too few for change points (" + 2 * ChangePoints.MIN_SEGMENT + " needed)"
                    : one.changes().isEmpty() ? "no change point" : String.join("; ", one.describeChanges())));
            figures.add(figure);
        }
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("source", source);
        view.put("figures", figures);
        view.put("chartData", Page.json(charts.toString()));
        return Page.render(TEMPLATES, "history", view);
    }

    /** Each run's segment mean: the level the change points split the series into. */
    public static double[] segmentMeans(double[] values, List<ChangePoints.ChangePoint> changes) {
        double[] means = new double[values.length];
        List<Integer> cuts = new ArrayList<>(changes.stream().map(ChangePoints.ChangePoint::index).sorted().toList());
        cuts.add(values.length);
        int from = 0;
        for (int to : cuts) {
            double sum = 0;
            for (int i = from; i < to; i++) sum += values[i];
            for (int i = from; i < to; i++) means[i] = sum / (to - from);
            from = to;
        }
        return means;
    }
}
