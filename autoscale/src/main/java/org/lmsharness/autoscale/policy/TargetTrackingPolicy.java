package org.lmsharness.autoscale.policy;

import java.util.Locale;
import org.lmsharness.common.Figures;

/**
 * An AWS target tracking policy ({@link TargetTrackingController}). AWS creates and owns its two alarms and lets nobody
 * change them; their settings are not documented but show in every exported alarm: one-minute periods, AlarmHigh above the
 * target for 3 of 3 datapoints, AlarmLow below a lower line for 15 of 15. That line sat at 0.9 × the target in exports from
 * Application Auto Scaling (ECS) and at 0.7 × in exports from EC2 Auto Scaling groups; AWS's guide only says "usually more
 * than 10 % lower", so it is a parameter here.
 *
 * @param metric          ALBRequestCountPerTarget or ASGAverageCPUUtilization
 * @param target          the target value
 * @param minCapacity     MinSize
 * @param maxCapacity     MaxSize
 * @param warmupSeconds   EstimatedInstanceWarmup: until then an instance's metrics are left out, it is counted as capacity
 *                        already there, and no scale-in happens. Not compressed: it stands for the boot.
 * @param scaleInFactor   AlarmLow's line as a fraction of the target
 * @param disableScaleIn  DisableScaleIn
 */
public record TargetTrackingPolicy(Metric metric, double target, int minCapacity, int maxCapacity, double warmupSeconds, double scaleInFactor,
                                   boolean disableScaleIn) implements ScalingPolicy {

    public static final int PERIOD_SECONDS = 60;
    public static final int HIGH_DATAPOINTS = 3;
    public static final int LOW_DATAPOINTS = 15;
    /** AlarmLow's line in Application Auto Scaling's exported alarms (ECS: 63 for a target of 70). */
    public static final double APPLICATION_AUTO_SCALING_LOW = 0.9;
    /** AlarmLow's line in EC2 Auto Scaling groups' exported alarms (35 for a target of 50). */
    public static final double EC2_LOW = 0.7;

    public TargetTrackingPolicy {
        if (!(target > 0)) throw new IllegalArgumentException("the target value must be positive, got " + target);
        if (minCapacity < 0 || maxCapacity < Math.max(1, minCapacity))
            throw new IllegalArgumentException("capacity must satisfy 0 ≤ min ≤ max, max ≥ 1; got " + minCapacity + " and " + maxCapacity);
        if (!(scaleInFactor > 0 && scaleInFactor < 1)) throw new IllegalArgumentException("the scale-in line must be between 0 and 1 of the target, got " + scaleInFactor);
    }

    public TargetTrackingPolicy(Metric metric, double target, int minCapacity, int maxCapacity, double warmupSeconds) {
        this(metric, target, minCapacity, maxCapacity, warmupSeconds, EC2_LOW, false);
    }

    @Override
    public String kind() {
        return "target-tracking";
    }

    @Override
    public Controller controller(TimeScale time) {
        return new TargetTrackingController(this, time);
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "AWS target tracking: %s %s; out above it for %d of %d × %d s, in below %s for %d of %d; capacity %d–%d, warm-up %s s",
                Figures.of(target), metric.unit(), HIGH_DATAPOINTS, HIGH_DATAPOINTS, PERIOD_SECONDS, Figures.of(scaleInFactor * target), LOW_DATAPOINTS,
                LOW_DATAPOINTS, minCapacity, maxCapacity, Figures.of(warmupSeconds));
    }

    @Override
    public ScalingPolicy withTarget(double value) {
        return new TargetTrackingPolicy(metric, value, minCapacity, maxCapacity, warmupSeconds, scaleInFactor, disableScaleIn);
    }

    @Override
    public TargetTrackingPolicy withCapacity(int min, int max) {
        return new TargetTrackingPolicy(metric, target, min, max, warmupSeconds, scaleInFactor, disableScaleIn);
    }

    @Override
    public TargetTrackingPolicy withWarmup(double seconds) {
        return new TargetTrackingPolicy(metric, target, minCapacity, maxCapacity, seconds, scaleInFactor, disableScaleIn);
    }

    @Override
    public int minimum() {
        return minCapacity;
    }

    @Override
    public int maximum() {
        return maxCapacity;
    }
}
