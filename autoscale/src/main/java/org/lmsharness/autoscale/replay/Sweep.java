package org.lmsharness.autoscale.replay;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.lmsharness.autoscale.policy.HpaPolicy;
import org.lmsharness.autoscale.policy.ScalingPolicy;
import org.lmsharness.autoscale.policy.TargetTrackingPolicy;
import org.lmsharness.autoscale.policy.TimeScale;

/**
 * A policy replayed over a range of target values: which ones keep the SLO, and the cheapest of those (fewest replica-minutes).
 * Targets run from 30 % to 100 % of what one replica carries at its capacity, in steps of 5 %: the tracked requests per
 * target per minute (60 · C · share), the alarm's threshold, or the HPA's CPU percent of the quota at capacity.
 *
 * @param policy   the policy swept, with its own target
 * @param points   one per target value, in ascending target
 * @param cheapest the cheapest that kept the SLO; empty when none did
 */
public record Sweep(String policy, List<Point> points, Optional<Point> cheapest) {

    /** @param target the target value; @param replay its replay's totals */
    public record Point(double target, Replay.Summary replay) {}

    public static Sweep of(Replayer replayer, FleetModel fleet, LoadTrace trace, ScalingPolicy policy, TimeScale time, int startReplicas) {
        List<Point> points = new ArrayList<>();
        for (int percent = 30; percent <= 100; percent += 5) {
            double target = targetAt(policy, fleet, percent / 100.0);
            if (!(target > 0)) continue; // no CPU figures: no CPU target to try
            points.add(new Point(target, replayer.replay(trace, policy.withTarget(target), time, startReplicas).summary()));
        }
        Optional<Point> cheapest = points.stream().filter(p -> p.replay().sloKept()).min(Comparator.comparingDouble((Point p) -> p.replay().replicaMinutes())
                .thenComparing(Comparator.comparingDouble(Point::target).reversed()));
        return new Sweep(policy.describe(), List.copyOf(points), cheapest);
    }

    /** The target value at {@code share} of one replica at capacity, in the policy's own unit. */
    static double targetAt(ScalingPolicy policy, FleetModel fleet, double share) {
        if (policy instanceof HpaPolicy) return Math.max(1, Math.floor(fleet.cpuPercentAt(fleet.capacity()) * share));
        if (policy instanceof TargetTrackingPolicy tt && tt.metric() == org.lmsharness.autoscale.policy.Metric.CPU_PERCENT)
            return Math.max(1, Math.floor(fleet.cpuPercentAt(fleet.capacity()) * share));
        return Math.floor(60 * fleet.capacity() * share);
    }
}
