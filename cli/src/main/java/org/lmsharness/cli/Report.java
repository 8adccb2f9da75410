package org.lmsharness.cli;

import java.nio.file.Files;
import org.lmsharness.chaos.ChaosCommand;
import org.lmsharness.chaos.run.ResultFiles;
import org.lmsharness.reports.ReportCommand;
import picocli.CommandLine.Command;

/**
 * {@code lms-harness report <run-folder>}: a saved run's report again, nothing booted. A capacity run
 * (run.json) gets its model, thresholds, capacity.json and report.html recomputed (the options apply
 * to it); a chaos or audit run (results.json) gets report.html, junit.xml and audit.md rewritten.
 */
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Writes a saved run's report again from its run folder, booting nothing: for a capacity run (run.json) the model, "
                + "the thresholds, capacity.json and report.html; for a comparison of sizes (sizes.json) every size's folder and sizes.html; for a chaos or audit run (results.json) report.html, junit.xml and audit.md.",
                "Exit status: 0 written, 1 unreadable run data or unwritable folder, 2 bad input."})
public final class Report extends ReportCommand {

    @Override
    public Integer call() {
        if (Files.isRegularFile(runFolder().resolve(ResultFiles.RESULTS_JSON))) return ChaosCommand.report(runFolder().toAbsolutePath());
        return super.call();
    }
}
