package org.lmsharness.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.lmsharness.reports.history.ChangePoints;
import org.lmsharness.reports.history.Trends;
import org.lmsharness.reports.html.HistoryPage;
import org.lmsharness.reports.run.RunFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lms-harness history}: change points in the runs' history (docs/gate.md#history). */
@Command(name = "history", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Reads the history every capacity and gate run appends to, and finds change points in each figure by E-divisive means "
                + "(a slow creep that no single gate flags shows as a change), with each series' trend. Informational: it never fails a build.",
                "Exit status: 0 done (change points or not), 2 bad input."})
public final class History implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    HistoryOption history;

    @Mixin
    OutputOptions output;

    @Option(names = "--metric", paramLabel = "NAME", description = "Only this figure (e.g. 'candidate cpu per journey ms', 'one replica journeys/s').")
    String metric;

    @Option(names = "--min-change", paramLabel = "PCT", defaultValue = "5", description = "Smallest change of the mean that counts, percent (default: ${DEFAULT-VALUE}).")
    double minChange;

    @Option(names = "--p-value", paramLabel = "P", defaultValue = "0.001", description = "The permutation test's threshold (default: ${DEFAULT-VALUE}).")
    double pValue;

    @Option(names = "--html", paramLabel = "FILE", description = "Where the page of trend charts goes (default: history.html beside the history file).")
    Path html;

    @Override
    public Integer call() throws java.io.IOException {
        Checks.within(spec, "--min-change", minChange, 0, 1000);
        Checks.within(spec, "--p-value", pValue, 0.0001, 0.5);
        Path file = history.file(output);
        if (!Files.isRegularFile(file)) throw ExitException.badInput(file + ": no history yet (capacity and gate runs write it)");
        org.lmsharness.reports.history.History.Read read = org.lmsharness.reports.history.History.read(file);
        if (read.skipped() > 0) System.out.printf("history: %d lines of %s are not records and were skipped%n", read.skipped(), file);
        List<Trends.Series> series = Trends.of(read.records(), ChangePoints.of(minChange / 100, pValue), metric);
        if (series.isEmpty()) throw ExitException.badInput(metric == null ? file + " holds no figures" : "no figure named '" + metric + "' in " + file);
        for (Trends.Series one : series) {
            System.out.printf("%s%n  %d runs  %s  latest %.4g%n", one.name(), one.values().length, one.sparkline(), one.values()[one.values().length - 1]);
            if (one.values().length < 2 * ChangePoints.MIN_SEGMENT) System.out.printf("  too few runs for change points (%d needed)%n", 2 * ChangePoints.MIN_SEGMENT);
            else if (one.changes().isEmpty()) System.out.println("  no change point");
            one.describeChanges().forEach(line -> System.out.println("  " + line));
        }
        Path page = html != null ? html : file.toAbsolutePath().resolveSibling("history.html");
        RunFiles.writeAtomically(page, HistoryPage.render(file.toString(), series));
        System.out.println("history: the trend charts: " + page);
        return 0;
    }
}
