package org.lmsharness.autoscale.replay;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.lmsharness.common.Figures;
import org.lmsharness.reports.model.CapacityModel;
import org.lmsharness.reports.model.ProductionModel;
import org.lmsharness.reports.model.ServiceDemand;
import org.lmsharness.reports.run.CapacityRun;
import org.lmsharness.reports.run.ReplicaSearch;
import org.lmsharness.reports.run.Slo;
import org.lmsharness.reports.run.Spread;
import org.lmsharness.reports.run.Step;

/**
 * The fleet as the capacity report's production model describes it, for the replayer: each replica on its own instance carries
 * C within the SLO and saturates at X, costs U₀ + D·r of CPU, takes the measured time to boot, and all of them share a
 * database that saturates at X_db. Latency at a load comes from the one-replica steps measured.
 *
 * @param capacity       C, requests per second one replica carries within the SLO (the forks' median)
 * @param capacityLow    the low end of C's interval
 * @param capacityHigh   the high end of C's interval
 * @param saturation     X, requests per second at which a replica's CPU quota is used up ((quota − U₀) ÷ D), at least C
 * @param idleCores      U₀, a replica's CPU at no load
 * @param coreMillisPerRequest D, a replica's CPU per request
 * @param quotaCores     a replica's CPU quota (0: unknown; CPU is then not modelled)
 * @param bootSeconds    from "add a replica" to its first request served: the median of the run's measured boots
 * @param databaseBound  X_db, requests per second at which the database saturates; null when unknown
 * @param latency        p95 and p99 against one replica's load, from the steps
 * @param slo            the SLO the run was measured against
 * @param source         the run, in one line
 */
public record FleetModel(double capacity, double capacityLow, double capacityHigh, double saturation, double idleCores, double coreMillisPerRequest,
                         double quotaCores, double bootSeconds, Double databaseBound, List<LatencyPoint> latency, Slo slo, String source) {

    /** A boot when the run measured none: a JVM service's start plus health checks. */
    static final double DEFAULT_BOOT_SECONDS = 60;

    /** Client latency at a load on one replica: the median over the steps measured at about that rate. */
    public record LatencyPoint(double requestsPerSecond, double p95Millis, double p99Millis) {}

    public static FleetModel of(CapacityRun run, CapacityModel model) {
        ProductionModel production = model.production();
        if (production == null || model.forked() == null)
            throw new IllegalArgumentException("the run found no capacity for one replica: there is no fleet to model");
        double c = production.perReplicaRequestsPerSecond();
        ServiceDemand replica = ServiceDemand.find(model.demands(), ServiceDemand.REPLICA).orElse(null);
        double quota = production.quotaCores();
        double saturation = production.replicaBoundRequestsPerSecond() != null ? Math.max(c, production.replicaBoundRequestsPerSecond())
                : Math.max(c, model.forked().highRequestsPerSecond());
        Spread ready = Spread.of(run.readySeconds());
        double boot = ready.count() > 0 ? ready.median() : DEFAULT_BOOT_SECONDS;
        var c0 = run.conditions();
        String source = String.format(Locale.ROOT, "capacity run of %s (%s) started %s, commit %s", c0.target(), c0.backend(), c0.startedAt(), c0.commit());
        return new FleetModel(c, model.forked().lowRequestsPerSecond(), model.forked().highRequestsPerSecond(), saturation,
                replica == null ? 0 : replica.idleCores(), replica == null ? 0 : replica.coreMillisPerRequest(), quota, boot,
                production.databaseBoundRequestsPerSecond(), latencyCurve(run), run.slo(), source);
    }

    /**
     * One replica's steps that passed, sorted by achieved rate and made non-decreasing: latency that falls as load rises is noise
     * between repeats, not something to plan on. Not the steps that failed: a saturated replica achieves less than it was
     * offered, so a failed step's latency belongs to a higher load than its achieved rate; placed there, one (60.9 req/s
     * achieved, p95 2.6 s) put the model's p95 at the SLO from 40 of 69 req/s on, where the live loop measured 70–270 ms.
     */
    static List<LatencyPoint> latencyCurve(CapacityRun run) {
        List<LatencyPoint> points = new ArrayList<>();
        for (ReplicaSearch search : run.searches()) {
            if (search.replicas() != 1) continue;
            for (Step step : search.steps()) {
                if (step.verdict().outcome() != Step.Outcome.PASS || step.client() == null) continue;
                points.add(new LatencyPoint(step.throughput().achievedRequestsPerSecond(), step.client().p95(), step.client().p99()));
            }
        }
        points.sort(Comparator.comparingDouble(LatencyPoint::requestsPerSecond));
        List<LatencyPoint> monotone = new ArrayList<>();
        double p95 = 0;
        double p99 = 0;
        for (LatencyPoint p : points) {
            p95 = Math.max(p95, p.p95Millis());
            p99 = Math.max(p99, p.p99Millis());
            monotone.add(new LatencyPoint(p.requestsPerSecond(), p95, p99));
        }
        return List.copyOf(monotone);
    }

    /**
     * p95 and p99 at {@code perReplica} requests per second on each replica, interpolated between the steps. Up to C they
     * follow the steps, held within the SLO (C is by definition where it held); beyond C no step is trusted to pass, so the
     * latency is at least just past the SLO, and grows with the load beyond the last step measured.
     */
    public double[] latencyAt(double perReplica) {
        double p95;
        double p99;
        if (latency.isEmpty()) {
            p95 = slo.p95Millis() * Math.min(1, perReplica / capacity);
            p99 = slo.p99Millis() * Math.min(1, perReplica / capacity);
        } else {
            p95 = interpolate(perReplica, true);
            p99 = interpolate(perReplica, false);
        }
        if (perReplica <= capacity) return new double[] {Math.min(p95, slo.p95Millis()), Math.min(p99, slo.p99Millis())};
        double over = perReplica / capacity;
        return new double[] {Math.max(p95, slo.p95Millis() * over * 1.01), Math.max(p99, slo.p99Millis() * over * 1.01)};
    }

    private double interpolate(double rate, boolean p95) {
        LatencyPoint first = latency.get(0);
        if (rate <= first.requestsPerSecond()) return p95 ? first.p95Millis() : first.p99Millis();
        for (int i = 1; i < latency.size(); i++) {
            LatencyPoint a = latency.get(i - 1);
            LatencyPoint b = latency.get(i);
            if (rate <= b.requestsPerSecond()) {
                double f = b.requestsPerSecond() == a.requestsPerSecond() ? 1 : (rate - a.requestsPerSecond()) / (b.requestsPerSecond() - a.requestsPerSecond());
                return p95 ? a.p95Millis() + f * (b.p95Millis() - a.p95Millis()) : a.p99Millis() + f * (b.p99Millis() - a.p99Millis());
            }
        }
        LatencyPoint last = latency.get(latency.size() - 1);
        double growth = rate / last.requestsPerSecond();
        return (p95 ? last.p95Millis() : last.p99Millis()) * growth;
    }

    /** A replica's CPU at {@code perReplica} requests per second, percent of its quota; NaN without a quota or demand. */
    public double cpuPercentAt(double perReplica) {
        if (!(quotaCores > 0) || !(coreMillisPerRequest > 0)) return Double.NaN;
        return 100 * Math.min(quotaCores, idleCores + coreMillisPerRequest / 1000 * perReplica) / quotaCores;
    }

    /** One line for a report. */
    public String describe() {
        return String.format(Locale.ROOT, "one replica carries %s req/s within the SLO (interval %s–%s), saturates at %s; boots in %s s; %s",
                Figures.of(capacity), Figures.of(capacityLow), Figures.of(capacityHigh), Figures.of(saturation), Figures.of(bootSeconds),
                databaseBound == null ? "database bound unknown" : "the database saturates at " + Figures.of(databaseBound) + " req/s");
    }

    /** The same fleet carrying {@code c} per replica (the ends of C's interval, for the replay's sensitivity). */
    public FleetModel withCapacity(double c) {
        double scale = c / capacity;
        return new FleetModel(c, capacityLow, capacityHigh, saturation * scale, idleCores, coreMillisPerRequest / scale, quotaCores, bootSeconds,
                databaseBound, latency.stream().map(p -> new LatencyPoint(p.requestsPerSecond() * scale, p.p95Millis(), p.p99Millis())).toList(), slo, source);
    }
}
