package org.lmsharness.autoscale.replay;

import java.util.List;
import org.lmsharness.autoscale.policy.Decision;

/**
 * A policy over a load, window by window: what the fleet did and whether the SLO held. The same shape for the replayer's model
 * and for the real loop, so that the two compare window by window.
 *
 * @param policy     the policy, in one line
 * @param trace      the load's name
 * @param compression how much the policy's clock was compressed (1: production time)
 * @param windows    one per SLO window (a minute of policy time)
 * @param events     the decisions that changed the desired capacity
 * @param summary    the totals
 */
public record Replay(String policy, String trace, double compression, List<Window> windows, List<Decision> events, Summary summary) {

    /**
     * @param startSeconds   from the scenario's start
     * @param offered        mean offered requests per second
     * @param desired        desired capacity at the window's end
     * @param ready          replicas serving at the window's end
     * @param needed         replicas an oracle that knew the load would have had serving: ⌈peak of the window ÷ C⌉, at least the minimum
     * @param p95Millis      the window's p95
     * @param p99Millis      the window's p99
     * @param errorPercent   requests that failed, percent
     * @param sloKept        p95, p99 and errors within the SLO
     */
    public record Window(double startSeconds, double offered, int desired, int ready, int needed, double p95Millis, double p99Millis,
                         double errorPercent, boolean sloKept) {}

    /**
     * @param windows               windows in all
     * @param windowsViolated       windows where the SLO broke
     * @param violatingMinutes      those windows in minutes of policy time
     * @param replicaMinutes        replicas launched (booting included) times minutes of policy time
     * @param oracleReplicaMinutes  what the oracle used
     * @param scaleOuts             decisions that added capacity
     * @param scaleIns              decisions that removed it
     * @param longestShortSeconds   the longest time, in seconds, that the replicas serving carried more than C each: from overload
     *                              to enough capacity
     * @param maxReplicas           the largest desired capacity
     */
    public record Summary(int windows, int windowsViolated, double violatingMinutes, double replicaMinutes, double oracleReplicaMinutes,
                          int scaleOuts, int scaleIns, double longestShortSeconds, int maxReplicas) {

        /**
         * The totals of a run cut into windows: the windows broken, in minutes of policy time, the scale-outs and -ins among
         * the events; the replica-minutes and the oracle's come in ms of replicas.
         */
        public static Summary of(List<Window> windows, List<Decision> events, long windowMillis, double minuteMillis, double replicaMillis,
                                 double oracleMillis, double longestShortSeconds, int maxReplicas) {
            int violated = (int) windows.stream().filter(w -> !w.sloKept()).count();
            int outs = (int) events.stream().filter(e -> e.to() > e.from()).count();
            return new Summary(windows.size(), violated, violated * windowMillis / minuteMillis, replicaMillis / minuteMillis, oracleMillis / minuteMillis,
                    outs, events.size() - outs, longestShortSeconds, maxReplicas);
        }

        public boolean sloKept() {
            return windowsViolated == 0;
        }

        /** Replica-minutes over the oracle's: what not knowing the future costs. */
        public double costOverOracle() {
            return oracleReplicaMinutes <= 0 ? Double.NaN : replicaMinutes / oracleReplicaMinutes;
        }
    }
}
