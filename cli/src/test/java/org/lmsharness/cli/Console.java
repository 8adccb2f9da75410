package org.lmsharness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** lms-harness run in this JVM, its output and error streams captured. */
record Console(int status, String out, String err) {

    static Console run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = LmsHarness.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int status = LmsHarness.execute(commandLine, args);
        return new Console(status, out.toString(), err.toString());
    }

    /** Refused as bad input: status 2, one line on stderr that starts with the command's name and holds {@code expected}. */
    Console refusedInOneLine(String command, String expected) {
        assertThat(status).as("exit status; stderr: %s", err).isEqualTo(ExitException.BAD_INPUT);
        assertThat(err.lines()).as("stderr").hasSize(1).first().asString().startsWith(command + ": ").contains(expected);
        assertThat(err).as("no stack trace").doesNotContain("\tat ").doesNotContain("Exception:");
        return this;
    }
}
