package org.lmsharness.autoscale;

import java.util.ArrayList;
import java.util.List;
import org.lmsharness.autoscale.policy.CloudWatchAlarm;
import org.lmsharness.autoscale.policy.HpaPolicy;
import org.lmsharness.autoscale.policy.Metric;
import org.lmsharness.autoscale.policy.ScalingPolicy;
import org.lmsharness.autoscale.policy.StepScalingPolicy;
import org.lmsharness.autoscale.policy.TargetTrackingPolicy;
import org.lmsharness.reports.thresholds.Thresholds;

/**
 * The policies the capacity report writes out (target tracking, the step alarms, the HPA), as policies the loop and the
 * replayer apply: the same numbers as in the files an SRE pastes.
 */
public final class DerivedPolicies {

    private DerivedPolicies() {}

    /** Target tracking on ALBRequestCountPerTarget, with the run's warm-up and the group's min and max. */
    public static TargetTrackingPolicy targetTracking(Thresholds t) {
        return new TargetTrackingPolicy(Metric.REQUESTS_PER_TARGET_PER_MINUTE, t.requestsPerTargetPerMinute(), t.minCapacity(), t.maxCapacity(),
                t.warmupSeconds());
    }

    /** The step scaling pair: the scale-out alarm adds its step on any breach, the scale-in alarm removes one. */
    public static StepScalingPolicy stepScaling(Thresholds t) {
        Thresholds.Alarm out = t.scaleOut();
        Thresholds.Alarm in = t.scaleIn();
        return new StepScalingPolicy(Metric.REQUESTS_PER_TARGET_PER_MINUTE,
                side(out, List.of(new StepScalingPolicy.Step(0.0, null, out.adjustment()))),
                side(in, List.of(new StepScalingPolicy.Step(null, 0.0, in.adjustment()))),
                t.minCapacity(), t.maxCapacity(), t.warmupSeconds(), 0);
    }

    /** The HPA on CPU; null when the run had no CPU quota (the report writes none then). */
    public static HpaPolicy hpa(Thresholds t) {
        Thresholds.Hpa h = t.hpa();
        if (h == null) return null;
        HpaPolicy.Rules up = new HpaPolicy.Rules(h.scaleUpStabilizationSeconds(), List.of(
                new HpaPolicy.Rule(HpaPolicy.RuleType.PERCENT, h.scaleUpPercent(), h.scaleUpPeriodSeconds()),
                new HpaPolicy.Rule(HpaPolicy.RuleType.PODS, h.scaleUpPods(), h.scaleUpPeriodSeconds())), HpaPolicy.Select.MAX);
        HpaPolicy.Rules down = new HpaPolicy.Rules(h.scaleDownStabilizationSeconds(), List.of(
                new HpaPolicy.Rule(HpaPolicy.RuleType.PODS, h.scaleDownPods(), h.scaleDownPeriodSeconds())), HpaPolicy.Select.MAX);
        return HpaPolicy.withDefaults(Metric.CPU_PERCENT, h.cpuAverageUtilization(), h.minReplicas(), h.maxReplicas()).withBehaviour(up, down);
    }

    /** Every policy the thresholds hold, by kind: target-tracking, step-scaling, hpa (when there is one). */
    public static List<ScalingPolicy> all(Thresholds t) {
        List<ScalingPolicy> policies = new ArrayList<>(List.of(targetTracking(t), stepScaling(t)));
        HpaPolicy hpa = hpa(t);
        if (hpa != null) policies.add(hpa);
        return policies;
    }

    private static StepScalingPolicy.Side side(Thresholds.Alarm alarm, List<StepScalingPolicy.Step> steps) {
        return new StepScalingPolicy.Side(CloudWatchAlarm.Comparison.of(alarm.comparison()), alarm.threshold(), alarm.periodSeconds(),
                alarm.evaluationPeriods(), alarm.datapointsToAlarm(), CloudWatchAlarm.MissingData.of(alarm.treatMissingData()),
                StepScalingPolicy.AdjustmentType.CHANGE_IN_CAPACITY, steps, 0);
    }
}
