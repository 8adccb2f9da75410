package org.lmsharness.autoscale.policy;

/**
 * How much a scenario's policy clock is compressed, so that what takes an hour in production takes minutes here. Alarm periods,
 * cooldowns, sync periods, stabilisation windows and policy periods are divided by the factor; how long an instance takes to
 * boot cannot be, so warm-ups (which stand for the boot) stay in real seconds. A report names the factor and what it scaled.
 *
 * @param factor 1 for production time, more to compress
 */
public record TimeScale(double factor) {

    public static final TimeScale REAL = new TimeScale(1);

    public TimeScale {
        if (!(factor >= 1) || Double.isInfinite(factor)) throw new IllegalArgumentException("the time compression must be 1 or more, got " + factor);
    }

    /** A policy duration given in production seconds, in ms on this clock. */
    public long millis(double productionSeconds) {
        return Math.round(1000 * productionSeconds / factor);
    }

    public boolean compressed() {
        return factor > 1;
    }
}
