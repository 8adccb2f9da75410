package org.lmsharness.autoscale.replay;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.lmsharness.autoscale.policy.ScalingPolicy;
import org.lmsharness.autoscale.policy.TargetTrackingPolicy;
import org.lmsharness.autoscale.policy.TimeScale;
import org.lmsharness.common.Figures;

/**
 * When a policy lets the SLO break, the inputs an SRE can change, each replayed on the same load: more headroom (the highest
 * target below that keeps the SLO), a higher minimum, a step policy for spikes, a faster boot. Each says whether it kept the
 * SLO and at what cost, so the change comes with its evidence.
 *
 * @param change  what was changed, in words
 * @param policy  the changed policy, in one line
 * @param replay  its totals on the same load
 */
public record Advice(String change, String policy, Replay.Summary replay) {

    public static List<Advice> of(FleetModel fleet, LoadTrace trace, ScalingPolicy policy, ScalingPolicy stepAlternative, TimeScale time,
                                  int startReplicas, Sweep sweep) {
        List<Advice> advice = new ArrayList<>();
        Replayer replayer = new Replayer(fleet);
        sweep.cheapest().ifPresent(p -> advice.add(new Advice(String.format(Locale.ROOT, "more headroom: target %s", Figures.of(p.target())),
                policy.withTarget(p.target()).describe(), p.replay())));
        for (int more = 1; more <= 3 && policy.minimum() + more <= policy.maximum(); more++) {
            ScalingPolicy higher = policy.withMinimum(policy.minimum() + more);
            Replay replay = replayer.replay(trace, higher, time, startReplicas);
            advice.add(new Advice("a higher minimum: " + (policy.minimum() + more), higher.describe(), replay.summary()));
            if (replay.summary().sloKept()) break;
        }
        if (stepAlternative != null && !(policy instanceof org.lmsharness.autoscale.policy.StepScalingPolicy)) {
            // Within the same bounds as the policy it would replace: a larger maximum is not a change of policy.
            ScalingPolicy step = stepAlternative.withCapacity(policy.minimum(), policy.maximum());
            advice.add(new Advice("a step policy for spikes", step.describe(), replayer.replay(trace, step, time, startReplicas).summary()));
        }
        FleetModel faster = new FleetModel(fleet.capacity(), fleet.capacityLow(), fleet.capacityHigh(), fleet.saturation(), fleet.idleCores(),
                fleet.coreMillisPerRequest(), fleet.quotaCores(), fleet.bootSeconds() / 2, fleet.databaseBound(), fleet.latency(), fleet.slo(), fleet.source());
        ScalingPolicy warmer = policy instanceof TargetTrackingPolicy tt ? tt.withWarmup(tt.warmupSeconds() / 2)
                : policy instanceof org.lmsharness.autoscale.policy.StepScalingPolicy step ? step.withWarmup(step.warmupSeconds() / 2) : policy;
        advice.add(new Advice(String.format(Locale.ROOT, "a faster boot: %s s instead of %s (a smaller image, class data sharing, a lighter start)",
                Figures.of(faster.bootSeconds()), Figures.of(fleet.bootSeconds())), warmer.describe(),
                new Replayer(faster).replay(trace, warmer, time, startReplicas).summary()));
        return List.copyOf(advice);
    }
}
