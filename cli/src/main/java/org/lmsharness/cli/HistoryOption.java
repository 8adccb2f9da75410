package org.lmsharness.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The history file runs append to and {@code lms-harness history} reads. */
final class HistoryOption {

    @Option(names = "--history", paramLabel = "FILE",
            description = "The history file: one JSON line per capacity and gate run (default: history.jsonl in the --output folder).")
    Path history;

    Path file(OutputOptions output) {
        return history != null ? history.toAbsolutePath() : output.folder().resolve("history.jsonl");
    }
}
