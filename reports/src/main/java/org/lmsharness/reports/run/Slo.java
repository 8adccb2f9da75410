package org.lmsharness.reports.run;

/**
 * The objective a step must meet to count as sustained: client-side percentiles and failed requests.
 *
 * @param p95Millis    95th percentile response time, ms
 * @param p99Millis    99th percentile response time, ms
 * @param errorPercent failed requests, percent of all
 */
public record Slo(double p95Millis, double p99Millis, double errorPercent) {}
