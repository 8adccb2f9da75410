package org.lmsharness.reports.thresholds;

/**
 * How one threshold follows from the measurements, written out for a person to check.
 *
 * @param quantity    what is derived, e.g. "ALBRequestCountPerTarget target value"
 * @param formula     the formula in symbols
 * @param withNumbers the same formula with the measured numbers put in
 * @param result      the value, with its unit
 */
public record Derivation(String quantity, String formula, String withNumbers, String result) {}
