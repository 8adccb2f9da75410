package org.lmsharness.reports.run;

import java.util.Map;

/**
 * One measured load level: a constant arrival rate held for warm-up plus window, of which only the
 * window counts. Its figures come in groups a reader can hold apart: what was sent and answered,
 * how long answers took, what CPU the step used, and the verdict.
 *
 * @param index      position in the whole run, from 1
 * @param replicas   replicas behind the edge during the step
 * @param phase      calibrate, bracket, bisect or repeat
 * @param throughput what was offered and what came back in the window
 * @param client     response times seen by the load generator, failures included
 * @param edge       response times seen by the edge (its access log), null without one of ours
 * @param cpu        cores used over the window, by part
 * @param verdict    PASS, FAIL or INVALID, and why
 * @param window     the measured window, epoch ms
 */
public record Step(int index, int replicas, String phase, Throughput throughput, Latency client, Latency edge, Cpu cpu,
                   Verdict verdict, Window window) {

    public enum Outcome { PASS, FAIL, INVALID }

    /**
     * @param offeredJourneysPerSecond  arrival rate of new journeys (Gatling users per second)
     * @param offeredRequestsPerSecond  requests sent per second in the window (a journey sends several)
     * @param achievedRequestsPerSecond responses received per second in the window, failed ones included
     * @param okRequestsPerSecond       successful responses per second in the window
     * @param requests                  responses in the window
     * @param failed                    failed responses in the window
     * @param errors                    failed responses by kind (Gatling's message, numbers stripped)
     * @param meanConcurrency           requests in flight on average (Little's law: throughput × mean response time)
     */
    public record Throughput(double offeredJourneysPerSecond, double offeredRequestsPerSecond, double achievedRequestsPerSecond,
                             double okRequestsPerSecond, long requests, long failed, Map<String, Long> errors, double meanConcurrency) {

        public double errorPercent() {
            return requests == 0 ? 0 : 100.0 * failed / requests;
        }
    }

    /**
     * @param replicas   replica id → cores used over the window
     * @param quotaCores each replica's CPU quota, cores (0: none)
     * @param injector   cores used by the load generator's JVM
     * @param edge       cores used by the edge (0 without one of ours)
     * @param database   cores used by the database server processes (0 when not ours)
     * @param hostBusy   fraction of all host cores busy, 0..1
     * @param compiling  replica id → cores its JIT compiler threads used over the window, part of {@code replicas}
     *                   (empty in runs recorded before it was measured)
     */
    public record Cpu(Map<String, Double> replicas, double quotaCores, double injector, double edge, double database, double hostBusy,
                      Map<String, Double> compiling) {

        public Cpu {
            compiling = compiling == null ? Map.of() : compiling;
        }

        public Cpu(Map<String, Double> replicas, double quotaCores, double injector, double edge, double database, double hostBusy) {
            this(replicas, quotaCores, injector, edge, database, hostBusy, Map.of());
        }

        /** Mean cores per replica its JIT compiler used: a replica still compiling costs more per request than it will. */
        public double compilingPerReplica() {
            return compiling.isEmpty() ? 0 : compiling.values().stream().mapToDouble(Double::doubleValue).sum() / compiling.size();
        }

        /** Mean CPU per replica, cores. */
        public double perReplica() {
            return replicas.isEmpty() ? 0 : replicas.values().stream().mapToDouble(Double::doubleValue).sum() / replicas.size();
        }
    }

    /**
     * @param outcome PASS (SLO met, steady), FAIL (SLO broken or not steady), INVALID (harness saturated)
     * @param reason  why, in words
     * @param steady  throughput and latency held level across the window (no trend)
     */
    public record Verdict(Outcome outcome, String reason, boolean steady) {}

    /** The measured window, epoch ms. */
    public record Window(long startMillis, long endMillis) {}

    public Outcome outcome() {
        return verdict.outcome();
    }

    public double offeredJourneysPerSecond() {
        return throughput.offeredJourneysPerSecond();
    }

    public double errorPercent() {
        return throughput.errorPercent();
    }
}
