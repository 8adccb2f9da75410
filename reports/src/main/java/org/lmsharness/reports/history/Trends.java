package org.lmsharness.reports.history;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The history read as series: each figure of each kind of run under each set of conditions, in the
 * order run, with its change points. What {@code lms-harness history} prints.
 */
public final class Trends {

    /**
     * One series.
     *
     * @param name    kind, figure and conditions
     * @param records the runs in it, in order
     * @param values  the figure of each
     * @param changes its change points
     */
    public record Series(String name, String metric, List<HistoryRecord> records, double[] values, List<ChangePoints.ChangePoint> changes) {

        /** The figures as a line of block characters, lowest to highest: the trend at a glance. */
        public String sparkline() {
            String blocks = "▁▂▃▄▅▆▇█";
            double min = java.util.Arrays.stream(values).min().orElse(0);
            double max = java.util.Arrays.stream(values).max().orElse(0);
            StringBuilder line = new StringBuilder();
            for (double value : values) {
                int level = max == min ? 3 : (int) Math.round((value - min) / (max - min) * (blocks.length() - 1));
                line.append(blocks.charAt(level));
            }
            return line.toString();
        }

        /** One line per change point: where, the means on either side, the change and its p-value. */
        public List<String> describeChanges() {
            List<String> lines = new ArrayList<>();
            for (ChangePoints.ChangePoint change : changes) {
                HistoryRecord at = records.get(change.index());
                lines.add(String.format(Locale.ROOT, "change at run %d (commit %s, %s): %.4g → %.4g (%+.1f %%), p = %.4f", change.index() + 1, at.commit(),
                        at.time(), change.before(), change.after(), 100 * change.change(), change.pValue()));
            }
            return lines;
        }
    }

    private Trends() {}

    /** Every series with at least {@code 2 × MIN_SEGMENT} runs searched for change points; shorter ones listed without. */
    public static List<Series> of(List<HistoryRecord> records, ChangePoints changePoints, String onlyMetric) {
        Map<String, List<HistoryRecord>> bySeries = new LinkedHashMap<>();
        Map<String, String> metricOf = new LinkedHashMap<>();
        for (HistoryRecord record : records) {
            for (String metric : record.metrics().keySet()) {
                if (onlyMetric != null && !metric.equals(onlyMetric)) continue;
                String series = record.seriesOf(metric);
                bySeries.computeIfAbsent(series, key -> new ArrayList<>()).add(record);
                metricOf.put(series, metric);
            }
        }
        List<Series> series = new ArrayList<>();
        bySeries.forEach((name, runs) -> {
            String metric = metricOf.get(name);
            double[] values = runs.stream().mapToDouble(run -> run.metrics().get(metric)).toArray();
            series.add(new Series(name, metric, runs, values, changePoints.find(values)));
        });
        return series;
    }
}
