package org.lmsharness.autoscale.policy;

import java.util.List;
import java.util.Locale;
import org.lmsharness.common.Figures;

/**
 * An AWS step scaling policy pair: a CloudWatch alarm that adds capacity and one that removes it, each with its step
 * adjustments ({@link StepScalingController}).
 *
 * @param metric         what both alarms watch
 * @param scaleOut       the alarm and steps that add capacity
 * @param scaleIn        the alarm and steps that remove it
 * @param minCapacity    the group's MinSize
 * @param maxCapacity    the group's MaxSize
 * @param warmupSeconds  EstimatedInstanceWarmup (EC2 Auto Scaling): a launched instance's capacity is counted, its metrics not,
 *                       until then; 0 for none. Not compressed: it stands for the boot.
 * @param cooldownSeconds Cooldown (Application Auto Scaling): after a scaling activity, the capacity it added counts in the next
 *                       scale-out and scale-in waits; 0 for none
 */
public record StepScalingPolicy(Metric metric, Side scaleOut, Side scaleIn, int minCapacity, int maxCapacity, double warmupSeconds,
                                double cooldownSeconds) implements ScalingPolicy {

    public enum AdjustmentType { CHANGE_IN_CAPACITY, PERCENT_CHANGE_IN_CAPACITY, EXACT_CAPACITY }

    /**
     * One step: applies when the metric minus the alarm's threshold lies between the bounds (null: unbounded). Above the
     * threshold the lower bound is inclusive and the upper exclusive; below it, the other way round.
     */
    public record Step(Double lowerBound, Double upperBound, double adjustment) {
        boolean holds(double breach) {
            double lower = lowerBound == null ? Double.NEGATIVE_INFINITY : lowerBound;
            double upper = upperBound == null ? Double.POSITIVE_INFINITY : upperBound;
            return breach >= 0 ? lower <= breach && breach < upper : lower < breach && breach <= upper;
        }
    }

    /**
     * An alarm with its policy's steps.
     *
     * @param minAdjustmentMagnitude for percent steps, the smallest change in instances (0: none)
     */
    public record Side(CloudWatchAlarm.Comparison comparison, double threshold, int periodSeconds, int evaluationPeriods, int datapointsToAlarm,
                       CloudWatchAlarm.MissingData missingData, AdjustmentType adjustmentType, List<Step> steps, int minAdjustmentMagnitude) {
        public Side {
            steps = List.copyOf(steps);
            if (steps.isEmpty()) throw new IllegalArgumentException("a step scaling policy needs at least one step");
        }

        CloudWatchAlarm alarm() {
            return new CloudWatchAlarm(comparison, threshold, evaluationPeriods, datapointsToAlarm, missingData);
        }

        Side withThreshold(double value) {
            return new Side(comparison, value, periodSeconds, evaluationPeriods, datapointsToAlarm, missingData, adjustmentType, steps, minAdjustmentMagnitude);
        }

        String describe(Metric metric) {
            return String.format(Locale.ROOT, "%s %s %s for %d of %d × %d s", metric.unit(), comparison.symbol(), Figures.of(threshold),
                    datapointsToAlarm, evaluationPeriods, periodSeconds);
        }
    }

    public StepScalingPolicy {
        if (minCapacity < 0 || maxCapacity < Math.max(1, minCapacity))
            throw new IllegalArgumentException("capacity must satisfy 0 ≤ min ≤ max, max ≥ 1; got " + minCapacity + " and " + maxCapacity);
    }

    /**
     * The adjustment of a step applied to a capacity, as Auto Scaling rounds it: a percent change between 0 and 1 instance is 1,
     * above 1 rounded down (12.7 → 12); between 0 and −1 it is −1, below −1 rounded up (−6.67 → −6); then at least the
     * minimum magnitude.
     */
    static int change(AdjustmentType type, double adjustment, int capacity, int minAdjustmentMagnitude) {
        return switch (type) {
            case EXACT_CAPACITY -> (int) Math.round(adjustment) - capacity;
            case CHANGE_IN_CAPACITY -> (int) Math.round(adjustment);
            case PERCENT_CHANGE_IN_CAPACITY -> {
                double raw = capacity * adjustment / 100;
                int rounded = raw > 0 ? (raw < 1 ? 1 : (int) Math.floor(raw)) : raw < 0 ? (raw > -1 ? -1 : (int) Math.ceil(raw)) : 0;
                yield rounded == 0 ? 0 : (int) Math.signum(rounded) * Math.max(Math.abs(rounded), minAdjustmentMagnitude);
            }
        };
    }

    @Override
    public String kind() {
        return "step-scaling";
    }

    @Override
    public Controller controller(TimeScale time) {
        return new StepScalingController(this, time);
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "AWS step scaling: out when %s, in when %s; capacity %d–%d%s%s", scaleOut.describe(metric), scaleIn.describe(metric),
                minCapacity, maxCapacity, warmupSeconds > 0 ? ", warm-up " + Figures.of(warmupSeconds) + " s" : "",
                cooldownSeconds > 0 ? ", cooldown " + Figures.of(cooldownSeconds) + " s" : "");
    }

    /** Moves both alarms' thresholds in proportion: the scale-in line keeps its ratio to the scale-out line. */
    @Override
    public ScalingPolicy withTarget(double value) {
        double ratio = scaleIn.threshold() / scaleOut.threshold();
        return new StepScalingPolicy(metric, scaleOut.withThreshold(value), scaleIn.withThreshold(Math.floor(value * ratio)), minCapacity, maxCapacity,
                warmupSeconds, cooldownSeconds);
    }

    @Override
    public ScalingPolicy withCapacity(int min, int max) {
        return new StepScalingPolicy(metric, scaleOut, scaleIn, min, max, warmupSeconds, cooldownSeconds);
    }

    @Override
    public ScalingPolicy withWarmup(double seconds) {
        return new StepScalingPolicy(metric, scaleOut, scaleIn, minCapacity, maxCapacity, seconds, cooldownSeconds);
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
