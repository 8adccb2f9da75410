package org.lmsharness.chaos.experiment;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.lmsharness.topology.Deployment;
import org.lmsharness.topology.Node;

/**
 * The experiments, each built for a running deployment (which replica, zone and links it hits). The
 * hypotheses carry the targets: a lost replica or zone costs at most 0.5 % of requests and the
 * service is back within the SLO in 5 s; a lost database primary loses no acknowledged write and
 * writes resume within 15 s (RDS Multi-AZ documents 60–120 s).
 */
public final class Catalogue {

    /** The latency SLO the hypotheses use: the capacity search's p99. */
    public static final double SLO_P99_MILLIS = 1000;
    public static final double MAX_ERROR_PERCENT = 0.5;
    public static final Duration RECOVER_WITHIN = Duration.ofSeconds(5);
    /** Requests fail while the loss of the primary is detected; what counts is that none acknowledged is lost. */
    public static final double PRIMARY_LOSS_MAX_ERROR_PERCENT = 5;
    public static final Duration PRIMARY_LOSS_RECOVER_WITHIN = Duration.ofSeconds(15);
    /** Losing it costs ≤ 0.5 % of requests and the service is within the SLO again in 5 s: the catalogue's and the audit's bar. */
    public static final Hypothesis SURVIVES = Hypothesis.of(MAX_ERROR_PERCENT, SLO_P99_MILLIS, RECOVER_WITHIN);

    public static final Duration STEADY = Duration.ofSeconds(10);
    public static final Duration FAULT_WINDOW = Duration.ofSeconds(15);
    public static final Duration OBSERVE = Duration.ofSeconds(15);

    private Catalogue() {}

    /** Every experiment's name, in the order {@link #of} builds them: the reversible ones first, then those that leave a node dead. */
    public static final List<String> NAMES = List.of("replica-slow", "replica-freeze", "replica-db-partition", "db-latency", "edge-bandwidth",
            "payment-slow", "payment-down", "replica-crash", "db-primary-loss", "zone-outage", "edge-loss");

    /** The named experiment for this deployment; null when the deployment has nothing it could hit (no edge for edge-loss, say). */
    public static Experiment experiment(String name, Deployment deployment) {
        Function<Deployment, Experiment> build = builders().get(name);
        if (build == null) throw new IllegalArgumentException("no experiment named '" + name + "'; the catalogue: " + String.join(", ", NAMES));
        return build.apply(deployment);
    }

    /** Every experiment this deployment can run, in {@link #NAMES} order. */
    public static List<Experiment> of(Deployment deployment) {
        List<Experiment> experiments = new ArrayList<>();
        for (String name : NAMES) {
            Experiment experiment = experiment(name, deployment);
            if (experiment != null) experiments.add(experiment);
        }
        return experiments;
    }

    private static Map<String, Function<Deployment, Experiment>> builders() {
        Hypothesis survives = SURVIVES;
        Hypothesis unharmed = survives.withoutRecovery();
        return Map.ofEntries(
                Map.entry("replica-slow", d -> withEdge(d, () -> experiment("replica-slow",
                        "a replica answering 500 ms late costs no request", unharmed,
                        Faults.latency(Faults.linksBetween(d, "edge", first(d)), 500, 100)))),
                Map.entry("replica-freeze", d -> experiment("replica-freeze",
                        "a frozen replica (alive, silent) is taken out of rotation within 5 s at ≤ 0.5 % errors", survives,
                        Faults.freeze(first(d)))),
                Map.entry("replica-db-partition", d -> withFaultProxies(d, () -> experiment("replica-db-partition",
                        "a replica cut off from the database is taken out of rotation within 5 s at ≤ 0.5 % errors", survives,
                        Faults.partition(Faults.links(d, first(d), "db-"), first(d) + " from the database")))),
                Map.entry("db-latency", d -> withFaultProxies(d, () -> experiment("db-latency",
                        "50 ± 25 ms more on every replica's database link keeps errors ≤ 0.5 %", unharmed,
                        Faults.latency(Faults.linksBetween(d, "replica-", "db-primary"), 50, 25)))),
                Map.entry("edge-bandwidth", d -> withEdge(d, () -> experiment("edge-bandwidth",
                        "a replica behind a 100 KB/s link keeps errors ≤ 0.5 %", unharmed,
                        Faults.bandwidth(Faults.linksBetween(d, "edge", first(d)), 100)))),
                Map.entry("payment-slow", d -> withFaultProxies(d, () -> experiment("payment-slow",
                        "a payment provider answering 3 s late (past the LMS's 2 s timeout) fails checkouts only", unharmed
                                .except("checkout", "checkout depends on the provider and may fail, with a 503"),
                        Faults.latency(Faults.linksBetween(d, "replica-", "payment-provider"), 3000, 0)))),
                Map.entry("payment-down", d -> withFaultProxies(d, () -> experiment("payment-down",
                        "an unreachable payment provider fails checkouts only", unharmed
                                .except("checkout", "checkout depends on the provider and may fail, with a 503"),
                        Faults.partition(Faults.linksBetween(d, "replica-", "payment-provider"), "every replica from the payment provider")))),
                Map.entry("replica-crash", d -> experiment("replica-crash",
                        "a replica killed with kill -9 costs ≤ 0.5 % errors and the service is within the SLO again in 5 s", survives,
                        Faults.crash(first(d)))),
                Map.entry("db-primary-loss", d -> hasNode(d, Node.Kind.DB_STANDBY) ? experiment("db-primary-loss",
                        "the database primary killed: the standby takes over, writes resume within 15 s, no acknowledged write is lost",
                        Hypothesis.of(PRIMARY_LOSS_MAX_ERROR_PERCENT, SLO_P99_MILLIS, PRIMARY_LOSS_RECOVER_WITHIN),
                        Faults.crash(nodeOf(d, Node.Kind.DB_PRIMARY))) : null),
                Map.entry("zone-outage", d -> experiment("zone-outage",
                        "a whole zone lost at once (AZ power interruption): ≤ 0.5 % errors, within the SLO again in 5 s, no write lost", survives,
                        Faults.zoneOutage(d.node(nodeOf(d, Node.Kind.DB_PRIMARY)).zone()))),
                Map.entry("edge-loss", d -> hasNode(d, Node.Kind.EDGE) ? experiment("edge-loss",
                        "an edge killed (the first still up, where there are several): clients keep being served", survives, Faults.crash(liveEdge(d))) : null));
    }

    private static Experiment experiment(String name, String title, Hypothesis hypothesis, Fault fault) {
        return new Experiment(name, title, hypothesis, List.of(fault), STEADY, FAULT_WINDOW, OBSERVE);
    }

    /** The replica the single-replica faults hit: the first, in the primary's zone (so a zone outage takes it too). */
    private static String first(Deployment deployment) {
        return deployment.replicas().get(0).id();
    }

    private static String nodeOf(Deployment deployment, Node.Kind kind) {
        return deployment.nodes().stream().filter(node -> node.kind() == kind).map(Node::id).findFirst()
                .orElseThrow(() -> new IllegalStateException("the deployment has no " + kind));
    }

    private static String liveEdge(Deployment deployment) {
        return deployment.nodes().stream().filter(node -> node.kind() == Node.Kind.EDGE && node.isAlive()).map(Node::id).findFirst()
                .orElseThrow(() -> new IllegalStateException("the deployment has no edge up"));
    }

    private static boolean hasNode(Deployment deployment, Node.Kind kind) {
        return deployment.nodes().stream().anyMatch(node -> node.kind() == kind);
    }

    private static Experiment withEdge(Deployment deployment, java.util.function.Supplier<Experiment> experiment) {
        return deployment.edgeUrl() == null ? null : withFaultProxies(deployment, experiment);
    }

    private static Experiment withFaultProxies(Deployment deployment, java.util.function.Supplier<Experiment> experiment) {
        return deployment.faultProxies() == null ? null : experiment.get();
    }
}
