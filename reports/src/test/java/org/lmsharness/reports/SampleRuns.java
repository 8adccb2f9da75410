package org.lmsharness.reports;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.lmsharness.reports.model.Usl;
import org.lmsharness.reports.run.CapacityRun;
import org.lmsharness.reports.run.Conditions;
import org.lmsharness.reports.run.Latency;
import org.lmsharness.reports.run.ReplicaSearch;
import org.lmsharness.reports.run.Slo;
import org.lmsharness.reports.run.Spread;
import org.lmsharness.reports.run.Step;

/**
 * Test fixtures only: runs shaped like a real capacity run, generated from a known USL so that a
 * fit can be checked against the parameters it should recover. Never used outside tests.
 */
public final class SampleRuns {

    public static final Usl TRUE_PER_REPLICA = new Usl(80, 0.08, 0.002, 1, 0);
    public static final double REQUESTS_PER_JOURNEY = 4.85;
    /** CPU follows the utilisation law with a background cost, U = U₀ + D·X, as measured (the fit must recover these). */
    public static final double REPLICA_IDLE_CORES = 0.03;
    public static final double REPLICA_CORES_PER_REQUEST = 0.0075;
    public static final double DATABASE_IDLE_CORES = 0.004;
    public static final double DATABASE_CORES_PER_REQUEST = 0.0005;

    private SampleRuns() {}

    /** Searches for 1, 2 and 3 replicas of 0.5 core each, each with seven steps, the capacity repeated three times. */
    public static CapacityRun threeCounts() {
        return threeCounts(60, 112, 150);
    }

    /** The same shape with the given capacities (requests per second) for 1, 2, 3 … replicas. */
    public static CapacityRun threeCounts(double... capacityPerCount) {
        Random random = new Random(42);
        List<ReplicaSearch> searches = new ArrayList<>();
        int index = 1;
        for (int replicas = 1; replicas <= capacityPerCount.length; replicas++) {
            List<Step> steps = new ArrayList<>();
            double capacity = capacityPerCount[replicas - 1];
            double[] fractions = {0.3, 0.6, 1.2, 0.9, 1.05, 0.97, 0.97, 0.97};
            String[] phases = {"calibrate", "bracket", "bracket", "bisect", "bisect", "bisect", "repeat", "repeat"};
            for (int i = 0; i < fractions.length; i++) {
                double offered = capacity * fractions[i];
                boolean pass = fractions[i] < 1;
                double concurrency = replicas == 1 ? concurrencyFor(offered) : offered * 0.02;
                double achieved = Math.min(offered, capacity * 1.02) * (1 + 0.01 * random.nextGaussian());
                double p95 = pass ? 40 + 300 * fractions[i] * fractions[i] : 900 + 500 * fractions[i];
                long windowStart = 1_700_000_000_000L + index * 15_000L;
                steps.add(new Step(index++, replicas, phases[i],
                        new Step.Throughput(offered / REQUESTS_PER_JOURNEY, offered, achieved, achieved * (pass ? 1 : 0.97), Math.round(achieved * 10),
                                pass ? 0 : Math.round(achieved * 0.3), pass ? Map.of() : Map.of("status 503", Math.round(achieved * 0.3)), concurrency),
                        new Latency(p95 / 3, p95, p95 * 1.4, p95 * 2, p95 / 2.5), new Latency(p95 / 3.2, p95 * 0.95, p95 * 1.3, p95 * 1.9, p95 / 2.7),
                        new Step.Cpu(cpu(replicas, Math.min(0.5, REPLICA_IDLE_CORES + REPLICA_CORES_PER_REQUEST * achieved / replicas)), 0.5,
                                0.001 + 0.0008 * achieved, 0.002 + 0.0002 * achieved, DATABASE_IDLE_CORES + DATABASE_CORES_PER_REQUEST * achieved,
                                0.2 + 0.25 * replicas * Math.min(1, fractions[i])),
                        new Step.Verdict(pass ? Step.Outcome.PASS : Step.Outcome.FAIL, pass ? "within the SLO" : "p95 above 500 ms", true),
                        new Step.Window(windowStart, windowStart + 10_000)));
            }
            List<Step> atCapacity = steps.subList(5, 8);
            searches.add(new ReplicaSearch(replicas, steps, new ReplicaSearch.Capacity(capacity * 0.97 / REQUESTS_PER_JOURNEY, capacity * 1.05 / REQUESTS_PER_JOURNEY,
                    Spread.of(atCapacity.stream().map(step -> step.throughput().achievedRequestsPerSecond()).toList()),
                    Spread.of(atCapacity.stream().map(step -> step.client().p95()).toList()),
                    Spread.of(atCapacity.stream().map(step -> step.client().p99()).toList()),
                    Spread.of(atCapacity.stream().map(step -> step.cpu().perReplica()).toList()),
                    Spread.of(atCapacity.stream().map(step -> step.throughput().meanConcurrency()).toList())), "found"));
        }
        Conditions conditions = new Conditions("capacity", "local", "capacity", 0.5, 768, "-Xmx384m -XX:+UseSerialGC", "OpenJDK Runtime Environment 17.0.15 (Debian)", "S",
                "org.lmsharness.simulations.LmsSimulation", "browse:60,student:30,enrolAndPay:5,instructor:5", 2, "test CPU", "17.0.15",
                "0000000", "2026-11-23T06:00:00Z", 5, 10, 3, 3, "test fixture", List.of(1, 2, 3));
        return new CapacityRun(conditions, new Slo(500, 1000, 1), searches, List.of(14.2, 15.1), 420, List.of());
    }

    /** Throughput rises along the true USL: find N whose X equals the offered rate (below the peak). */
    private static double concurrencyFor(double throughput) {
        double low = 0;
        double high = TRUE_PER_REPLICA.peakN();
        for (int i = 0; i < 60; i++) {
            double mid = (low + high) / 2;
            if (TRUE_PER_REPLICA.throughputAt(mid) < throughput) low = mid;
            else high = mid;
        }
        return low;
    }

    private static Map<String, Double> cpu(int replicas, double each) {
        Map<String, Double> cpu = new java.util.LinkedHashMap<>();
        for (int i = 1; i <= replicas; i++) cpu.put("replica-" + i, each);
        return cpu;
    }
}
