package org.lmsharness.reports.run;

import java.util.List;

/**
 * The search for the highest arrival rate {@code replicas} replicas sustain within the SLO.
 *
 * @param replicas how many replicas were behind the edge
 * @param steps    every step measured for this count, in order
 * @param capacity what the search found; null when no valid bound was found
 * @param verdict  how the search ended, in words (found, no passing step, harness saturated…)
 * @param drift    the lowest passing rate measured again after the search, against its first measurement; null when not rechecked
 * @param fork     which of the JVMs booted a one-replica search measured (1, 2, 3 …; as JMH's forks): each
 *                 JVM compiles its own way, so one replica is searched on several; 0 in runs recorded before forks (one JVM)
 * @param replica  the replica (JVM) a one-replica search measured; null for several replicas, or in older runs
 */
public record ReplicaSearch(int replicas, List<Step> steps, Capacity capacity, String verdict, Drift drift, int fork, String replica) {

    public ReplicaSearch(int replicas, List<Step> steps, Capacity capacity, String verdict) {
        this(replicas, steps, capacity, verdict, null, 0, null);
    }

    public ReplicaSearch(int replicas, List<Step> steps, Capacity capacity, String verdict, Drift drift) {
        this(replicas, steps, capacity, verdict, drift, 0, null);
    }

    /** The same search, as fork {@code fork} on {@code replica}. */
    public ReplicaSearch asFork(int fork, String replica) {
        return new ReplicaSearch(replicas, steps, capacity, verdict, drift, fork, replica);
    }

    /** A capacity measured on a target that drifted during the search depends on when it was measured. */
    public boolean reliable() {
        return capacity != null && (drift == null || !drift.drifted());
    }

    /**
     * @param journeysPerSecond      highest offered arrival rate that passed every repeat
     * @param failingJourneysPerSecond lowest offered rate that failed (the bracket's upper end), null if none failed
     * @param requestsPerSecond      achieved requests per second at that rate, over the repeats
     * @param p95Millis              client p95 at that rate, over the repeats
     * @param p99Millis              client p99 at that rate, over the repeats
     * @param cpuPerReplica          cores per replica at that rate, over the repeats
     * @param meanConcurrency        requests in flight at that rate, over the repeats
     */
    public record Capacity(double journeysPerSecond, Double failingJourneysPerSecond, Spread requestsPerSecond,
                           Spread p95Millis, Spread p99Millis, Spread cpuPerReplica, Spread meanConcurrency) {}
}
