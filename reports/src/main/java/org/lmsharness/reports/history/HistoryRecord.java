package org.lmsharness.reports.history;

import java.util.Map;
import java.util.TreeMap;

/**
 * One run in the history: when, what kind, at which commit, under which conditions, and its figures.
 *
 * @param time       ISO-8601 end of the run
 * @param kind       {@code capacity} or {@code gate}
 * @param commit     the project's commit the run was made at
 * @param conditions what the figures hold under (back end, preset, quota, dataset, JVM, host): runs are compared only with
 *                   runs of the same conditions
 * @param metrics    name → figure, e.g. {@code one replica journeys/s}, {@code cpu per journey ratio}
 * @param run        the run folder, for the details
 */
public record HistoryRecord(String time, String kind, String commit, Map<String, String> conditions, Map<String, Double> metrics, String run) {

    public HistoryRecord {
        conditions = conditions == null ? Map.of() : new TreeMap<>(conditions);
        metrics = metrics == null ? Map.of() : new TreeMap<>(metrics);
    }

    /** The series a figure belongs to: its kind, its name and the conditions, so that a change of host or quota is not a change point. */
    public String seriesOf(String metric) {
        return kind + " | " + metric + " | " + String.join(", ", conditions.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList());
    }
}
