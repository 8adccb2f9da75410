package org.lmsharness.chaos.experiment;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import java.time.Duration;
import java.util.List;
import org.lmsharness.topology.Deployment;
import org.lmsharness.topology.FaultProxies;
import org.lmsharness.topology.Link;
import org.lmsharness.topology.Node;
import org.lmsharness.topology.Release;
import org.lmsharness.topology.ReplicaWarmUp;
import org.lmsharness.topology.database.DatabaseRestore;
import org.lmsharness.topology.heal.Supervisor;
import org.lmsharness.topology.release.RollingUpdate;

/**
 * The faults the catalogue is made of. Network faults are toxics (or a disabled proxy) on the links'
 * Toxiproxy proxies, through the Toxiproxy Java client; node faults go through the topology handle.
 */
public final class Faults {

    /** Every toxic this harness adds carries this name prefix, so its rollback removes exactly its own. */
    static final String TOXIC = "chaos-";
    /** Beyond a new replica's boot: its warm-up, the edge's checks seeing it UP, and the old one's drain (at most 10 s) and stop. */
    static final Duration REPLACE_MARGIN = ReplicaWarmUp.LIMIT.plusSeconds(20);

    private Faults() {}

    public static Fault crash(String nodeId) {
        return new Fault("kill -9 " + nodeId, d -> d.node(nodeId).kill(), null);
    }

    public static Fault freeze(String nodeId) {
        return new Fault("freeze " + nodeId + " (SIGSTOP / docker pause)", d -> d.node(nodeId).freeze(), d -> d.node(nodeId).resume());
    }

    public static Fault freezeZone(String zone) {
        return new Fault("freeze every node of zone " + zone, d -> d.freezeZone(zone), d -> d.resumeZone(zone));
    }

    public static Fault zoneOutage(String zone) {
        return new Fault("power loss in " + zone + " (every node of the zone killed at once)", d -> d.killZone(zone), null);
    }

    /**
     * A rolling update to {@code release} under load ({@link RollingUpdate}). {@code completes}: it must
     * complete, every replica on {@code release} and both releases answering through the edge side by
     * side on the way; otherwise it must stop and roll back by itself, every replica on the release it
     * ran before and the edge's access log holding no request to the replica that never got ready
     * (replicas of {@code release} that did get ready, before a later one failed, served rightly). Nothing reverts it: the
     * deployment is left on new JVMs (or as it was), not the warm one the next experiment expects.
     */
    public static Fault rollout(Release release, boolean completes) {
        String description = (completes ? "rolling update to release '" : "rolling update to the failing release '") + release.name() + "'"
                + (release.settings().isEmpty() ? "" : " (" + String.join(" ", release.settings()) + ")");
        return new Fault(description, (d, journal) -> {
            RollingUpdate.Outcome outcome = RollingUpdate.roll(d, release, RollingUpdate.readyDeadline(d), journal);
            List<String> running = d.replicas().stream().map(replica -> replica.id() + " '" + replica.release() + "'").toList();
            journal.accept("replicas now: " + String.join(", ", running));
            String expected = completes ? release.name() : outcome.previous().name();
            if (completes != outcome.completed()) {
                throw new IllegalStateException((completes ? "" : "the failing release did not fail: ") + outcome.summary());
            }
            if (!d.replicas().stream().allMatch(replica -> replica.release().equals(expected))) {
                throw new IllegalStateException("after the rollout not every replica runs '" + expected + "': " + running);
            }
            if (completes && d.edgeUrl().isPresent() && !outcome.servedSideBySide()) {
                throw new IllegalStateException("old and new never answered side by side through the edge: "
                        + outcome.steps().stream().map(RollingUpdate.Step::answeredBy).toList());
            }
            if (!completes && d.edgeAccessLog().isPresent()) {
                String server = "/" + outcome.failedReplica() + " ";
                try (var lines = java.nio.file.Files.lines(d.edgeAccessLog().get())) {
                    long served = lines.filter(line -> line.contains(server)).count();
                    journal.accept("the edge's access log: " + served + " requests to " + outcome.failedReplica());
                    if (served > 0) throw new IllegalStateException("the edge sent " + served + " requests to " + outcome.failedReplica() + ", which never was ready");
                }
            }
        }, null);
    }

    /**
     * One replica killed and another frozen at once, a {@link Supervisor} watching: it must replace both,
     * the dead one and the stuck one, each by a new replica in its zone, within {@link #healingDeadline}.
     * Nothing reverts it: the replicas are new JVMs.
     */
    public static Fault selfHealing(String deadId, String stuckId) {
        return new Fault("kill -9 " + deadId + " and freeze " + stuckId + " at once, a supervisor replacing what fails", (d, journal) -> {
            Duration deadline = healingDeadline(d);
            long start = System.currentTimeMillis();
            List<Supervisor.Replacement> done;
            try (Supervisor supervisor = Supervisor.start(d, Supervisor.Settings.DEFAULT, journal)) {
                d.node(deadId).kill();
                d.node(stuckId).freeze();
                while (supervisor.replacements().size() < 2 && System.currentTimeMillis() < start + deadline.toMillis()) Thread.sleep(200);
                done = supervisor.replacements();
            }
            for (Supervisor.Replacement replacement : done) {
                journal.accept(String.format(java.util.Locale.ROOT, "%s (%s) replaced by %s %.1f s after the fault, %.1f s after it was judged",
                        replacement.replaced(), replacement.why(), replacement.replacement(), (replacement.readyAt() - start) / 1000.0,
                        replacement.secondsToReplace()));
            }
            List<String> replaced = done.stream().filter(r -> r.error() == null).map(Supervisor.Replacement::replaced).sorted().toList();
            if (!replaced.equals(java.util.stream.Stream.of(deadId, stuckId).sorted().toList())) {
                throw new IllegalStateException("not both replaced within " + deadline.toSeconds() + " s: " + done);
            }
        }, null);
    }

    /**
     * The database primary killed ({@code frozen}: frozen, alive and silent, which the control plane
     * must tell from a busy one before it fences it) while a {@link Supervisor} watches: the standby
     * takes over, and the supervisor has a new standby put in the lost server's place within
     * {@code within}. Its rollback only checks that a standby is in place (and wakes a primary never
     * fenced): the deployment is whole again with its roles swapped, so the same experiment can hit the
     * new primary next (bin/chaos runs it on the same deployment), and that loss must be a failover
     * again, not an outage.
     */
    public static Fault primaryLossHealed(String primaryId, boolean frozen, Duration within) {
        String how = frozen ? "freeze " + primaryId + " (the database primary; SIGSTOP / docker pause)" : "kill -9 " + primaryId + " (the database primary)";
        return new Fault(how + ", a supervisor restoring a standby", (d, journal) -> {
            long start = System.currentTimeMillis();
            int failoversBefore = d.databaseFailovers().size();
            List<Supervisor.Replacement> done;
            try (Supervisor supervisor = Supervisor.start(d, Supervisor.Settings.DEFAULT, journal)) {
                if (frozen) {
                    d.node(primaryId).freeze();
                } else {
                    d.node(primaryId).kill();
                }
                while (supervisor.replacements().stream().noneMatch(r -> r.error() == null) && System.currentTimeMillis() < start + within.toMillis()) {
                    Thread.sleep(200);
                }
                done = supervisor.replacements();
            }
            if (d.databaseFailovers().size() != failoversBefore + 1) {
                throw new IllegalStateException("the standby was not promoted: " + d.databaseFailovers().size() + " failovers, " + failoversBefore + " before");
            }
            var failover = d.databaseFailovers().get(failoversBefore);
            journal.accept(String.format(java.util.Locale.ROOT, "failover: loss declared %d ms after the primary was last seen, standby promoted %d ms later",
                    failover.detection().toMillis(), failover.promotion().toMillis()));
            Supervisor.Replacement restored = done.stream().filter(r -> r.error() == null).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no standby restored within " + within.toSeconds() + " s: " + done));
            journal.accept(String.format(java.util.Locale.ROOT, "new standby %s in the place of %s, streaming%s, %.1f s after the fault",
                    restored.replacement(), primaryId, d.preset().database().synchronous() ? " and synchronous" : "", (restored.readyAt() - start) / 1000.0));
        }, d -> {
            if (frozen && d.node(primaryId).isAlive()) d.node(primaryId).resume(); // never fenced: wake it (its replacement: a no-op)
            if (d.standbyLost()) throw new IllegalStateException("the database is left without a standby");
        });
    }

    /**
     * Both database servers killed at once (a bad operator command, storage lost in both zones), then
     * the restore runbook, automated: a primary restored in the primary's place from the newest base
     * backup and the WAL archive, a standby copied from it, a fresh base backup. Throws when the whole
     * restore took longer than {@code within}.
     */
    public static Fault bothDatabaseServersLost(Duration within) {
        return new Fault("kill -9 both database servers, then restore from the backups", (d, journal) -> {
            long start = System.currentTimeMillis();
            List<Node> servers = d.nodes().stream().filter(node -> node.kind() == Node.Kind.DB_PRIMARY || node.kind() == Node.Kind.DB_STANDBY).toList();
            servers.parallelStream().forEach(Node::kill);
            journal.accept("killed " + servers.stream().map(Node::id).toList() + "; restoring");
            long called = System.currentTimeMillis() - start;
            DatabaseRestore restore = d.restoreDatabase(null);
            journal.accept(String.format(java.util.Locale.ROOT, "restored %s from base backup %s (finished %.0f s before the fault) and the WAL archive: "
                            + "a primary again %.1f s after the fault; new standby %s streaming%s %.1f s after the fault",
                    restore.primary(), restore.from().id(), (start - restore.from().finished().toEpochMilli()) / 1000.0,
                    (called + restore.writable().toMillis()) / 1000.0, restore.standby(), d.preset().database().synchronous() ? " and synchronous" : "",
                    (called + restore.whole().toMillis()) / 1000.0));
            if (System.currentTimeMillis() - start > within.toMillis()) {
                throw new IllegalStateException("the restore took " + (System.currentTimeMillis() - start) / 1000 + " s, longer than " + within.toSeconds() + " s");
            }
        }, d -> {
            if (d.standbyLost()) throw new IllegalStateException("the restored database has no standby");
        });
    }

    /**
     * What self-healing promises for two replicas: the stuck one noticed ({@link Supervisor.Settings#detectsStuckWithin()}),
     * and two replacements one after the other, each a boot (the slowest this deployment recorded) and {@link #REPLACE_MARGIN}.
     */
    public static Duration healingDeadline(Deployment deployment) {
        return Supervisor.Settings.DEFAULT.detectsStuckWithin().plusSeconds(2 * Math.round(deployment.slowestReadySeconds() + REPLACE_MARGIN.toSeconds()));
    }

    /** Latency (and jitter) on the named links, downstream: every answer over them comes that much later. */
    public static Fault latency(List<String> links, int millis, int jitterMillis) {
        String toxic = TOXIC + "latency";
        return new Fault(String.format("latency %d ± %d ms on %s", millis, jitterMillis, String.join(", ", links)),
                d -> forEach(d, links, proxy -> proxy.toxics().latency(toxic, ToxicDirection.DOWNSTREAM, millis).setJitter(jitterMillis)),
                d -> forEach(d, links, proxy -> proxy.toxics().get(toxic).remove()));
    }

    /** A bandwidth limit on the named links, downstream. */
    public static Fault bandwidth(List<String> links, long kilobytesPerSecond) {
        String toxic = TOXIC + "bandwidth";
        return new Fault(String.format("bandwidth %d KB/s on %s", kilobytesPerSecond, String.join(", ", links)),
                d -> forEach(d, links, proxy -> proxy.toxics().bandwidth(toxic, ToxicDirection.DOWNSTREAM, kilobytesPerSecond)),
                d -> forEach(d, links, proxy -> proxy.toxics().get(toxic).remove()));
    }

    /** The links cut: their proxies disabled, which drops open connections and refuses new ones. */
    public static Fault partition(List<String> links, String what) {
        return new Fault("partition: " + what + " (" + String.join(", ", links) + " cut)",
                d -> forEach(d, links, Proxy::disable), d -> forEach(d, links, Proxy::enable));
    }

    /** Names of the links from {@code from} to nodes whose id starts with {@code toPrefix}. */
    public static List<String> links(Deployment deployment, String from, String toPrefix) {
        return deployment.links().stream().filter(link -> link.from().equals(from) && link.to().startsWith(toPrefix)).map(Link::name).toList();
    }

    /** Names of the links from any node whose id starts with {@code fromPrefix} to nodes whose id starts with {@code toPrefix}. */
    public static List<String> linksBetween(Deployment deployment, String fromPrefix, String toPrefix) {
        return deployment.links().stream().filter(link -> link.from().startsWith(fromPrefix) && link.to().startsWith(toPrefix))
                .map(Link::name).toList();
    }

    private interface ProxyAction {
        void run(Proxy proxy) throws Exception;
    }

    private static void forEach(Deployment deployment, List<String> links, ProxyAction action) throws Exception {
        FaultProxies proxies = deployment.faultProxies().orElseThrow(() -> new IllegalStateException(
                "this fault needs the fault proxies, and the deployment runs without (--fault-proxy off)"));
        if (links.isEmpty()) throw new IllegalStateException("no link to put the fault on");
        for (String link : links) action.run(proxies.proxy(link));
    }
}
