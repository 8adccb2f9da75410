package org.lmsharness.autoscale.policy;

/**
 * A scaling policy as an SRE writes it for a real autoscaler. Each kind keeps the semantics of the service it stands for, and
 * makes a {@link Controller} that applies it on a clock.
 */
public sealed interface ScalingPolicy permits TargetTrackingPolicy, StepScalingPolicy, HpaPolicy {

    /** target-tracking, step-scaling or hpa. */
    String kind();

    Controller controller(TimeScale time);

    /** One line: what it scales on and its parameters. */
    String describe();

    /** The same policy with another target value (a sweep): the tracked value, the scale-out alarm's threshold or the HPA's target. */
    ScalingPolicy withTarget(double value);

    /** The same policy with another minimum and maximum capacity. */
    ScalingPolicy withCapacity(int min, int max);

    /** The same policy with another minimum capacity (the maximum raised to it if need be). */
    default ScalingPolicy withMinimum(int min) {
        return withCapacity(min, Math.max(min, maximum()));
    }

    /** The same policy with another instance warm-up, seconds; the same policy when it has none (the HPA). */
    ScalingPolicy withWarmup(double seconds);

    int minimum();

    int maximum();
}
