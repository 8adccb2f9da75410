package org.lmsharness.gate.compare;

import org.lmsharness.gate.stats.Ratio;
import org.lmsharness.gate.stats.Verdict;

/**
 * One figure compared: candidate ÷ baseline over the rounds, and what the gate concludes of it.
 *
 * @param name       what was compared: {@code cpu per journey}, {@code p95}, {@code p95 log in}, {@code errors}
 * @param unit       the figures' unit ({@code ms}, {@code %})
 * @param baseline   the baseline's median over the rounds (errors: over all its requests)
 * @param candidate  the candidate's
 * @param ratio      the Hodges–Lehmann ratio and its interval; null for errors (a count against a budget, not a ratio)
 * @param allowed    the rise tolerated, a fraction
 * @param verdict    PASS, REGRESSION or UNKNOWN
 * @param decides    whether an UNKNOWN here leaves the whole gate unknown: the headline metrics do; a single request's p95
 *                   (few samples per round) can fail the gate but not hold it open
 * @param reason     the verdict in words
 */
public record Metric(String name, String unit, double baseline, double candidate, Ratio ratio, double allowed, Verdict verdict, boolean decides,
                     String reason) {}
