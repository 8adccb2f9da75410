package org.lmsharness.autoscale.policy;

import java.util.Locale;
import org.lmsharness.common.Figures;

/**
 * A step scaling policy pair at work. Each alarm takes a datapoint at the end of each of its periods; while an alarm is in
 * ALARM its policy runs once a period (CloudWatch keeps invoking Auto Scaling actions while the state lasts). A run picks the
 * step that holds the latest datapoint's breach (metric − threshold) and applies it to the capacity:
 * <ul>
 *   <li>scale-out counts the capacity still warming (EC2 warm-up) or added within the cooldown (Application Auto Scaling) as
 *       already there: the step is applied to the capacity without it, and only what goes beyond the desired capacity is
 *       added — a step already taken is not taken twice, a higher one adds the difference;</li>
 *   <li>scale-in waits while an instance warms and for the cooldown after the last scale-in; a scale-out ends that wait;</li>
 *   <li>the result is held within min and max capacity.</li>
 * </ul>
 */
final class StepScalingController implements Controller {

    private final StepScalingPolicy policy;
    private final TimeScale time;
    private final CloudWatchAlarm out;
    private final CloudWatchAlarm in;
    private final long outPeriod;
    private final long inPeriod;
    private final long warmup;
    private final long cooldown;
    private long nextOut = -1;
    private long nextIn = -1;
    private long lastScaleOut = Long.MIN_VALUE / 2;
    private long lastScaleIn = Long.MIN_VALUE / 2;
    private int addedInCooldown;

    StepScalingController(StepScalingPolicy policy, TimeScale time) {
        this.policy = policy;
        this.time = time;
        this.out = policy.scaleOut().alarm();
        this.in = policy.scaleIn().alarm();
        this.outPeriod = time.millis(policy.scaleOut().periodSeconds());
        this.inPeriod = time.millis(policy.scaleIn().periodSeconds());
        this.warmup = Math.round(1000 * policy.warmupSeconds());
        this.cooldown = time.millis(policy.cooldownSeconds());
    }

    @Override
    public long intervalMillis() {
        return Math.min(outPeriod, inPeriod);
    }

    @Override
    public Decision evaluate(long now, Fleet fleet, Metrics metrics) {
        if (nextOut < 0) {
            nextOut = now;
            nextIn = now;
        }
        int desired = fleet.desired();
        if (desired < policy.minCapacity()) return new Decision(now, desired, policy.minCapacity(), Double.NaN, "below MinSize");
        if (desired > policy.maxCapacity()) return new Decision(now, desired, policy.maxCapacity(), Double.NaN, "above MaxSize");
        // Each alarm takes its datapoint when its period ends, whatever the other does.
        double outValue = Double.NaN;
        double inValue = Double.NaN;
        boolean outDue = now >= nextOut;
        boolean inDue = now >= nextIn;
        if (outDue) {
            nextOut += outPeriod;
            outValue = AwsDatapoint.of(policy.metric(), fleet, metrics, now, outPeriod, warmup);
            out.add(outValue);
        }
        if (inDue) {
            nextIn += inPeriod;
            inValue = AwsDatapoint.of(policy.metric(), fleet, metrics, now, inPeriod, warmup);
            in.add(inValue);
        }
        if (outDue && out.state() == CloudWatchAlarm.State.ALARM) {
            Decision decision = scaleOut(now, fleet, desired, outValue);
            if (decision.changes()) return decision;
        }
        if (inDue && in.state() == CloudWatchAlarm.State.ALARM) return scaleIn(now, fleet, desired, inValue);
        return Decision.none(now, desired, outDue ? outValue : inValue, "scale-out alarm " + out.state() + ", scale-in alarm " + in.state());
    }

    private Decision scaleOut(long now, Fleet fleet, int desired, double value) {
        StepScalingPolicy.Side side = policy.scaleOut();
        StepScalingPolicy.Step step = step(side, value);
        if (step == null) return Decision.none(now, desired, value, "scale-out alarm in ALARM, no step holds " + Figures.of(value));
        boolean cooling = now < lastScaleOut + cooldown;
        int pending = (int) Math.max(fleet.warmingCount(now, warmup), cooling ? addedInCooldown : 0);
        int base = desired - pending;
        int change = StepScalingPolicy.change(side.adjustmentType(), step.adjustment(), base, side.minAdjustmentMagnitude());
        int target = clamp(base + change);
        String why = String.format(Locale.ROOT, "scale-out alarm %s (%s): step %s on %d%s", out.describe(), Figures.of(value), Figures.of(step.adjustment()),
                base, pending > 0 ? " (" + pending + " still warming or in cooldown, counted as there)" : "");
        if (target <= desired) return Decision.none(now, desired, value, why + ": " + target + ", no more than the desired " + desired);
        if (!cooling) addedInCooldown = 0;
        addedInCooldown += target - desired;
        lastScaleOut = now;
        lastScaleIn = Long.MIN_VALUE / 2; // a scale-out ends a scale-in's cooldown
        return new Decision(now, desired, target, value, why + " → " + target);
    }

    private Decision scaleIn(long now, Fleet fleet, int desired, double value) {
        StepScalingPolicy.Side side = policy.scaleIn();
        if (fleet.warmingCount(now, warmup) > 0) return Decision.none(now, desired, value, "scale-in alarm in ALARM; an instance is warming: no scale-in");
        if (now < lastScaleIn + cooldown) return Decision.none(now, desired, value, "scale-in alarm in ALARM; in cooldown: no scale-in");
        StepScalingPolicy.Step step = step(side, value);
        if (step == null) return Decision.none(now, desired, value, "scale-in alarm in ALARM, no step holds " + Figures.of(value));
        int target = clamp(desired + StepScalingPolicy.change(side.adjustmentType(), step.adjustment(), desired, side.minAdjustmentMagnitude()));
        String why = String.format(Locale.ROOT, "scale-in alarm %s (%s): step %s on %d", in.describe(), Figures.of(value), Figures.of(step.adjustment()), desired);
        if (target >= desired) return Decision.none(now, desired, value, why + ": no change");
        lastScaleIn = now;
        return new Decision(now, desired, target, value, why + " → " + target);
    }

    private static StepScalingPolicy.Step step(StepScalingPolicy.Side side, double value) {
        double breach = value - side.threshold();
        return side.steps().stream().filter(s -> s.holds(breach)).findFirst().orElse(null);
    }

    private int clamp(int capacity) {
        return Math.max(policy.minCapacity(), Math.min(policy.maxCapacity(), capacity));
    }
}
