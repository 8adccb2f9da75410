package org.lmsharness.cli;

import java.io.UncheckedIOException;
import org.lmsharness.autoscale.ReplayCommand;
import org.lmsharness.reports.ReportCommand;
import org.lmsharness.reports.run.RunFiles;
import org.lmsharness.simulations.Load;
import org.lmsharness.topology.TopologyUnavailable;
import org.lmsharness.topology.preset.InvalidPreset;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * {@code lms-harness}: the harness's one command line.
 *
 * <pre>
 *   lms-harness capacity …   the capacity search, model, thresholds, report   (Capacity)
 *   lms-harness gate …       a candidate build against its baseline, side by side (Gate)
 *   lms-harness history      change points in the runs' history                 (History)
 *   lms-harness chaos …      the chaos catalogue, or --audit                   (Chaos)
 *   lms-harness report DIR   a saved run's report again, nothing booted        (Report)
 *   lms-harness replay DIR   a run's scaling policies replayed over load traces (ReplayCommand)
 *   lms-harness autoscale    a derived policy applied live to a deployment     (Autoscale)
 *   lms-harness topology …   a deployment up until Ctrl-C                      (Topology)
 *   lms-harness simulate …   one simulation run under a profile, its SLO judged (Simulate)
 * </pre>
 *
 * Options are typed and checked before anything boots; an unknown one is refused in one line with
 * the nearest valid name. Exit status: 0 done, 1 failed while running, 2 bad input, 3 what was
 * asserted broke (a chaos hypothesis, a simulation's SLO, a scaling policy's SLO). {@code -Dname=value} (the first release's spelling) maps to the option of that name.
 */
@Command(name = "lms-harness", mixinStandardHelpOptions = true, version = "lms-harness 0.1.0",
        subcommands = {Capacity.class, Gate.class, History.class, Chaos.class, Report.class, ReplayCommand.class, Autoscale.class, Topology.class, Simulate.class, CommandLine.HelpCommand.class},
        description = "Measures how much load one replica of the LMS takes, derives auto-scaling thresholds, and proves that zone failover works.")
public final class LmsHarness implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a command is needed: capacity, gate, history, chaos, report, topology or simulate");
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line in this JVM; returns its exit status. */
    public static int execute(String... args) {
        return execute(commandLine(), args);
    }

    /** As {@link #execute(String...)}, on a command line whose output and error streams the caller may have set. */
    static int execute(CommandLine commandLine, String... args) {
        String[] translated;
        try {
            translated = LegacyProperties.translate(commandLine, args);
        } catch (ParameterException e) {
            return badInput(e, args);
        }
        return commandLine.execute(translated);
    }

    static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new LmsHarness());
        commandLine.setParameterExceptionHandler(LmsHarness::badInput);
        commandLine.setExecutionExceptionHandler(LmsHarness::failed);
        return commandLine;
    }

    /** A bad option or value: one line with the nearest valid name when there is one, exit 2. */
    private static int badInput(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        String message = firstLine(e.getMessage());
        if (e instanceof UnmatchedArgumentException unmatched && !unmatched.getSuggestions().isEmpty()) {
            message += "; did you mean " + unmatched.getSuggestions().get(0) + "?";
        }
        command.getErr().println(prefix(command) + message + " (" + path(command) + " --help shows the options)");
        return ExitException.BAD_INPUT;
    }

    /** What the command threw: its own status for ExitException, 2 for bad input found late, else 1; always one line. */
    private static int failed(Exception e, CommandLine command, ParseResult parsed) {
        int status;
        String message;
        if (e instanceof ExitException exit) {
            status = exit.status();
            message = exit.getMessage();
        } else if (e instanceof InvalidPreset || e instanceof TopologyUnavailable || e instanceof Load.Invalid) {
            status = ExitException.BAD_INPUT;
            message = e.getMessage();
        } else if (e instanceof ReportCommand.Unreadable || e instanceof RunFiles.Unreadable) {
            status = 1;
            message = e.getMessage();
        } else {
            status = 1;
            message = "failed: " + (e instanceof UncheckedIOException io ? io.getCause() : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
        command.getErr().println(prefix(command) + firstLine(message));
        return status;
    }

    private static String prefix(CommandLine command) {
        return command.getCommandName() + ": ";
    }

    private static String path(CommandLine command) {
        return command.getParent() == null ? command.getCommandName() : path(command.getParent()) + " " + command.getCommandName();
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.strip().split("\\R", 2)[0];
    }
}
