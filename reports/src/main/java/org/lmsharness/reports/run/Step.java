package org.lmsharness.reports.run;

import java.util.Map;

/**
 * One measured load level: a constant arrival rate held for warm-up plus window, of which only the
 * window counts.
 *
 * @param index                  position in the whole run, from 1
 * @param replicas               replicas behind the edge during the step
 * @param phase                  calibrate, bracket, bisect or repeat
 * @param offeredJourneysPerSecond arrival rate of new journeys (Gatling users per second)
 * @param offeredRequestsPerSecond requests sent per second in the window (a journey sends several)
 * @param achievedRequestsPerSecond responses received per second in the window, failed ones included
 * @param okRequestsPerSecond    successful responses per second in the window
 * @param requests               responses in the window
 * @param failed                 failed responses in the window
 * @param errors                 failed responses by kind (Gatling's message, numbers stripped)
 * @param client                 response times seen by the load generator, failures included
 * @param edge                   response times seen by the edge (its access log), null without one of ours
 * @param meanConcurrency        requests in flight on average (Little's law: throughput × mean response time)
 * @param replicaCpu             replica id → cores used over the window
 * @param quotaCores             each replica's CPU quota, cores (0: none)
 * @param injectorCpu            cores used by the load generator's JVM
 * @param edgeCpu                cores used by the edge (0 without one of ours)
 * @param databaseCpu            cores used by the database server processes (0 when not ours)
 * @param hostBusy               fraction of all host cores busy, 0..1
 * @param steady                 throughput and latency held level across the window (no trend)
 * @param outcome                PASS (SLO met, steady), FAIL (SLO broken or not steady), INVALID (harness saturated)
 * @param reason                 why, in words
 * @param windowStartMillis      epoch ms, start of the measured window
 * @param windowEndMillis        epoch ms, end of the measured window
 */
public record Step(int index, int replicas, String phase, double offeredJourneysPerSecond, double offeredRequestsPerSecond,
                   double achievedRequestsPerSecond, double okRequestsPerSecond, long requests, long failed,
                   Map<String, Long> errors, Latency client, Latency edge, double meanConcurrency,
                   Map<String, Double> replicaCpu, double quotaCores, double injectorCpu, double edgeCpu, double databaseCpu,
                   double hostBusy, boolean steady, Outcome outcome, String reason, long windowStartMillis, long windowEndMillis) {

    public enum Outcome { PASS, FAIL, INVALID }

    public double errorPercent() {
        return requests == 0 ? 0 : 100.0 * failed / requests;
    }

    /** Mean CPU per replica, cores. */
    public double cpuPerReplica() {
        return replicaCpu.isEmpty() ? 0 : replicaCpu.values().stream().mapToDouble(Double::doubleValue).sum() / replicaCpu.size();
    }
}
