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
 * @param counted         which requests the error probe counts (by Gatling request name)
 * @param countedDescription the same in words, for the report
 * @param recoveryPoint  the recovery point objective: acknowledged writes may be lost only if acknowledged this
 *                       long before the fault at most; null: none may be lost
 */
public record Hypothesis(double maxErrorPercent, double p99Millis, Duration recoverWithin, Predicate<String> counted, String countedDescription,
                         Duration recoveryPoint) {

    public Hypothesis(double maxErrorPercent, double p99Millis, Duration recoverWithin, Predicate<String> counted, String countedDescription) {
        this(maxErrorPercent, p99Millis, recoverWithin, counted, countedDescription, null);
    }

    public static Hypothesis of(double maxErrorPercent, double p99Millis, Duration recoverWithin) {
        return new Hypothesis(maxErrorPercent, p99Millis, recoverWithin, name -> true, "every request");
    }

    /** The same hypothesis without a recovery deadline: a fault that nothing in the deployment can recover from. */
    public Hypothesis withoutRecovery() {
        return new Hypothesis(maxErrorPercent, p99Millis, null, counted, countedDescription, recoveryPoint);
    }

    /** The same hypothesis, allowing the loss of writes acknowledged within {@code rpo} before the fault (a restore from backups). */
    public Hypothesis withRecoveryPoint(Duration rpo) {
        return new Hypothesis(maxErrorPercent, p99Millis, recoverWithin, counted, countedDescription, rpo);
    }
}
