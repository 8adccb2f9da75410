package org.lmsharness.chaos.experiment;

import java.time.Duration;
import java.util.function.Predicate;

/**
 * The steady-state hypothesis: what must hold, measured, for the experiment to pass. The write
 * ledger's two probes (no acknowledged write lost, nothing charged twice) are part of every hypothesis.
 *
 * @param maxErrorPercent failed requests over the whole experiment (steady state, fault, after), percent
 * @param p99Millis       the latency SLO: p99 before the fault (the steady state) and after recovery
 * @param recoverWithin   from the fault's start until every 5 s window is back within the SLO; null: not required
 * @param counted         which requests the error probe counts (by Gatling request name); a fault that is
 *                        allowed to fail one journey (a payment outage fails checkouts) leaves it out
 * @param countedDescription the same in words, for the report
 * @param excepted        the request left out of the count, which may fail only the documented way: a
 *                        problem+json 503 with {@code Retry-After} (the simulation checks both on a 503); null for none
 */
public record Hypothesis(double maxErrorPercent, double p99Millis, Duration recoverWithin, Predicate<String> counted, String countedDescription,
                         String excepted) {

    public static Hypothesis of(double maxErrorPercent, double p99Millis, Duration recoverWithin) {
        return new Hypothesis(maxErrorPercent, p99Millis, recoverWithin, name -> true, "every request", null);
    }

    /** The same hypothesis, counting errors of every request but the one named, which may fail only with a clear 503. */
    public Hypothesis except(String requestName, String why) {
        return new Hypothesis(maxErrorPercent, p99Millis, recoverWithin, name -> !name.equals(requestName),
                "every request but '" + requestName + "' (" + why + ")", requestName);
    }

    /** The same hypothesis without a recovery deadline: a fault that nothing in the deployment can recover from. */
    public Hypothesis withoutRecovery() {
        return new Hypothesis(maxErrorPercent, p99Millis, null, counted, countedDescription, excepted);
    }
}
