package org.lmsharness.reports.model;

import java.util.ArrayList;
import java.util.List;
import org.lmsharness.reports.run.CapacityRun;
import org.lmsharness.reports.run.Step;

/**
 * What the measurements say about scaling, computed from a run alone.
 *
 * @param perReplica          USL of one replica's throughput (req/s) against requests in flight, from every valid one-replica step; null with fewer than 3 such steps
 * @param perReplicaPoints    the points it was fitted to (concurrency by Little's law, achieved req/s)
 * @param perReplicaCapacity  requests per second one replica sustains within the SLO (median over the forks of each one's repeats); NaN when not found
 * @param forked              one replica's capacity on each JVM it was searched on, with the interval; null when not found
 * @param scaleOut            USL of capacity (req/s within the SLO) against replica count; null with fewer than 2 counts
 * @param scaleOutPoints      the counts and capacities it was fitted to
 * @param prediction          the largest count predicted from the smaller ones, with the error; null with fewer than 3 counts
 * @param demands             CPU per request of each part (replica, database, edge, load generator), and its idle cost
 * @param production          scale-out with each replica on its own instance, bounded by the database; null without a one-replica capacity
 * @param notes               how each fit was made and what limits it
 */
public record CapacityModel(Usl perReplica, List<Usl.Point> perReplicaPoints, double perReplicaCapacity, ForkedCapacity forked, Usl scaleOut,
                            List<Usl.Point> scaleOutPoints, Prediction prediction, List<ServiceDemand> demands,
                            ProductionModel production, List<String> notes) {

    /** The database instance planned for when none is given: a common general-purpose size. */
    public static final double DEFAULT_DATABASE_CORES = 2;

    /**
     * @param replicas  the count predicted
     * @param predicted req/s the fit of the smaller counts predicts for it
     * @param measured  req/s measured at it
     * @param errorPercent (predicted − measured) / measured, in percent
     * @param method    which law and which points
     */
    public record Prediction(int replicas, double predicted, double measured, double errorPercent, String method) {}

    public static CapacityModel of(CapacityRun run) {
        return of(run, DEFAULT_DATABASE_CORES);
    }

    /** @param databaseCores the database instance the production model plans for, cores */
    public static CapacityModel of(CapacityRun run, double databaseCores) {
        List<String> notes = new ArrayList<>();

        List<Usl.Point> concurrency = run.searches().stream().filter(search -> search.replicas() == 1)
                .flatMap(search -> search.steps().stream())
                .filter(step -> step.outcome() != Step.Outcome.INVALID && step.throughput().requests() > 0)
                .map(step -> new Usl.Point(step.throughput().meanConcurrency(), step.throughput().achievedRequestsPerSecond()))
                .toList();
        Usl perReplica = null;
        if (concurrency.size() >= 3) {
            perReplica = Usl.fit(concurrency);
            notes.add("One replica: USL fitted to " + concurrency.size() + " valid steps, concurrency from Little's law (throughput × mean response time).");
        } else {
            notes.add("One replica: " + concurrency.size() + " valid steps, too few for a USL fit (3 needed).");
        }

        ForkedCapacity forked = ForkedCapacity.of(run);
        double single = forked == null ? Double.NaN : forked.medianRequestsPerSecond();
        List<Usl.Point> counts = new ArrayList<>();
        if (forked != null) counts.add(new Usl.Point(1, single));
        run.searches().stream().filter(search -> search.replicas() > 1 && search.capacity() != null)
                .forEach(search -> counts.add(new Usl.Point(search.replicas(), search.capacity().requestsPerSecond().median())));
        if (forked != null && forked.forks().size() > 1) {
            notes.add(String.format("One replica: searched on %d JVMs (forks); capacity the median of their medians, between-fork spread %.1f %%, within-fork %.1f %%.",
                    forked.forks().size(), forked.betweenForkPercent(), forked.withinForkPercent()));
        }
        Usl scaleOut = null;
        if (counts.size() >= 4) {
            scaleOut = Usl.fit(counts);
            notes.add("Scale-out on this host: USL fitted to " + counts.size() + " replica counts sharing its cores.");
        } else if (counts.size() >= 2 && !Double.isNaN(single)) {
            scaleOut = Usl.amdahl(single, counts);
            notes.add("Scale-out on this host: " + counts.size() + " replica counts measured, too few to fit σ and κ apart; λ is the one-replica capacity and κ = 0 (Amdahl), σ from the largest count.");
        } else {
            notes.add("Scale-out on this host: fewer than 2 replica counts with a capacity, no fit.");
        }

        Prediction prediction = predictLargest(counts, single, notes);
        List<ServiceDemand> demands = ServiceDemand.of(run, notes);
        ProductionModel production = ProductionModel.of(run, forked, demands, databaseCores, notes);
        return new CapacityModel(perReplica, concurrency, single, forked, scaleOut, List.copyOf(counts), prediction, demands, production, notes);
    }

    /** Fits the counts below the largest and compares the prediction with the measurement. */
    private static Prediction predictLargest(List<Usl.Point> counts, double single, List<String> notes) {
        if (counts.size() < 3 || Double.isNaN(single)) return null;
        Usl.Point largest = counts.get(counts.size() - 1);
        List<Usl.Point> others = counts.subList(0, counts.size() - 1);
        Usl fit;
        String method;
        if (others.size() >= 4) {
            fit = Usl.fit(others);
            method = "USL fitted to " + others.size() + " smaller counts";
        } else {
            fit = Usl.amdahl(single, others);
            method = "Amdahl (κ = 0) from counts " + others.stream().map(p -> Integer.toString((int) p.n())).toList();
        }
        double predicted = fit.throughputAt(largest.n());
        double error = 100 * (predicted - largest.x()) / largest.x();
        notes.add(String.format("Prediction check: %d replicas predicted at %.1f req/s by %s, measured %.1f (error %+.1f %%).",
                (int) largest.n(), predicted, method, largest.x(), error));
        return new Prediction((int) largest.n(), predicted, largest.x(), error, method);
    }
}
