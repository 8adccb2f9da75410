package org.lmsharness.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where run folders go. */
final class OutputOptions {

    @Option(names = "--output", paramLabel = "DIR", defaultValue = "runs",
            description = "Folder that holds the run folders and the 'latest' link (default: ${DEFAULT-VALUE}).")
    Path output;

    Path folder() {
        return output.toAbsolutePath();
    }
}
