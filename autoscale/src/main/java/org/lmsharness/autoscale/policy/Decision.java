package org.lmsharness.autoscale.policy;

/**
 * One evaluation of a policy: the capacity it set, and why, in words a person checks against the service's own docs.
 *
 * @param at     when, ms
 * @param from   the desired capacity before
 * @param to     the desired capacity after (the same when nothing changed)
 * @param metric the metric value it decided on (NaN when none)
 * @param reason why, e.g. "AlarmHigh 3 of 3 above 2,700: ⌈2 × 4,100 / 2,700⌉ = 4"
 */
public record Decision(long at, int from, int to, double metric, String reason) {

    public boolean changes() {
        return to != from;
    }

    static Decision none(long at, int desired, double metric, String reason) {
        return new Decision(at, desired, desired, metric, reason);
    }
}
