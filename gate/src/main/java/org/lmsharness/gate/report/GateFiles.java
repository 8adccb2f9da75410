package org.lmsharness.gate.report;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.lmsharness.common.Figures;
import org.lmsharness.gate.GateResult;
import org.lmsharness.gate.compare.Metric;
import org.lmsharness.gate.duet.Side;
import org.lmsharness.gate.duet.SideFigures;
import org.lmsharness.gate.stats.Verdict;
import org.lmsharness.reports.html.GatePage;
import org.lmsharness.reports.run.JunitSuite;
import org.lmsharness.reports.run.RunFiles;

/**
 * A gate run's files, each written whole or not at all: {@code gate.json} (everything, for tools),
 * {@code junit.xml} (one test case per metric, which every CI shows: a regression fails its case, an
 * unknown is skipped with the reason), {@code summary.md} (a table fit for a pull-request comment
 * or a CI job summary) and {@code gate.html} (the table, and both sides round by round).
 */
public final class GateFiles {

    public static final String JSON = "gate.json";
    public static final String JUNIT = "junit.xml";
    public static final String MARKDOWN = "summary.md";
    public static final String HTML = "gate.html";

    private static final List<String> HEADERS = List.of("metric", "baseline", "candidate", "change (interval)", "allowed", "verdict");

    private GateFiles() {}

    public static void write(Path folder, GateResult result) {
        RunFiles.writeJson(folder.resolve(JSON), result);
        RunFiles.writeAtomically(folder.resolve(JUNIT), junit(result));
        RunFiles.writeAtomically(folder.resolve(MARKDOWN), markdown(result));
        RunFiles.writeAtomically(folder.resolve(HTML), html(result));
    }

    static String html(GateResult result) {
        List<Map<String, Object>> rounds = result.rounds().stream().map(round -> Map.<String, Object>of("index", round.index(), "level", round.level(),
                "baseline", side(round.side(Side.BASELINE)), "candidate", side(round.side(Side.CANDIDATE)))).toList();
        List<String> conditions = result.conditions().entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).toList();
        return GatePage.render(result.summary(), conditions, HEADERS, rows(result), RunFiles.JSON.writeValueAsString(rounds));
    }

    private static Map<String, Object> side(SideFigures side) {
        Map<String, Object> figures = new java.util.LinkedHashMap<>();
        figures.put("work", Double.isFinite(side.workPerJourney()) ? side.workPerJourney() : null);
        figures.put("p95", side.p95());
        return figures;
    }

    /** One row per metric: its name, both sides' figures, the change with its interval, the allowed rise, the verdict. */
    private static List<List<String>> rows(GateResult result) {
        return result.metrics().stream().map(metric -> List.of(metric.name(), Figures.of(metric.baseline()) + " " + metric.unit(),
                Figures.of(metric.candidate()) + " " + metric.unit(), changeWithInterval(metric),
                metric.ratio() == null ? "SLO" : "+" + Math.round(100 * metric.allowed()) + " %",
                metric.verdict() == Verdict.PASS ? "pass" : metric.verdict() == Verdict.REGRESSION ? "regression" : "unknown")).toList();
    }

    private static String changeWithInterval(Metric metric) {
        if (metric.ratio() == null) return "";
        return metric.ratio().bounded()
                ? String.format(Locale.ROOT, "%s (%s to %s)", change(metric.ratio().estimate()), change(metric.ratio().low()), change(metric.ratio().high()))
                : change(metric.ratio().estimate()) + " (unbounded)";
    }

    static String junit(GateResult result) {
        return new JunitSuite("release gate", "gate", result.seconds(), result.metrics().stream().map(metric -> {
            String message = metric.name() + ": " + metric.reason();
            return switch (metric.verdict()) {
                case REGRESSION -> new JunitSuite.Case(metric.name(), JunitSuite.Outcome.FAILED, message, "regression", null, null);
                case UNKNOWN -> new JunitSuite.Case(metric.name(), JunitSuite.Outcome.SKIPPED, "unknown: " + message, null, null, null);
                default -> JunitSuite.Case.passed(metric.name(), message);
            };
        }).toList()).xml();
    }

    static String markdown(GateResult result) {
        StringBuilder md = new StringBuilder();
        md.append("### Release gate: **").append(result.verdict()).append("**\n\n");
        md.append(result.summary()).append("\n\n");
        md.append("| ").append(String.join(" | ", HEADERS)).append(" |\n");
        md.append("|---|---:|---:|---|---:|---|\n");
        for (List<String> row : rows(result)) {
            List<String> cells = new java.util.ArrayList<>(row.stream().map(cell -> cell.replace("|", "\\|")).toList());
            if (cells.get(5).equals("regression")) cells.set(5, "**regression**");
            md.append("| ").append(String.join(" | ", cells)).append(" |\n");
        }
        md.append("\n").append(result.rounds().size()).append(" rounds, both sides at the same instants; conditions: ");
        md.append(String.join(", ", result.conditions().entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList()));
        md.append(String.format(Locale.ROOT, "; %.0f s in all.%n", result.seconds()));
        return md.toString();
    }

    private static String change(double ratio) {
        return String.format(Locale.ROOT, "%+.1f %%", 100 * (ratio - 1));
    }

}
