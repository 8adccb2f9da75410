package org.lmsharness.autoscale.policy;

import java.util.Locale;
import org.lmsharness.common.Figures;

/**
 * A target tracking policy at work, as AWS's guides describe it (EC2 Auto Scaling: "Target tracking scaling policies" and
 * "Default instance warmup"):
 * <ul>
 *   <li>a datapoint per minute, of the instances out of their warm-up (CPU) or of the load balancer's healthy targets
 *       (requests per target); while AlarmHigh is in ALARM the policy runs once a period;</li>
 *   <li>scale-out is proportional: ⌈N × metric ÷ target⌉, N the instances the datapoint covers. Instances still warming are
 *       capacity already on its way: the desired capacity only rises above what it is;</li>
 *   <li>scale-in, while AlarmLow is in ALARM and no instance warms, to the same ⌈N × metric ÷ target⌉ (removing 1.5 instances'
 *       worth removes one; removing half of one removes none);</li>
 *   <li>AWS gives no formula, only those roundings ("we round up and add two instances", "we remove just one instance") and
 *       "scales out proportionally … scales in more gradually"; ⌈N × m ÷ T⌉ is the rule that gives them.</li>
 *   <li>A request count with no request in a minute is 0 (the load balancer emits zeros); CPU without a datapoint is missing
 *       and never scales in.</li>
 * </ul>
 */
final class TargetTrackingController implements Controller {

    private final TargetTrackingPolicy policy;
    private final long period;
    private final long warmup;
    private final CloudWatchAlarm high;
    private final CloudWatchAlarm low;

    TargetTrackingController(TargetTrackingPolicy policy, TimeScale time) {
        this.policy = policy;
        this.period = time.millis(TargetTrackingPolicy.PERIOD_SECONDS);
        this.warmup = Math.round(1000 * policy.warmupSeconds());
        this.high = new CloudWatchAlarm(CloudWatchAlarm.Comparison.GREATER_THAN, policy.target(), TargetTrackingPolicy.HIGH_DATAPOINTS,
                TargetTrackingPolicy.HIGH_DATAPOINTS, CloudWatchAlarm.MissingData.MISSING);
        this.low = new CloudWatchAlarm(CloudWatchAlarm.Comparison.LESS_THAN, policy.scaleInFactor() * policy.target(), TargetTrackingPolicy.LOW_DATAPOINTS,
                TargetTrackingPolicy.LOW_DATAPOINTS, CloudWatchAlarm.MissingData.MISSING);
    }

    @Override
    public long intervalMillis() {
        return period;
    }

    @Override
    public Decision evaluate(long now, Fleet fleet, Metrics metrics) {
        int desired = fleet.desired();
        if (desired < policy.minCapacity()) return new Decision(now, desired, policy.minCapacity(), Double.NaN, "below MinSize");
        if (desired > policy.maxCapacity()) return new Decision(now, desired, policy.maxCapacity(), Double.NaN, "above MaxSize");
        double value = AwsDatapoint.of(policy.metric(), fleet, metrics, now, period, warmup);
        if (Double.isNaN(value) && policy.metric() == Metric.REQUESTS_PER_TARGET_PER_MINUTE) value = 0;
        high.add(value);
        low.add(value);
        int counted = AwsDatapoint.counted(policy.metric(), fleet, now, warmup);
        long warming = fleet.warmingCount(now, warmup);
        if (high.state() == CloudWatchAlarm.State.ALARM && counted > 0) {
            int proposal = clamp((int) Math.ceil(counted * value / policy.target() - 1e-9));
            String why = String.format(Locale.ROOT, "AlarmHigh %s: ⌈%d × %s ÷ %s⌉ = %d", high.describe(), counted, Figures.of(value),
                    Figures.of(policy.target()), proposal);
            if (proposal > desired) return new Decision(now, desired, proposal, value, why);
            return Decision.none(now, desired, value, why + (warming > 0 ? String.format(", %d still warming: no more than the desired %d", warming, desired)
                    : ", no more than the desired " + desired));
        }
        if (low.state() == CloudWatchAlarm.State.ALARM && !policy.disableScaleIn()) {
            if (warming > 0) return Decision.none(now, desired, value, "AlarmLow " + low.describe() + "; " + warming + " warming: no scale-in");
            int proposal = clamp((int) Math.ceil(desired * value / policy.target() - 1e-9));
            String why = String.format(Locale.ROOT, "AlarmLow %s: ⌈%d × %s ÷ %s⌉ = %d", low.describe(), desired, Figures.of(value),
                    Figures.of(policy.target()), proposal);
            return proposal < desired ? new Decision(now, desired, proposal, value, why) : Decision.none(now, desired, value, why + ", no scale-in");
        }
        return Decision.none(now, desired, value, "AlarmHigh " + high.state() + ", AlarmLow " + low.state());
    }

    private int clamp(int capacity) {
        return Math.max(policy.minCapacity(), Math.min(policy.maxCapacity(), capacity));
    }
}
