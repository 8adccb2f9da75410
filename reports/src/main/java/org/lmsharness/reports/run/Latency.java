package org.lmsharness.reports.run;

/** Response-time percentiles over a step's measured window, in milliseconds. */
public record Latency(double p50, double p95, double p99, double max, double mean) {}
