package org.lmsharness.reports.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import org.hipparchus.stat.regression.SimpleRegression;
import org.lmsharness.reports.run.CapacityRun;
import org.lmsharness.reports.run.Spread;
import org.lmsharness.reports.run.Step;

/**
 * What one part of the deployment spends per request, by operational analysis: its utilisation U
 * (cores busy) grows with the throughput X as U = U₀ + D·X (the utilisation law with a background
 * cost), fitted by least squares (Hipparchus). D is the service demand, U₀ what the part spends with
 * no load at all (health checks, pollers, metrics). A replica is fitted over the one-replica search's
 * steps; the shared parts (database, edge, load generator) over every count's, which spans a wider
 * range of X: their demand per request does not depend on how many replicas send it.
 *
 * <p>Only passing steps are used: they are steady, so the arrival rate is the throughput, and none
 * of them is pinned at the quota, where U stops following X.
 *
 * @param component            replica, database, edge or load generator
 * @param idleCores            U₀, cores busy at no load (the fit's intercept, never below 0)
 * @param idleStdErrCores      the intercept's standard error: how far to trust U₀ from so few steps; null when U₀ was not fitted
 * @param coreMillisPerRequest D, milliseconds of one core per request (the fit's slope)
 * @param coreMillisPerJourney D times the requests one journey sends (as offered in those steps)
 * @param rSquared             how well the line fits the steps; null when no line was fitted
 * @param steps                how many steps the fit used
 */
public record ServiceDemand(String component, double idleCores, Double idleStdErrCores, double coreMillisPerRequest,
                            double coreMillisPerJourney, Double rSquared, int steps) {

    public static final String REPLICA = "replica";
    public static final String DATABASE = "database";
    public static final String EDGE = "edge";
    public static final String LOAD_GENERATOR = "load generator";

    /** Fewer steps than this give no fit: two points always lie on a line. */
    static final int MIN_STEPS = 3;

    /** The busy cores at a throughput of {@code requestsPerSecond}. */
    public double coresAt(double requestsPerSecond) {
        return idleCores + coreMillisPerRequest / 1000 * requestsPerSecond;
    }

    /**
     * The requests per second at which this part would have {@code cores} fully busy: the bottleneck
     * law's bound, (cores − U₀) / D.
     */
    public double boundAt(double cores) {
        return coreMillisPerRequest <= 0 ? Double.POSITIVE_INFINITY : Math.max(0, cores - idleCores) / (coreMillisPerRequest / 1000);
    }

    /** The part named {@code component}, when it was measured. */
    public static Optional<ServiceDemand> find(List<ServiceDemand> demands, String component) {
        return demands.stream().filter(d -> d.component().equals(component)).findFirst();
    }

    /**
     * Every part with CPU figures, from the one-replica search; empty when there is no such search or
     * fewer than {@value #MIN_STEPS} passing steps (or a part was never measured: an external target has no CPU figures).
     */
    public static List<ServiceDemand> of(CapacityRun run, List<String> notes) {
        List<Step> shared = run.searches().stream().flatMap(search -> search.steps().stream())
                .filter(step -> step.outcome() == Step.Outcome.PASS && step.throughput().achievedRequestsPerSecond() > 0).toList();
        List<Step> passing = shared.stream().filter(step -> step.replicas() == 1).toList();
        if (passing.size() < MIN_STEPS) {
            notes.add("Service demand: " + passing.size() + " passing one-replica steps, too few for a fit (" + MIN_STEPS + " needed).");
            return List.of();
        }
        double requestsPerJourney = Spread.of(passing.stream().filter(step -> step.offeredJourneysPerSecond() > 0)
                .map(step -> step.throughput().offeredRequestsPerSecond() / step.offeredJourneysPerSecond()).toList()).median();
        List<ServiceDemand> demands = new ArrayList<>();
        fit(REPLICA, passing, step -> step.cpu().perReplica(), requestsPerJourney).ifPresent(demands::add);
        fit(DATABASE, shared, step -> step.cpu().database(), requestsPerJourney).ifPresent(demands::add);
        fit(EDGE, shared, step -> step.cpu().edge(), requestsPerJourney).ifPresent(demands::add);
        fit(LOAD_GENERATOR, shared, step -> step.cpu().injector(), requestsPerJourney).ifPresent(demands::add);
        notes.add(String.format("Service demand: U = U₀ + D·X fitted by least squares (X achieved req/s, U cores), a replica over %d passing"
                + " one-replica steps, the database, the edge and the load generator over the %d passing steps of every count; %.2f requests per journey.",
                passing.size(), shared.size(), requestsPerJourney));
        return List.copyOf(demands);
    }

    private static Optional<ServiceDemand> fit(String component, List<Step> steps, ToDoubleFunction<Step> cores,
                                                         double requestsPerJourney) {
        if (steps.stream().allMatch(step -> cores.applyAsDouble(step) <= 0)) return Optional.empty();
        SimpleRegression regression = new SimpleRegression();
        steps.forEach(step -> regression.addData(step.throughput().achievedRequestsPerSecond(), cores.applyAsDouble(step)));
        double slope = regression.getSlope();
        double intercept = regression.getIntercept();
        if (!(slope > 0)) {
            // The load did not show in this part's CPU (all steps at about one rate, or noise larger
            // than the signal): the mean demand per request, with no background cost, is the honest figure.
            double meanPerRequest = steps.stream().mapToDouble(step -> cores.applyAsDouble(step) / step.throughput().achievedRequestsPerSecond())
                    .average().orElse(0);
            return Optional.of(new ServiceDemand(component, 0, null, 1000 * meanPerRequest,
                    1000 * meanPerRequest * requestsPerJourney, null, steps.size()));
        }
        if (intercept < 0) {
            // A negative background cost is noise: the line through the origin is the model then.
            SimpleRegression throughOrigin = new SimpleRegression(false);
            steps.forEach(step -> throughOrigin.addData(step.throughput().achievedRequestsPerSecond(), cores.applyAsDouble(step)));
            return Optional.of(new ServiceDemand(component, 0, null, 1000 * throughOrigin.getSlope(),
                    1000 * throughOrigin.getSlope() * requestsPerJourney, rSquared(steps, cores, 0, throughOrigin.getSlope()), steps.size()));
        }
        return Optional.of(new ServiceDemand(component, intercept, regression.getInterceptStdErr(), 1000 * slope,
                1000 * slope * requestsPerJourney, regression.getRSquare(), steps.size()));
    }

    /** R² of the line U = intercept + slope·X over the steps (Hipparchus's is relative to the mean only with an intercept). */
    private static double rSquared(List<Step> steps, ToDoubleFunction<Step> cores, double intercept, double slope) {
        double mean = steps.stream().mapToDouble(cores).average().orElse(0);
        double residual = 0;
        double total = 0;
        for (Step step : steps) {
            double u = cores.applyAsDouble(step);
            residual += Math.pow(u - intercept - slope * step.throughput().achievedRequestsPerSecond(), 2);
            total += Math.pow(u - mean, 2);
        }
        return total == 0 ? 1 : 1 - residual / total;
    }
}
