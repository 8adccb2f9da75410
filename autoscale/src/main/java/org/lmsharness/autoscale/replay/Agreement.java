package org.lmsharness.autoscale.replay;

import java.util.List;
import java.util.OptionalLong;
import org.lmsharness.autoscale.policy.Decision;

/**
 * How closely the replayer's model follows a real loop over the same load, window by window: the error in the replica count
 * and whether each window's SLO verdict is the same. What the model's replays are worth rests on these figures.
 *
 * @param windows             windows compared (the shorter of the two)
 * @param meanReplicaError    mean |model − real| of the desired capacity at the windows' ends
 * @param maxReplicaError     the largest such difference
 * @param verdictAgreement    share of windows with the same SLO verdict, 0..1
 * @param firstScaleOutSeconds model's first scale-out minus the real one's, seconds; null when either has none
 * @param realScaleOuts       scale-outs of the real loop
 * @param modelScaleOuts      scale-outs of the model
 */
public record Agreement(int windows, double meanReplicaError, int maxReplicaError, double verdictAgreement, Double firstScaleOutSeconds,
                        int realScaleOuts, int modelScaleOuts) {

    public static Agreement of(Replay real, Replay model) {
        int n = Math.min(real.windows().size(), model.windows().size());
        if (n == 0) throw new IllegalArgumentException("no window to compare");
        double sum = 0;
        int max = 0;
        int same = 0;
        for (int i = 0; i < n; i++) {
            Replay.Window r = real.windows().get(i);
            Replay.Window m = model.windows().get(i);
            int error = Math.abs(m.desired() - r.desired());
            sum += error;
            max = Math.max(max, error);
            if (r.sloKept() == m.sloKept()) same++;
        }
        OptionalLong realFirst = firstScaleOut(real.events());
        OptionalLong modelFirst = firstScaleOut(model.events());
        Double delta = realFirst.isPresent() && modelFirst.isPresent() ? (modelFirst.getAsLong() - realFirst.getAsLong()) / 1000.0 : null;
        return new Agreement(n, sum / n, max, (double) same / n, delta, scaleOuts(real.events()), scaleOuts(model.events()));
    }

    private static OptionalLong firstScaleOut(List<Decision> events) {
        return events.stream().filter(e -> e.to() > e.from()).mapToLong(Decision::at).min();
    }

    private static int scaleOuts(List<Decision> events) {
        return (int) events.stream().filter(e -> e.to() > e.from()).count();
    }
}
