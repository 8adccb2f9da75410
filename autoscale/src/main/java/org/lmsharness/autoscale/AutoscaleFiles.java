package org.lmsharness.autoscale;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.lmsharness.autoscale.ReplayCommand.Result;
import org.lmsharness.autoscale.policy.TimeScale;
import org.lmsharness.autoscale.replay.FleetModel;
import org.lmsharness.reports.run.JunitSuite;
import org.lmsharness.reports.run.RunFiles;

/**
 * The files of a replay and of a live loop: the result as JSON, JUnit XML with a case per trace and policy (failed when the SLO
 * broke), and replay.html. Each is written whole or not at all.
 */
public final class AutoscaleFiles {

    public static final String JUNIT_XML = "junit.xml";
    public static final String REPLAY_HTML = "replay.html";

    private AutoscaleFiles() {}

    /** @param json the JSON file's name: replay.json, autoscale.json */
    public static void write(Path folder, String json, String suite, Result result, FleetModel fleet, TimeScale time) {
        write(folder.resolve(json), RunFiles.JSON.writeValueAsString(result));
        write(folder.resolve(JUNIT_XML), new JunitSuite(suite, suite, null, result.entries().stream().map(e -> e.replay().summary().sloKept()
                ? JunitSuite.Case.passed(e.trace() + " / " + e.kind(), e.replay().policy())
                : JunitSuite.Case.failed(e.trace() + " / " + e.kind(), "SLO broken in " + e.replay().summary().windowsViolated() + " of "
                        + e.replay().summary().windows() + " windows; " + e.replay().policy())).toList()).xml());
        write(folder.resolve(REPLAY_HTML), ReplayHtml.of(fleet, time, result.entries()));
    }

    /** Written whole or not at all: to a temporary file first, then moved into place. */
    static void write(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Path temporary = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
            Files.writeString(temporary, content);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot write", e);
        }
    }
}
