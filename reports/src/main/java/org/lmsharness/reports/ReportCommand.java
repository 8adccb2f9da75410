package org.lmsharness.reports;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.lmsharness.reports.model.SizeComparison;
import org.lmsharness.reports.run.CapacityRun;
import org.lmsharness.reports.run.RunFiles;
import org.lmsharness.reports.thresholds.ScalingInputs;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import org.lmsharness.reports.thresholds.ScalingOptions;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code report <run-folder>}: the model, the thresholds, capacity.json and report.html again from
 * the folder's run.json, nothing booted. {@code lms-harness report} extends it to chaos run folders. Exit 0 written, 1 unreadable run data or unwritable
 * folder, 2 bad usage; every failure is one line on stderr starting with "report: ".
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Re-computes the capacity model, the scaling thresholds, capacity.json and report.html from a run folder's run.json.")
public class ReportCommand implements Callable<Integer> {

    static final int UNREADABLE = 1;
    static final int USAGE = 2;

    @Parameters(index = "0", paramLabel = "<run-folder>", description = "A run folder holding run.json.")
    Path runFolder;

    @Mixin
    ScalingOptions scaling;

    @Option(names = "--group", paramLabel = "NAME", defaultValue = "lms",
            description = "Auto Scaling group / deployment name written into the threshold files (default: ${DEFAULT-VALUE}).")
    String group;

    @Spec
    CommandSpec spec;

    /** The run folder given. */
    protected Path runFolder() {
        return runFolder;
    }

    /** Bad run data: one line, exit 1. */
    public static final class Unreadable extends RuntimeException {
        Unreadable(String message) {
            super(message);
        }
    }

    @Override
    public Integer call() {
        if (!Files.isDirectory(runFolder)) throw usage(runFolder + ": no such folder (give the run folder that holds run.json)");
        ScalingInputs inputs = scaling.inputs(spec);
        if (Files.isRegularFile(runFolder.resolve(Reports.SIZES_JSON))) return sizes(inputs);
        write(runFolder, inputs);
        return 0;
    }

    /** A comparison of instance sizes: every size's folder written again, then the comparison, with the prices it had. */
    private int sizes(ScalingInputs inputs) {
        SizeComparison before;
        try {
            before = RunFiles.JSON.readValue(runFolder.resolve(Reports.SIZES_JSON).toFile(), SizeComparison.class);
        } catch (tools.jackson.core.JacksonException e) {
            throw new Unreadable(runFolder.resolve(Reports.SIZES_JSON) + ": not a comparison of sizes: " + e.getOriginalMessage());
        }
        List<SizeComparison.SizeRun> runs = new ArrayList<>();
        Map<Double, Double> prices = new LinkedHashMap<>();
        for (SizeComparison.Size size : before.sizes()) {
            Path folder = runFolder.resolve(size.folder()).normalize();
            if (!folder.startsWith(runFolder.normalize())) throw new Unreadable(runFolder.resolve(Reports.SIZES_JSON) + ": a size's folder lies outside the run: " + size.folder());
            CapacityRun run = write(folder, inputs);
            runs.add(new SizeComparison.SizeRun(size.cores(), size.folder(), run, size.verdict()));
            if (size.pricePerHour() != null) prices.put(size.cores(), size.pricePerHour());
        }
        SizeComparison comparison = Reports.writeSizes(runFolder, runs, prices);
        PrintWriter out = spec.commandLine().getOut();
        comparison.answers().forEach(answer -> out.println("sizes        " + answer));
        out.println("compared     " + runFolder.resolve(Reports.SIZES_HTML));
        out.flush();
        return 0;
    }

    /** Writes the report of one run folder again and prints where; returns the run as read (and checked) from its run.json. */
    private CapacityRun write(Path runFolder, ScalingInputs inputs) {
        CapacityRun run = complete(runFolder, RunFiles.readRun(runFolder));
        Reports.Written written;
        try {
            written = Reports.write(runFolder, run, inputs, group);
        } catch (IllegalArgumentException e) {
            throw usage("--group: " + e.getMessage()); // the threshold files check the name before writing anything
        }

        PrintWriter out = spec.commandLine().getOut();
        out.println("one replica  " + written.oneReplicaLine(run));
        written.productionLines().forEach(out::println);
        if (written.thresholds() != null) {
            out.printf("peak         %.0f req/s planned for%s%n", written.thresholds().inputs().peakRequestsPerSecond(),
                    scaling.peakGiven() ? "" : " (derived from the measurements: see the report)");
        }
        out.println("report       " + written.report());
        out.println("capacity     " + written.capacityJson());
        out.println(written.thresholds() == null ? "thresholds   not derived: " + written.whyNoThresholds()
                : "thresholds   " + written.thresholdFiles().size() + " files in " + runFolder.resolve(Reports.THRESHOLDS));
        out.flush();
        return run;
    }

    /** Jackson fills what run.json lacks with null; say which part is missing instead of failing later. */
    private static CapacityRun complete(Path runFolder, CapacityRun run) {
        Path file = runFolder.resolve(RunFiles.RUN_JSON);
        if (run == null) throw new Unreadable(file + ": not a capacity run: the file holds null");
        String missing = Stream.of(run.conditions() == null ? "conditions" : null, run.slo() == null ? "slo" : null,
                        run.searches() == null ? "searches" : null, run.readySeconds() == null ? "readySeconds" : null,
                        run.warnings() == null ? "warnings" : null)
                .filter(Objects::nonNull).reduce((a, b) -> a + ", " + b).orElse(null);
        if (missing != null) throw new Unreadable(file + ": not a capacity run: missing " + missing);
        return run;
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** The command with its error handling: what {@link #main} runs, and what the tests run in-process. */
    static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new ReportCommand());
        commandLine.setParameterExceptionHandler((exception, args) -> {
            exception.getCommandLine().getErr().println("report: " + firstLine(exception.getMessage()) + " (report --help shows the usage)");
            return USAGE;
        });
        commandLine.setExecutionExceptionHandler((exception, cmd, parseResult) -> {
            String message = exception instanceof Unreadable || exception instanceof RunFiles.Unreadable ? exception.getMessage()
                    : exception instanceof UncheckedIOException io ? "cannot write the report: " + io.getCause()
                    : exception.getClass().getSimpleName() + ": " + exception.getMessage();
            cmd.getErr().println("report: " + firstLine(message));
            return UNREADABLE;
        });
        return commandLine;
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.strip().split("\\R", 2)[0];
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
