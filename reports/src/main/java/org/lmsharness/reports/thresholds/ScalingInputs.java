package org.lmsharness.reports.thresholds;

import org.lmsharness.reports.model.CapacityModel;

/**
 * What the thresholds are derived for, beyond the measurements: the load to plan for and how fast it grows.
 *
 * @param peakRequestsPerSecond   the peak load the fleet must carry, requests per second at the edge;
 *                                {@link #MEASURED_PEAK} to plan for twice the largest measured capacity
 * @param growthPercentPerMinute  how fast load may rise, percent per minute (a lesson or exam start is steep)
 * @param zones                   availability zones the fleet spreads over; capacity must survive losing one
 * @param databaseCores           the database instance planned for, cores: where the production model's scale-out ends
 */
public record ScalingInputs(double peakRequestsPerSecond, double growthPercentPerMinute, int zones, double databaseCores) {

    public ScalingInputs(double peakRequestsPerSecond, double growthPercentPerMinute, int zones) {
        this(peakRequestsPerSecond, growthPercentPerMinute, zones, CapacityModel.DEFAULT_DATABASE_CORES);
    }

    /**
     * No peak given: plan for twice the largest capacity measured, lowered to what the measured
     * scale-out reaches when that is less (see {@link Thresholds#derive}).
     */
    public static final double MEASURED_PEAK = 0;

    public static ScalingInputs withMeasuredPeak(double growthPercentPerMinute, int zones) {
        return new ScalingInputs(MEASURED_PEAK, growthPercentPerMinute, zones);
    }

    public ScalingInputs withDatabaseCores(double cores) {
        return new ScalingInputs(peakRequestsPerSecond, growthPercentPerMinute, zones, cores);
    }

    public boolean measuredPeak() {
        return peakRequestsPerSecond == MEASURED_PEAK;
    }
}
