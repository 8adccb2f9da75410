package org.lmsharness.autoscale.policy;

/**
 * A policy at work: asked at every interval (an alarm's period, the HPA's sync period), it reads the metric and sets the fleet's
 * desired capacity. Stateful, as the real ones are (alarm history, cooldowns, stabilisation windows, past scale events); one
 * per run.
 */
public interface Controller {

    /** How often it is asked, ms (compressed when the scenario is). */
    long intervalMillis();

    /** One evaluation at {@code now}. The caller launches or removes instances to match {@link Decision#to()}. */
    Decision evaluate(long now, Fleet fleet, Metrics metrics);
}
