package org.lmsharness.reports.thresholds;

/**
 * What the thresholds are derived for, beyond the measurements: the load to plan for and how fast it grows.
 *
 * @param peakRequestsPerSecond   the peak load the fleet must carry, requests per second at the edge
 * @param growthPercentPerMinute  how fast load may rise, percent per minute (a lesson or exam start is steep)
 * @param zones                   availability zones the fleet spreads over; capacity must survive losing one
 */
public record ScalingInputs(double peakRequestsPerSecond, double growthPercentPerMinute, int zones) {}
