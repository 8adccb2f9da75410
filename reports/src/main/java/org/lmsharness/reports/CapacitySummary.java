package org.lmsharness.reports;

import java.util.List;
import org.lmsharness.reports.model.CapacityModel;
import org.lmsharness.reports.model.ForkedCapacity;
import org.lmsharness.reports.model.ProductionModel;
import org.lmsharness.reports.model.ServiceDemand;
import org.lmsharness.reports.model.Usl;
import org.lmsharness.reports.run.CapacityRun;
import org.lmsharness.reports.run.Conditions;
import org.lmsharness.reports.run.Drift;
import org.lmsharness.reports.run.ReplicaSearch;
import org.lmsharness.reports.run.Slo;
import org.lmsharness.reports.run.Spread;
import org.lmsharness.reports.thresholds.Thresholds;

/**
 * capacity.json: the run's answer for machines (a CI gate, a dashboard). A figure that does not
 * exist (no fit, no capacity) is null, never NaN.
 *
 * @param schema          {@value #SCHEMA}
 * @param capacities      one per replica count searched, in ascending count
 * @param thresholds      the derived thresholds and the files written for them; null when not derived
 * @param thresholdsError why they were not derived; null when they were
 */
public record CapacitySummary(String schema, Conditions conditions, Slo slo, List<Count> capacities, Model model,
                             DerivedThresholds thresholds, String thresholdsError, List<Double> readySeconds, double wallSeconds,
                             List<String> warnings) {

    public static final String SCHEMA = "lms-harness/capacity/1";

    /**
     * What the search for one replica count found.
     *
     * @param requestsPerSecond achieved req/s at the capacity point over the repeats; null with no capacity
     * @param verdict           how the search ended, in words
     * @param reliable          a capacity was found and the target did not drift during the search (see drift)
     * @param drift             the lowest passing rate measured again after the search; null when not rechecked
     */
    public record Count(int replicas, boolean found, Double journeysPerSecond, Double failingJourneysPerSecond,
                        Spread requestsPerSecond, Spread p95Millis, Spread p99Millis, Spread cpuPerReplica,
                        Spread meanConcurrency, String verdict, boolean reliable, Drift drift) {

        static Count of(ReplicaSearch search) {
            ReplicaSearch.Capacity c = search.capacity();
            if (c == null) return new Count(search.replicas(), false, null, null, null, null, null, null, null, search.verdict(), false, search.drift());
            return new Count(search.replicas(), true, c.journeysPerSecond(), c.failingJourneysPerSecond(), c.requestsPerSecond(),
                    c.p95Millis(), c.p99Millis(), c.cpuPerReplica(), c.meanConcurrency(), search.verdict(), search.reliable(), search.drift());
        }
    }

    /**
     * @param perReplicaRequestsPerSecond what one replica sustains within the SLO, req/s (median of the repeats)
     * @param perReplica                  USL of one replica's req/s against requests in flight
     * @param scaleOut                    USL of capacity (req/s) against replica count
     * @param prediction                  the largest count predicted from the smaller ones, with the error
     * @param oneReplica                  one replica's capacity on each JVM searched (forks), the median, the interval and the spreads
     * @param serviceDemand               CPU per request and idle cost of each part, from the one-replica steps
     * @param production                  scale-out with each replica on its own instance, bounded by the database; beside it the
     *                                    counts measured together on this host, with their interference factor
     */
    public record Model(Double perReplicaRequestsPerSecond, ForkedCapacity oneReplica, Fit perReplica, Fit scaleOut, CapacityModel.Prediction prediction,
                        List<ServiceDemand> serviceDemand, ProductionModel production, List<String> notes) {}

    /**
     * One USL fit, X(N) = λN / (1 + σ(N − 1) + κN(N − 1)).
     *
     * @param n                       what N counts: "requests in flight" or "replicas"
     * @param lambda                  req/s of N = 1 without contention
     * @param peakN                   N at the peak; null when κ = 0 (throughput only levels off)
     * @param peakRequestsPerSecond   the highest throughput the law allows; null when unbounded
     * @param kneeN                   where more N stops buying much throughput; null when unbounded
     * @param kneeRequestsPerSecond   throughput at the knee
     */
    public record Fit(String n, double lambda, double sigma, double kappa, double rSquared, int points, Double peakN,
                      Double peakRequestsPerSecond, Double kneeN, Double kneeRequestsPerSecond) {

        static Fit of(Usl usl, String n) {
            if (usl == null) return null;
            return new Fit(n, usl.lambda(), usl.sigma(), usl.kappa(), usl.rSquared(), usl.points(), finite(usl.peakN()),
                    finite(usl.peakThroughput()), finite(usl.kneeN()), finite(usl.throughputAt(usl.kneeN())));
        }
    }

    /** @param files the files written, relative to the run folder */
    public record DerivedThresholds(Thresholds values, List<String> files) {}

    static CapacitySummary of(CapacityRun run, CapacityModel model, Thresholds thresholds, List<String> files, String thresholdsError) {
        Model summary = new Model(finite(model.perReplicaCapacity()), model.forked(), Fit.of(model.perReplica(), "requests in flight"),
                Fit.of(model.scaleOut(), "replicas on this host"), model.prediction(), model.demands(), model.production(), model.notes());
        return new CapacitySummary(SCHEMA, run.conditions(), run.slo(), run.searches().stream().map(Count::of).toList(), summary,
                thresholds == null ? null : new DerivedThresholds(thresholds, files), thresholdsError, run.readySeconds(),
                run.wallSeconds(), run.warnings());
    }

    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }
}
