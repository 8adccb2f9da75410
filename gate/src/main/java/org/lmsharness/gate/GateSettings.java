package org.lmsharness.gate;

import java.time.Duration;
import java.util.List;
import org.lmsharness.reports.run.Slo;

/**
 * What a gate run does, typed; the command line fills it, {@link #DEFAULTS} documents the defaults.
 *
 * @param capacity          the baseline's capacity, journeys per second: the levels are fractions of it; {@link #FROM_DEMAND} to derive
 *                          it from the baseline's CPU per journey at the end of the warm-up (the quota over it: the rate that keeps
 *                          the replica 100 % busy), so that a level is the replica's utilisation
 * @param levels            the fractions of {@code capacity} the rounds run at, each once per batch in a shuffled order
 * @param minRounds         rounds before the first verdict (the interval needs at least 6 at 95 %)
 * @param maxRounds         the budget: rounds after which an undecided gate says UNKNOWN
 * @param warmUp            at most this much load on both sides without their CPU quotas first, until both JVMs' compilers are quiet
 * @param round             one round's length: a ramp of a sixth of it, then its measured window
 * @param allowedDemand     the rise in CPU per journey tolerated, a fraction (0.05: +5 %)
 * @param allowedLatency    the rise in a p95 tolerated, a fraction (0.10: +10 %)
 * @param confidence        the intervals' two-sided confidence
 * @param minRequests       a request name is gated on its own p95 only where every round holds this many of it on each side
 * @param slo               the error budget: a candidate above it and above the baseline is a regression
 * @param seed              the rounds' order; the same seed gives the same order
 */
public record GateSettings(double capacity, List<Double> levels, int minRounds, int maxRounds, Duration warmUp, Duration round,
                           double allowedDemand, double allowedLatency, double confidence, int minRequests, Slo slo, long seed) {

    /** The capacity is measured: the quota over the baseline's CPU per journey once warm. */
    public static final double FROM_DEMAND = 0;

    public static final GateSettings DEFAULTS = new GateSettings(FROM_DEMAND, List.of(0.5, 0.85), 8, 12, Duration.ofSeconds(300), Duration.ofSeconds(20),
            0.05, 0.10, 0.95, 30, new Slo(500, 1000, 1), 1);

    public GateSettings {
        levels = List.copyOf(levels);
    }

    public GateSettings withCapacity(double journeysPerSecond) {
        return new GateSettings(journeysPerSecond, levels, minRounds, maxRounds, warmUp, round, allowedDemand, allowedLatency, confidence, minRequests, slo, seed);
    }
}
