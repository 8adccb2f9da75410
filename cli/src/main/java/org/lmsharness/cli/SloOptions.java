package org.lmsharness.cli;

import org.lmsharness.reports.run.Slo;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** The service-level objective a step must meet. */
final class SloOptions {

    @Option(names = "--slo-p95", paramLabel = "MS", defaultValue = "500", description = "95th percentile response time, ms (default: ${DEFAULT-VALUE}).")
    double p95Millis;

    @Option(names = "--slo-p99", paramLabel = "MS", defaultValue = "1000", description = "99th percentile response time, ms (default: ${DEFAULT-VALUE}).")
    double p99Millis;

    @Option(names = "--slo-error-percent", paramLabel = "PCT", defaultValue = "1", description = "Failed requests, percent of all (default: ${DEFAULT-VALUE}).")
    double errorPercent;

    Slo slo(CommandSpec spec) {
        Checks.within(spec, "--slo-p95", p95Millis, 1, 600_000);
        Checks.within(spec, "--slo-p99", p99Millis, 1, 600_000);
        Checks.within(spec, "--slo-error-percent", errorPercent, 0, 100);
        return new Slo(p95Millis, p99Millis, errorPercent);
    }
}
