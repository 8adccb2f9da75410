package org.lmsharness.gate;

import java.util.List;
import java.util.Map;
import org.lmsharness.gate.compare.Metric;
import org.lmsharness.gate.duet.Round;
import org.lmsharness.gate.stats.Verdict;

/**
 * A gate run's outcome: what ran, every round, every metric, and the verdict.
 *
 * @param conditions what both sides ran on (back end, preset, quota, dataset, JVM, jars or URLs, commit): the same for both by construction
 * @param settings   the gate's settings
 * @param rounds     every measured round, in the order run
 * @param metrics    the comparisons after the last round
 * @param verdict    PASS, REGRESSION or UNKNOWN
 * @param summary    the verdict in one line
 * @param seconds    the whole run's wall-clock time, boot included
 */
public record GateResult(Map<String, String> conditions, GateSettings settings, List<Round> rounds, List<Metric> metrics, Verdict verdict,
                         String summary, double seconds) {}
