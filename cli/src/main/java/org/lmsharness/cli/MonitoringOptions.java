package org.lmsharness.cli;

import org.lmsharness.dashboards.Monitoring;
import picocli.CommandLine.Option;

/** A real Prometheus beside the run (docs/monitoring.md). */
final class MonitoringOptions {

    @Option(names = "--monitoring", paramLabel = "true|false", arity = "0..1", defaultValue = "false", fallbackValue = "true",
            description = "Start Prometheus on the deployment's targets and the harness's own metrics, and print its address (default: ${DEFAULT-VALUE}).")
    boolean monitoring;

    /** Hands the choice to the dashboards module; refused in one line when Prometheus is missing, before anything boots. */
    void apply() {
        System.setProperty(Monitoring.PROPERTY, Boolean.toString(monitoring));
        String refused = Monitoring.refusedBecause();
        if (refused != null) throw ExitException.badInput(refused.replace("-D" + Monitoring.PROPERTY + "=true", "--monitoring"));
    }
}
