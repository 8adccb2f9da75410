package org.lmsharness.chaos.experiment;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.lmsharness.topology.Deployment;
import org.lmsharness.topology.Node;
import org.lmsharness.topology.Release;
import org.lmsharness.topology.release.RollingUpdate;

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
    /**
     * A frozen primary: its loss declared after 1.2 s of silence, the requests that waited on it answered by the new primary well
     * inside the clients' 2.5 s.
     */
    public static final Duration PRIMARY_FROZEN_RECOVER_WITHIN = Duration.ofSeconds(3);
    /** A lost primary's standby restored: the failover, a copy of the new primary, its start and streaming. */
    public static final Duration STANDBY_RESTORED_WITHIN = Duration.ofSeconds(30);
    /**
     * Both database servers lost: requests that need the database fail until the restore (2.5–8.2 % of
     * them over an experiment, 2026-12-07, the more WAL there was to replay since the last base backup);
     * the service is back within the SLO in 45 s (RTO; 13–28 s measured); writes acknowledged in the last
     * 2 s before the fault may be lost (RPO: the WAL archived each second, {@code archive_timeout = 1s},
     * and the archiver's own wake-up).
     */
    public static final double BOTH_DATABASES_LOST_MAX_ERROR_PERCENT = 15;
    public static final Duration BOTH_DATABASES_LOST_RECOVER_WITHIN = Duration.ofSeconds(45);
    public static final Duration BOTH_DATABASES_LOST_RECOVERY_POINT = Duration.ofSeconds(2);
    /** The restore as a whole: a primary from the backups, a standby copied from it, a fresh base backup. */
    public static final Duration BOTH_DATABASES_RESTORED_WITHIN = Duration.ofSeconds(75);

    /** Losing it costs ≤ 0.5 % of requests and the service is within the SLO again in 5 s: the catalogue's and the audit's bar. */
    public static final Hypothesis SURVIVES = Hypothesis.of(MAX_ERROR_PERCENT, SLO_P99_MILLIS, RECOVER_WITHIN);

    public static final Duration STEADY = Duration.ofSeconds(10);
    public static final Duration FAULT_WINDOW = Duration.ofSeconds(15);
    public static final Duration OBSERVE = Duration.ofSeconds(15);

    private Catalogue() {}

    /** What rolling-update rolls out: the deployment's own build as a new release (bin/chaos --release names another). */
    public static final Release NEXT_RELEASE = Release.named("next");
    /**
     * What failed-release rolls out: a build whose readiness check waits for a petabyte of free disk, so
     * it starts, stays alive and never becomes ready (a misconfigured health check, as real releases have).
     */
    public static final Release FAILING_RELEASE = Release.named("never-ready").withSettings(
            "--management.endpoint.health.group.readiness.include=readinessState,database,diskSpace",
            "--management.health.diskspace.threshold=1024TB");

    /**
     * Long enough for a rollout under load: each replacement takes a boot and a drain. The slowest boot
     * recorded is that of replicas started side by side; one started alone was faster (local processes:
     * 23 s a replacement against 22–26 s at boot).
     */
    static Duration rolloutWindow(Deployment deployment) {
        return Duration.ofSeconds(Math.round(deployment.replicas().size() * (deployment.slowestReadySeconds() + Faults.REPLACE_MARGIN.toSeconds())));
    }

    /** Two replicas lost at once, a third of the capacity left until the first replacement: back within the SLO in 10 s. */
    public static final Duration TWO_REPLICAS_LOST_RECOVER_WITHIN = Duration.ofSeconds(10);

    /** A fault that may cost no request at all (no recovery to wait for). */
    private static final Hypothesis UNHARMED = SURVIVES.withoutRecovery();

    /**
     * The catalogue's entries, in the order {@link #of} builds them: the reversible ones first, then
     * those that leave a node dead. Each builds its experiment for a running deployment (which replica,
     * zone and links it hits), or nothing where the deployment has none of what it hits. They register
     * here as the fault proxy's toxics register in {@code ToxicType}.
     */
    public enum Entry {
        REPLICA_SLOW("replica-slow", (id, d, next) -> withEdge(d, () -> experiment(id,
                "a replica answering 500 ms late costs no request", UNHARMED,
                Faults.latency(Faults.linksBetween(d, "edge", first(d)), 500, 100)))),
        REPLICA_FREEZE("replica-freeze", (id, d, next) -> experiment(id,
                "a frozen replica (alive, silent) is taken out of rotation within 5 s at ≤ 0.5 % errors", SURVIVES,
                Faults.freeze(first(d)))),
        REPLICA_DB_PARTITION("replica-db-partition", (id, d, next) -> withFaultProxies(d, () -> experiment(id,
                "a replica cut off from the database is taken out of rotation within 5 s at ≤ 0.5 % errors", SURVIVES,
                Faults.partition(Faults.links(d, first(d), "db-"), first(d) + " from the database")))),
        DB_LATENCY("db-latency", (id, d, next) -> withFaultProxies(d, () -> experiment(id,
                "50 ± 25 ms more on every replica's database link keeps errors ≤ 0.5 %", UNHARMED,
                Faults.latency(Faults.linksBetween(d, "replica-", "db-primary"), 50, 25)))),
        EDGE_BANDWIDTH("edge-bandwidth", (id, d, next) -> withEdge(d, () -> experiment(id,
                "a replica behind a 100 KB/s link keeps errors ≤ 0.5 %", UNHARMED,
                Faults.bandwidth(Faults.linksBetween(d, "edge", first(d)), 100)))),
        PAYMENT_SLOW("payment-slow", (id, d, next) -> withFaultProxies(d, () -> experiment(id,
                "a payment provider answering 3 s late (past a checkout's 0.8 s wait) costs no request: checkouts are queued (202) and settled", UNHARMED,
                Faults.latency(Faults.linksBetween(d, "replica-", "payment-provider"), 3000, 0)))),
        PAYMENT_DOWN("payment-down", (id, d, next) -> withFaultProxies(d, () -> experiment(id,
                "an unreachable payment provider costs no request: checkouts are queued (202) and settled once it is back", UNHARMED,
                Faults.partition(Faults.linksBetween(d, "replica-", "payment-provider"), "every replica from the payment provider")))),
        FAILED_RELEASE("failed-release", (id, d, next) -> new Experiment(id,
                "a release that never becomes ready is stopped and rolled back by itself: no request fails, the edge never sends it one",
                Hypothesis.of(0, SLO_P99_MILLIS, null), List.of(Faults.rollout(FAILING_RELEASE, false)), STEADY,
                RollingUpdate.readyDeadline(d).plus(Faults.REPLACE_MARGIN), OBSERVE)),
        ROLLING_UPDATE("rolling-update", (id, d, next) -> new Experiment(id,
                "a rolling update replaces every replica under load, one at a time: no request fails, no write is lost, old and new serve side by side",
                Hypothesis.of(0, SLO_P99_MILLIS, null), List.of(Faults.rollout(next, true)), STEADY, rolloutWindow(d), OBSERVE)),
        SELF_HEALING("self-healing", (id, d, next) -> d.replicas().size() < 3 ? null : new Experiment(id,
                "a replica killed and another frozen at once are both replaced by the supervisor (each noticed, then a boot) at ≤ 0.5 % errors, within the SLO in 10 s",
                Hypothesis.of(MAX_ERROR_PERCENT, SLO_P99_MILLIS, TWO_REPLICAS_LOST_RECOVER_WITHIN),
                List.of(Faults.selfHealing(first(d), d.replicas().get(1).id())), STEADY, Faults.healingDeadline(d).plus(Faults.REPLACE_MARGIN),
                OBSERVE)),
        REPLICA_CRASH("replica-crash", (id, d, next) -> experiment(id,
                "a replica killed with kill -9 costs ≤ 0.5 % errors and the service is within the SLO again in 5 s", SURVIVES,
                Faults.crash(first(d)))),
        DB_PRIMARY_LOSS("db-primary-loss", (id, d, next) -> hasNode(d, Node.Kind.DB_STANDBY) ? experiment(id,
                "the database primary killed: the standby takes over, writes resume within 15 s, no acknowledged write is lost",
                Hypothesis.of(PRIMARY_LOSS_MAX_ERROR_PERCENT, SLO_P99_MILLIS, PRIMARY_LOSS_RECOVER_WITHIN),
                Faults.crash(nodeOf(d, Node.Kind.DB_PRIMARY))) : null),
        DB_PRIMARY_LOSS_HEALED("db-primary-loss-healed", (id, d, next) -> hasNode(d, Node.Kind.DB_STANDBY) && !d.standbyLost() ? new Experiment(id,
                "the database primary killed, a supervisor watching: the standby takes over, a new standby is copied from it and streams, "
                        + "no acknowledged write is lost; run again, the next loss is a failover too",
                Hypothesis.of(PRIMARY_LOSS_MAX_ERROR_PERCENT, SLO_P99_MILLIS, PRIMARY_LOSS_RECOVER_WITHIN),
                List.of(Faults.primaryLossHealed(nodeOf(d, Node.Kind.DB_PRIMARY), false, STANDBY_RESTORED_WITHIN)), STEADY, STANDBY_RESTORED_WITHIN, OBSERVE)
                : null),
        DB_PRIMARY_FREEZE_HEALED("db-primary-freeze-healed", (id, d, next) -> hasNode(d, Node.Kind.DB_STANDBY) && !d.standbyLost() ? new Experiment(id,
                "the database primary frozen (alive, silent), a supervisor watching: the control plane tells it from a busy one, fences it and "
                        + "promotes the standby, a new standby is copied; ≤ 0.5 % errors, within the SLO again in 3 s, no acknowledged write lost",
                Hypothesis.of(MAX_ERROR_PERCENT, SLO_P99_MILLIS, PRIMARY_FROZEN_RECOVER_WITHIN),
                List.of(Faults.primaryLossHealed(nodeOf(d, Node.Kind.DB_PRIMARY), true, STANDBY_RESTORED_WITHIN)), STEADY, STANDBY_RESTORED_WITHIN, OBSERVE)
                : null),
        DB_BOTH_LOST("db-both-lost", (id, d, next) -> d.backupStore().isPresent() && hasNode(d, Node.Kind.DB_STANDBY) && !d.standbyLost()
                ? new Experiment(id, "both database servers killed: the database is restored from its base backup and WAL archive in the "
                        + "primary's place and a standby copied again; errors ≤ 15 %, the service within the SLO again in 45 s (RTO), and only writes "
                        + "acknowledged in the last 2 s before the fault may be lost (RPO)",
                Hypothesis.of(BOTH_DATABASES_LOST_MAX_ERROR_PERCENT, SLO_P99_MILLIS, BOTH_DATABASES_LOST_RECOVER_WITHIN)
                        .withRecoveryPoint(BOTH_DATABASES_LOST_RECOVERY_POINT),
                List.of(Faults.bothDatabaseServersLost(BOTH_DATABASES_RESTORED_WITHIN)), STEADY, BOTH_DATABASES_RESTORED_WITHIN, OBSERVE)
                : null),
        ZONE_OUTAGE("zone-outage", (id, d, next) -> experiment(id,
                "a whole zone lost at once (AZ power interruption): ≤ 0.5 % errors, within the SLO again in 5 s, no write lost", SURVIVES,
                Faults.zoneOutage(d.node(nodeOf(d, Node.Kind.DB_PRIMARY)).zone()))),
        EDGE_LOSS("edge-loss", (id, d, next) -> hasNode(d, Node.Kind.EDGE) ? experiment(id,
                "an edge killed (the first still up, where there are several): clients keep being served", SURVIVES,
                Faults.crash(liveEdge(d))) : null);

        private final String id;
        private final Builder build;

        Entry(String id, Builder build) {
            this.id = id;
            this.build = build;
        }

        /** As the command line and the results spell it: {@code zone-outage}. */
        public String id() {
            return id;
        }

        /**
         * The experiment for this deployment, {@code next} the release a rollout rolls out; null when the
         * deployment has nothing it could hit (no edge for edge-loss, say).
         */
        public Experiment buildFor(Deployment deployment, Release next) {
            return build.build(id, deployment, next);
        }

        public static Optional<Entry> byId(String id) {
            return Arrays.stream(values()).filter(entry -> entry.id.equals(id)).findFirst();
        }
    }

    /** How an entry builds its experiment: its id, the deployment it hits, the release a rollout rolls out. */
    @FunctionalInterface
    interface Builder {
        Experiment build(String id, Deployment deployment, Release next);
    }

    /** Every experiment's name, in {@link Entry} order. */
    public static final List<String> NAMES = Arrays.stream(Entry.values()).map(Entry::id).toList();

    /** The named experiment for this deployment; null when the deployment has nothing it could hit (no edge for edge-loss, say). */
    public static Experiment experiment(String name, Deployment deployment) {
        return experiment(name, deployment, NEXT_RELEASE);
    }

    /** The same, a rollout rolling {@code next} out (bin/chaos --release). */
    public static Experiment experiment(String name, Deployment deployment, Release next) {
        return Entry.byId(name).orElseThrow(() -> new IllegalArgumentException("no experiment named '" + name + "'; the catalogue: "
                + String.join(", ", NAMES))).buildFor(deployment, next);
    }

    /** Every experiment this deployment can run, in {@link Entry} order. */
    public static List<Experiment> of(Deployment deployment) {
        List<Experiment> experiments = new ArrayList<>();
        for (Entry entry : Entry.values()) {
            Experiment experiment = entry.buildFor(deployment, NEXT_RELEASE);
            if (experiment != null) experiments.add(experiment);
        }
        return experiments;
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
        return deployment.edgeUrl().isEmpty() ? null : withFaultProxies(deployment, experiment);
    }

    private static Experiment withFaultProxies(Deployment deployment, java.util.function.Supplier<Experiment> experiment) {
        return deployment.faultProxies().isEmpty() ? null : experiment.get();
    }
}
