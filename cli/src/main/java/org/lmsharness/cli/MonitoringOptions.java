package org.lmsharness.cli;

import org.lmsharness.dashboards.Monitoring;
import picocli.CommandLine.Option;

/** A real Prometheus beside the run (docs/monitoring.md). */
final class MonitoringOptions {

    @Option(names = "--monitoring", paramLabel = "true|false", arity = "0..1", defaultValue = "false", fallbackValue = "true",
            description = "Start Prometheus on the deployment's targets and the harness's own metrics, and print its address (default: ${DEFAULT-VALUE}).")
    boolean monitoring;

    /** Whether to monitor; refused in one line when Prometheus is missing, before anything boots. */
    boolean wanted() {
        String refused = Monitoring.refusedBecause(monitoring);
        if (refused != null) throw ExitException.badInput(refused);
        return monitoring;
    }
}
