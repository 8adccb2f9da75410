package org.lmsharness.reports.html;

import static org.lmsharness.reports.html.Numbers.NONE;
import static org.lmsharness.reports.html.Numbers.cores;
import static org.lmsharness.reports.html.Numbers.format;
import static org.lmsharness.reports.html.Numbers.millis;
import static org.lmsharness.reports.html.Numbers.parameter;
import static org.lmsharness.reports.html.Numbers.percent;
import static org.lmsharness.reports.html.Numbers.rate;
import static org.lmsharness.reports.html.Numbers.spread;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.lmsharness.reports.model.CapacityModel;
import org.lmsharness.reports.model.ForkedCapacity;
import org.lmsharness.reports.model.ProductionModel;
import org.lmsharness.reports.model.ServiceDemand;
import org.lmsharness.reports.model.Usl;
import org.lmsharness.reports.run.CapacityRun;
import org.lmsharness.reports.run.Conditions;
import org.lmsharness.reports.run.Latency;
import org.lmsharness.reports.run.ReplicaSearch;
import org.lmsharness.reports.run.RunFiles;
import org.lmsharness.reports.run.Spread;
import org.lmsharness.reports.run.Step;
import org.lmsharness.reports.thresholds.Derivation;
import org.lmsharness.reports.thresholds.Thresholds;

/**
 * report.html: one page that opens offline from file://, everything inlined.
 *
 * <pre>
 *   run, model, thresholds ─► view: figures and tables, text formatted ─┐
 *                          └─► ChartData (JSON) ────────────────────────┼─► report.mustache ─► report.html
 *   echarts.min.js (the WebJar, from the classpath) ────────────────────┘   (charts drawn as SVG)
 * </pre>
 *
 * Text goes through Mustache's HTML escaping; the two raw inserts (the ECharts bundle and the chart
 * data) are made safe inside a script element by {@link Page}.
 */
public final class HtmlReport {

    private static final String TEMPLATES = "org/lmsharness/reports/html/";

    private HtmlReport() {}

    record Figure(String label, String value, String detail) {}

    record Cell(String text, String cls) {}

    record Row(List<Cell> cells) {}

    record Table(List<String> headers, List<Row> rows) {}

    record Link(String href, String text) {}

    /**
     * @param thresholds      the derived thresholds, null when they could not be derived
     * @param thresholdFiles  the files written for them, relative to the run folder
     * @param whyNoThresholds why there are none, null when there are
     */
    public static String render(CapacityRun run, CapacityModel model, Thresholds thresholds, List<String> thresholdFiles,
                                String whyNoThresholds) {
        Map<String, Object> view = new LinkedHashMap<>();
        Conditions conditions = run.conditions();
        view.put("title", conditions.target() + " — " + conditions.startedAt());
        view.put("subtitle", format("%s back end, %s cores per replica, dataset %s, replica counts %s, commit %s",
                conditions.backend(), cores(conditions.cpusPerReplica()), orNone(conditions.dataset()),
                conditions.replicaCounts(), conditions.commit()));
        view.put("headline", headline(run, model, thresholds, whyNoThresholds));
        view.put("steps", steps(run));
        view.put("capacities", capacities(run, model));
        view.put("demand", model.demands().isEmpty() ? null : demand(model.demands()));
        view.put("production", model.production() == null ? null : production(model.production(), model.demands()));
        view.put("productionCounts", model.production() == null ? null : productionCounts(model.production()));
        view.put("thresholds", thresholds == null ? null : thresholdValues(thresholds));
        view.put("derivations", thresholds == null ? null : derivations(thresholds.derivations()));
        view.put("thresholdFiles", thresholdFiles.stream().map(file -> new Link(file, file)).toList());
        view.put("whyNoThresholds", whyNoThresholds);
        view.put("conditions", conditions(run));
        view.put("notes", model.notes());
        view.put("warnings", run.warnings());
        view.put("chartData", Page.json(RunFiles.JSON.writeValueAsString(ChartData.of(run, model))));
        return Page.render(TEMPLATES, "report", view);
    }

    private static List<Figure> headline(CapacityRun run, CapacityModel model, Thresholds thresholds, String whyNoThresholds) {
        List<Figure> figures = new ArrayList<>();
        ReplicaSearch one = run.searches().stream().filter(search -> search.replicas() == 1).findFirst().orElse(null);
        ForkedCapacity forked = model.forked();
        if (forked != null) {
            figures.add(new Figure("One replica sustains", rate(forked.medianRequestsPerSecond()) + " req/s" + (forked.reliable() ? "" : " — unreliable"),
                    "interval " + rate(forked.lowRequestsPerSecond()) + "–" + rate(forked.highRequestsPerSecond()) + " req/s; "
                            + forkDetail(forked) + "; within p95 ≤ " + millis(run.slo().p95Millis()) + " ms"
                            + (forked.reliable() ? "" : "; the target drifted during a search (see the warnings)")));
            figures.add(new Figure("Journeys per second", rate(forked.medianJourneysPerSecond()) + " journeys/s",
                    forked.forks().stream().map(fork -> rate(fork.journeysPerSecond())).collect(Collectors.joining(", ")) + " on each fork"));
        } else {
            figures.add(new Figure("One replica sustains", "no valid bound found",
                    one == null ? "one replica was not measured" : one.verdict()));
        }
        Usl scaleOut = model.scaleOut();
        if (scaleOut != null) {
            figures.add(new Figure("Scale-out USL on this host", usl(scaleOut), lambda(scaleOut) + " over replica counts sharing its cores, R² "
                    + parameter(scaleOut.rSquared())));
            figures.add(new Figure("Predicted peak on this host", peak(scaleOut), "of replicas sharing this host, from the co-located fit; production is the database bound"));
        }
        Usl perReplica = model.perReplica();
        if (perReplica != null) {
            figures.add(new Figure("One replica USL", usl(perReplica), lambda(perReplica) + " over requests in flight, R² "
                    + parameter(perReplica.rSquared())));
            double knee = perReplica.kneeN();
            figures.add(Double.isFinite(knee)
                    ? new Figure("Knee", rate(perReplica.throughputAt(knee)) + " req/s",
                            "at " + rate(knee) + " requests in flight; beyond it load buys little")
                    : new Figure("Knee", "none", "no contention measured"));
        }
        ProductionModel production = model.production();
        if (production != null && production.databaseBoundReplicas() != null) {
            figures.add(new Figure("Database bound", production.databaseBoundReplicas() + " replicas",
                    rate(production.databaseBoundRequestsPerSecond()) + " req/s: where a " + cores(production.databaseCores())
                            + "-core database's CPU is used up (production model)"));
        }
        CapacityModel.Prediction prediction = model.prediction();
        if (prediction != null) {
            figures.add(new Figure("Prediction error", percent(prediction.errorPercent(), true),
                    prediction.replicas() + " replicas: predicted " + rate(prediction.predicted()) + " req/s, measured "
                            + rate(prediction.measured()) + " (" + prediction.method() + ")"));
        }
        if (thresholds != null) {
            figures.add(new Figure("Target tracking", format("%.0f req/target/min", thresholds.requestsPerTargetPerMinute()),
                    rate(thresholds.capacityPerTarget()) + " req/s per target; CPU " + cpu(thresholds.cpuPercent()) + "; "
                            + thresholds.minCapacity() + "–" + thresholds.maxCapacity() + " replicas"));
        } else {
            figures.add(new Figure("Target tracking", "not derived", whyNoThresholds));
        }
        return figures;
    }

    private static String usl(Usl usl) {
        return "σ " + parameter(usl.sigma()) + " · κ " + parameter(usl.kappa());
    }

    private static String lambda(Usl usl) {
        return "λ " + rate(usl.lambda()) + " req/s,";
    }

    private static String peak(Usl usl) {
        if (Double.isFinite(usl.peakN())) return rate(usl.peakThroughput()) + " req/s at " + rate(usl.peakN()) + " replicas";
        return Double.isFinite(usl.peakThroughput()) ? "levels off at " + rate(usl.peakThroughput()) + " req/s (κ = 0)" : "no ceiling (linear)";
    }

    private static String forkDetail(ForkedCapacity forked) {
        if (forked.forks().size() == 1) {
            Spread rps = forked.forks().get(0).requestsPerSecond();
            return rps.count() == 1 ? "one JVM, measured once" : "one JVM, median of " + rps.count() + " repeats";
        }
        return format("median of %d JVMs (forks); between forks %.1f %%, within a fork up to %.1f %%", forked.forks().size(),
                forked.betweenForkPercent(), forked.withinForkPercent());
    }

    /** What a search without a capacity says instead of a number. */
    static String verdict(ReplicaSearch search) {
        String verdict = search.verdict() == null ? "no reason recorded" : search.verdict();
        return verdict.startsWith("no valid bound found") ? verdict : "no valid bound found: " + verdict;
    }

    private static Table steps(CapacityRun run) {
        List<Step> all = run.searches().stream().flatMap(search -> search.steps().stream()).toList();
        boolean edge = all.stream().anyMatch(step -> step.edge() != null);
        List<String> headers = new ArrayList<>(List.of("#", "replicas", "phase", "outcome", "offered journeys/s", "offered req/s",
                "achieved req/s", "p50 ms", "p95 ms", "p99 ms", "max ms"));
        if (edge) headers.addAll(List.of("edge p95 ms", "edge p99 ms"));
        headers.addAll(List.of("errors", "errors by kind", "CPU per replica / quota (cores)", "of which JIT compiling (cores)", "injector cores", "edge cores",
                "database cores", "host busy", "reason"));
        List<Row> rows = all.stream().map(step -> {
            Latency client = step.client();
            List<Cell> cells = new ArrayList<>(List.of(number(step.index()), number(step.replicas()), text(step.phase()),
                    new Cell(step.outcome().name(), step.outcome().name()),
                    number(rate(step.offeredJourneysPerSecond())), number(rate(step.throughput().offeredRequestsPerSecond())),
                    number(rate(step.throughput().achievedRequestsPerSecond())), number(millis(client.p50())),
                    flagged(millis(client.p95()), client.p95() > run.slo().p95Millis()),
                    flagged(millis(client.p99()), client.p99() > run.slo().p99Millis()), number(millis(client.max()))));
            if (edge) {
                cells.add(number(step.edge() == null ? NONE : millis(step.edge().p95())));
                cells.add(number(step.edge() == null ? NONE : millis(step.edge().p99())));
            }
            cells.add(flagged(percent(step.errorPercent(), false), step.errorPercent() > run.slo().errorPercent()));
            cells.add(new Cell(step.throughput().errors().entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
                    .collect(Collectors.joining("\n")), "lines"));
            cells.add(new Cell(step.cpu().replicas().entrySet().stream()
                    .map(e -> e.getKey() + " " + cores(e.getValue()) + (step.cpu().quotaCores() > 0 ? " / " + cores(step.cpu().quotaCores()) : ""))
                    .collect(Collectors.joining("\n")), "lines"));
            cells.add(step.cpu().compiling().isEmpty() ? text(NONE) : new Cell(step.cpu().compiling().entrySet().stream()
                    .map(e -> e.getKey() + " " + cores(e.getValue())).collect(Collectors.joining("\n")), "lines"));
            cells.addAll(List.of(number(cores(step.cpu().injector())), number(cores(step.cpu().edge())), number(cores(step.cpu().database())),
                    number(format("%.0f %%", 100 * step.cpu().hostBusy())), new Cell(step.verdict().reason() == null ? NONE : step.verdict().reason(), "wide")));
            return new Row(cells);
        }).toList();
        return new Table(headers, rows);
    }

    private static Table capacities(CapacityRun run, CapacityModel model) {
        List<String> headers = List.of("replicas", "JVM", "capacity req/s (median, min–max, n)", "journeys/s", "failed at journeys/s",
                "req/s per replica", "of linear", "p95 ms", "p99 ms", "CPU per replica", "in flight", "verdict");
        List<Row> rows = run.searches().stream().map(search -> {
            ReplicaSearch.Capacity capacity = search.capacity();
            if (capacity == null) {
                List<Cell> cells = new ArrayList<>(List.of(number(search.replicas()), text(jvm(search)), new Cell(verdict(search), "bad")));
                for (int i = 2; i < headers.size(); i++) cells.add(number(NONE));
                return new Row(cells);
            }
            double median = capacity.requestsPerSecond().median();
            double linear = model.perReplicaCapacity() * search.replicas();
            return new Row(List.of(number(search.replicas()), text(jvm(search)), number(spread(capacity.requestsPerSecond())),
                    number(rate(capacity.journeysPerSecond())),
                    number(capacity.failingJourneysPerSecond() == null ? NONE : rate(capacity.failingJourneysPerSecond())),
                    number(rate(median / search.replicas())), number(percent(100 * median / linear, false)),
                    number(spread(capacity.p95Millis())), number(spread(capacity.p99Millis())),
                    number(spread(capacity.cpuPerReplica(), Numbers::cores)), number(spread(capacity.meanConcurrency(), Numbers::cores)),
                    new Cell(search.verdict(), search.reliable() ? "" : "bad")));
        }).toList();
        return new Table(headers, rows);
    }

    /** Each part's CPU per request and idle cost (the utilisation law fitted). */
    private static Table demand(List<ServiceDemand> demands) {
        return new Table(List.of("part", "idle cores U₀ (± std. error)", "CPU ms per request D", "CPU ms per journey", "R²", "steps fitted"),
                demands.stream().map(d -> new Row(List.of(text(d.component()),
                        number(format("%.3f", d.idleCores()) + (d.idleStdErrCores() == null ? "" : format(" ± %.3f", d.idleStdErrCores()))),
                        number(format("%.2f", d.coreMillisPerRequest())), number(format("%.1f", d.coreMillisPerJourney())),
                        number(d.rSquared() == null ? NONE : parameter(d.rSquared())), number(d.steps())))).toList());
    }

    /** The bottleneck law on one replica and on the database. */
    private static Table production(ProductionModel p, List<ServiceDemand> demands) {
        ServiceDemand replica = ServiceDemand.find(demands, ServiceDemand.REPLICA).orElse(null);
        ServiceDemand database = ServiceDemand.find(demands, ServiceDemand.DATABASE).orElse(null);
        String bound = p.replicaBoundRequestsPerSecond() == null || replica == null ? "unknown (no CPU quota or figures)"
                : format("(%s − %s) / %.2f ms = %s req/s; the capacity within the SLO, %s req/s, is %s of it", cores(p.quotaCores()),
                        cores(replica.idleCores()), replica.coreMillisPerRequest(), rate(p.replicaBoundRequestsPerSecond()),
                        rate(p.perReplicaRequestsPerSecond()), percent(100 * p.perReplicaRequestsPerSecond() / p.replicaBoundRequestsPerSecond(), false));
        String db = p.databaseBoundRequestsPerSecond() == null || database == null ? "unknown: the database's CPU was not measured"
                : format("(%s − %s) / %.2f ms = %s req/s on %s cores: %d replicas; add read replicas or a bigger instance before that",
                        cores(p.databaseCores()), cores(database.idleCores()), database.coreMillisPerRequest(),
                        rate(p.databaseBoundRequestsPerSecond()), cores(p.databaseCores()), p.databaseBoundReplicas());
        return keyValues(new String[][] {
                {"one replica within the SLO, C₁", rate(p.perReplicaRequestsPerSecond()) + " req/s"},
                {"what its quota allows, (quota − U₀) / D", bound},
                {"its CPU at capacity, ρ*", p.utilisationAtCapacity() == null ? NONE : percent(100 * p.utilisationAtCapacity(), false) + " of the quota"},
                {"where the database saturates, (cores − U₀) / D", db}});
    }

    /** Production (n × C₁, database-bound) beside the counts measured together on this host. */
    private static Table productionCounts(ProductionModel p) {
        return new Table(List.of("replicas", "production req/s (own instances)", "measured on this host req/s", "interference factor"),
                p.coLocated().stream().map(c -> new Row(List.of(number(c.replicas()), number(rate(c.production())), number(rate(c.measured())),
                        flagged(parameter(c.interference()), c.interference() < 0.9)))).toList());
    }

    /** Which JVM a search measured: the fork and its replica for one replica; all of them for more. */
    private static String jvm(ReplicaSearch search) {
        if (search.replicas() > 1 || search.fork() == 0) return search.replicas() > 1 ? "all" : NONE;
        return "fork " + search.fork() + (search.replica() == null ? "" : " (" + search.replica() + ")");
    }

    private static Table thresholdValues(Thresholds t) {
        Thresholds.Hpa hpa = t.hpa();
        return keyValues(new String[][] {
                {"planned for", rate(t.inputs().peakRequestsPerSecond()) + " req/s peak, growing " + format("%.0f", t.inputs().growthPercentPerMinute())
                        + " %/min, over " + t.inputs().zones() + " zones"},
                {"capacity per target", rate(t.capacityPerTarget()) + " req/s"},
                {"target tracking: ALBRequestCountPerTarget", format("%.0f requests per target per minute", t.requestsPerTargetPerMinute())},
                {"target tracking: ASGAverageCPUUtilization", cpu(t.cpuPercent())},
                {"scale-out alarm", alarm(t.scaleOut())},
                {"scale-in alarm", alarm(t.scaleIn())},
                {"min / max capacity", t.minCapacity() + " / " + t.maxCapacity() + " replicas"},
                {"estimated instance warm-up", t.warmupSeconds() + " s"},
                {"Kubernetes HPA", hpa == null ? "not emitted (no CPU base)" : "CPU " + hpa.cpuAverageUtilization() + " % of requests, "
                        + hpa.minReplicas() + "–" + hpa.maxReplicas() + " pods"}});
    }

    private static String cpu(double percent) {
        return Double.isFinite(percent) ? format("%.0f %% of the quota", percent) : "omitted (no CPU quota or measurement)";
    }

    private static String alarm(Thresholds.Alarm alarm) {
        return format("%s %s %.0f per %d s, %d of %d datapoints, %+d replica%s", alarm.metric(),
                alarm.comparison().startsWith("Greater") ? ">" : alarm.comparison().startsWith("Less") ? "<" : alarm.comparison(),
                alarm.threshold(), alarm.periodSeconds(), alarm.datapointsToAlarm(), alarm.evaluationPeriods(), alarm.adjustment(),
                Math.abs(alarm.adjustment()) == 1 ? "" : "s");
    }

    private static Table derivations(List<Derivation> derivations) {
        return new Table(List.of("quantity", "formula", "with the numbers", "result"), derivations.stream()
                .map(d -> new Row(List.of(text(d.quantity()), text(d.formula()), new Cell(d.withNumbers(), "formula"),
                        text(d.result())))).toList());
    }

    private static Table conditions(CapacityRun run) {
        Conditions c = run.conditions();
        List<Double> ready = run.readySeconds();
        return keyValues(new String[][] {
                {"target", c.target()}, {"back end", c.backend()}, {"preset", orNone(c.preset())},
                {"CPU per replica", c.cpusPerReplica() > 0 ? cores(c.cpusPerReplica()) + " cores" : "unknown"},
                {"memory per replica", c.memoryMbPerReplica() > 0 ? c.memoryMbPerReplica() + " MiB" : "unknown"},
                {"replica JVM", c.replicaJvm() == null ? "not named by the target" : c.replicaJvm()},
                {"replica JVM options", orNone(c.replicaJvmOptions())}, {"dataset", orNone(c.dataset())},
                {"simulation", c.simulation()}, {"workload", c.workload()},
                {"host", c.hostCores() + " cores, " + c.hostCpuModel()}, {"injector JVM", c.injectorJvm()},
                {"commit", c.commit()}, {"started at", c.startedAt()},
                {"warm-up / measured per step", format("%.0f s / %.0f s", c.warmUpSeconds(), c.measureSeconds())},
                {"repeats of the capacity point", Integer.toString(c.repeats())},
                {"largest replica count", c.maxReplicas() + " (" + c.maxReplicasReason() + ")"},
                {"replica counts searched", String.valueOf(c.replicaCounts())},
                {"SLO", "p95 ≤ " + millis(run.slo().p95Millis()) + " ms, p99 ≤ " + millis(run.slo().p99Millis()) + " ms, errors ≤ "
                        + percent(run.slo().errorPercent(), false)},
                {"time to ready per added replica", ready.isEmpty() ? NONE
                        : ready.stream().map(s -> format("%.1f s", s)).collect(Collectors.joining(", "))
                                + " (median " + format("%.1f s", Spread.of(ready).median()) + ")"},
                {"wall time", format("%.0f s (%.1f min)", run.wallSeconds(), run.wallSeconds() / 60)}});
    }

    private static Table keyValues(String[][] pairs) {
        List<Row> rows = new ArrayList<>();
        for (String[] pair : pairs) rows.add(new Row(List.of(new Cell(pair[0], "key"), text(pair[1]))));
        return new Table(List.of(), rows);
    }

    private static Cell text(String text) {
        return new Cell(text == null ? NONE : text, "");
    }

    private static Cell number(Object value) {
        return new Cell(String.valueOf(value), "num");
    }

    private static Cell flagged(String value, boolean bad) {
        return new Cell(value, bad ? "num bad" : "num");
    }

    private static String orNone(String value) {
        return value == null || value.isBlank() ? NONE : value;
    }
}
