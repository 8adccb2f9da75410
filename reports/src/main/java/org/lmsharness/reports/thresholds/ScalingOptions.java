package org.lmsharness.reports.thresholds;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * What the thresholds plan for, as options (a picocli mixin): the capacity command takes them for the
 * run it measures, the report command to plan again from a saved run.
 */
public final class ScalingOptions {

    @Option(names = "--peak-rps", paramLabel = "REQUESTS/S",
            description = "Peak load the fleet must carry, requests per second at the edge (default: twice the largest measured capacity, "
                    + "or what the database takes when less).")
    Double peakRps;

    @Option(names = "--growth-percent-per-minute", paramLabel = "PCT", defaultValue = "10",
            description = "How fast load may rise, percent per minute: the thresholds absorb it while a new replica starts (default: ${DEFAULT-VALUE}).")
    double growthPercentPerMinute;

    @Option(names = "--zones", paramLabel = "N", defaultValue = "3",
            description = "Availability zones the fleet spreads over; capacity must survive losing one (default: ${DEFAULT-VALUE}).")
    int zones;

    @Option(names = "--database-cores", paramLabel = "CORES", defaultValue = "2",
            description = "Cores of the database instance the production scale-out plans for: replicas are added until its CPU, at the "
                    + "measured demand per request, is used up (default: ${DEFAULT-VALUE}).")
    double databaseCores;

    /** The inputs, checked; a bad one is a ParameterException naming its option. */
    public ScalingInputs inputs(CommandSpec spec) {
        if (peakRps != null && !(peakRps > 0 && peakRps <= 10_000_000)) {
            throw new ParameterException(spec.commandLine(), "--peak-rps must be a positive number of requests per second up to 10,000,000, got " + peakRps);
        }
        if (!(growthPercentPerMinute >= 0 && growthPercentPerMinute <= 1000)) {
            throw new ParameterException(spec.commandLine(), "--growth-percent-per-minute must be within 0..1000, got " + growthPercentPerMinute);
        }
        if (zones < 1 || zones > 10) throw new ParameterException(spec.commandLine(), "--zones must be 1 or more (at most 10), got " + zones);
        if (!(databaseCores >= 0.1 && databaseCores <= 1024)) {
            throw new ParameterException(spec.commandLine(), "--database-cores must be within 0.1..1024, got " + databaseCores);
        }
        ScalingInputs inputs = peakGiven() ? new ScalingInputs(peakRps, growthPercentPerMinute, zones) : ScalingInputs.withMeasuredPeak(growthPercentPerMinute, zones);
        return inputs.withDatabaseCores(databaseCores);
    }

    /** Whether the peak was given rather than to be derived from the measurements. */
    public boolean peakGiven() {
        return peakRps != null;
    }
}
