package org.lmsharness.topology;

import org.lmsharness.common.Address;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.lmsharness.topology.database.DatabaseFailover;
import org.lmsharness.topology.preset.Preset;

/**
 * A running deployment of the LMS: the handle a simulation or an experiment holds. It gives every
 * address, and acts on any node, on a whole zone at once, and on the edge's list of replicas while
 * traffic flows. {@link #close()} tears everything down.
 */
public interface Deployment extends AutoCloseable {

    /** A replica, where to reach it (directly, not through the edge), and the name of the {@link Release} it runs. */
    record Replica(String id, String zone, Address address, String release) {
        public String url() {
            return address.http();
        }

        public String metricsUrl() {
            return address.http() + "/actuator/prometheus";
        }
    }

    Preset preset();

    /** The (first) edge's URL; empty in presets without one (use {@link #replicas()} in turn, as DNS round robin would). */
    Optional<String> edgeUrl();

    /** Where clients send requests: the edge, or every replica in turn when the preset has none (as DNS round robin would). */
    default List<String> clientUrls() {
        return edgeUrl().map(List::of).orElseGet(() -> replicas().stream().map(Replica::url).toList());
    }

    /** The (first) edge's Prometheus exporter; empty without an edge. */
    Optional<String> edgeMetricsUrl();

    List<Replica> replicas();

    /** The URL the replicas use: both database servers, {@code targetServerType=primary}. */
    String jdbcUrl();

    String paymentProviderUrl();

    /** The feeder CSVs of the generated dataset. */
    Path datasetDir();

    /** Every node: replicas, edge, database servers, payment provider. */
    List<Node> nodes();

    Node node(String id);

    List<Node> nodesInZone(String zone);

    /** Every network link, named {@code <from>_<to>_<zone>}. */
    List<Link> links();

    /** The Toxiproxy proxy on each link, by the link's name; empty when the deployment runs without (--fault-proxy off). */
    Optional<FaultProxies> faultProxies();

    /** Takes the replica out of the edge's rotation (and its readiness down); in-flight requests finish. */
    void drain(String replicaId);

    /**
     * Sends traffic to {@code replicaIds} only, until called again: every other replica is put in
     * maintenance on every edge and frozen (no CPU, as if it were not there); each routed one is
     * resumed, made ready and awaited UP. The capacity search measures one replica on each JVM
     * booted this way (forks), without booting or warming new ones.
     */
    void routeOnly(java.util.Set<String> replicaIds);

    /** The replicas the edge sends traffic to: all of them unless {@link #routeOnly} chose some. */
    default List<Replica> routedReplicas() {
        return replicas();
    }

    /** Starts one more replica in {@code zone}, running {@link #release()}, and adds it to the edge; returns once it serves. */
    Replica addReplica(String zone);

    /**
     * Starts one more replica in {@code zone} running {@code release} and, once its readiness probe
     * answers UP, warms it with the load's reads and a login, then adds it to the edge (its share
     * ramping up over the edge's slow start); returns once the edge sends it traffic. The edge never sees a
     * replica that is not ready. Not ready within {@code readyWithin}, or not taken by the edge: throws
     * {@link ReplicaNotReady}, the replica stopped and gone.
     */
    Replica addReplica(String zone, Release release, java.time.Duration readyWithin);

    /** What the warm-up of a replica added by {@link #addReplica} did, in one line; empty for the boot's replicas. */
    Optional<String> warmUp(String replicaId);

    /** The release replicas added from now on run: {@link Release#INITIAL} until {@link #adopt}. */
    Release release();

    /** Replicas added from now on run {@code release} (a rolling update adopts the release it completed). */
    void adopt(Release release);

    /**
     * Changes a replica's CPU quota while it runs, in cores; 0 lifts it (all the host's cores). The
     * capacity search lets a cold JVM compile at full speed this way before it measures it at its quota.
     */
    void setCpuQuota(String replicaId, double cores);

    /** The replica's own CPU quota, cores (0: none): the preset's, unless the boot gave replicas sizes of their own. */
    default double cpuQuota(String replicaId) {
        return preset().replicas().cpus();
    }

    /** Quotas lifted until {@link #close()}, which gives every replica its own quota back. */
    interface QuotasLifted extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Lifts every replica's CPU quota until the returned handle is closed: a JVM held to half a core
     * compiles its hot paths for minutes, so warm-ups run without quotas and every measurement with them.
     */
    default QuotasLifted liftCpuQuotas() {
        List<String> ids = replicas().stream().map(Replica::id).toList();
        ids.forEach(id -> setCpuQuota(id, 0));
        return () -> ids.forEach(id -> setCpuQuota(id, cpuQuota(id)));
    }

    /** Removes the replica from the edge, then stops it. */
    void removeReplica(String replicaId);

    /** Seconds the replica took from its start to ready (its readiness probe up), at boot or when added; the instance's figure only when it booted {@link ReplicaBoot#AT_QUOTA}. */
    double readySeconds(String replicaId);

    /** The longest any replica of this deployment took to be ready (boot or added since), seconds; 30 without replicas. */
    default double slowestReadySeconds() {
        return replicas().stream().mapToDouble(replica -> readySeconds(replica.id())).max().orElse(30);
    }

    /** Where the boot's time went, phase by phase in start order (seconds): what to shorten when boots are slow. */
    default Map<String, Double> bootSeconds() {
        return Map.of();
    }

    /** {@link #bootSeconds()} in one line: "database 6.2 s, dataset 11.0 s, …". */
    default String bootBreakdown() {
        return bootSeconds().entrySet().stream().map(phase -> String.format(java.util.Locale.ROOT, "%s %.1f s", phase.getKey(), phase.getValue()))
                .collect(java.util.stream.Collectors.joining(", "));
    }

    /** The database's last failover, once one happened; empty before. */
    Optional<DatabaseFailover.Failover> databaseFailover();

    /** Every database failover so far, in order. */
    List<DatabaseFailover.Failover> databaseFailovers();

    /**
     * True once a failover has left the primary without a standby: until {@link #restoreStandby()},
     * losing the primary again is an outage.
     */
    boolean standbyLost();

    /**
     * What an RDS Multi-AZ instance does after a failover: a new standby in the lost server's place
     * (its zone and address, which the replicas already list), copied from the new primary while it
     * serves, streaming, synchronous again where the preset's standby is, and watched by a new
     * failover control plane. Returns the new standby's node id once all that holds.
     *
     * @throws IllegalStateException when no standby is lost
     */
    String restoreStandby() throws Exception;

    /** The backup location (base backups and the WAL archive, outside every database server); empty when the preset keeps none. */
    Optional<org.lmsharness.topology.database.BackupStore> backupStore();

    /**
     * A base backup of the primary now, in the backup location, complete once the WAL it needs is
     * archived; then the preset's retention ({@code database.backups-kept}). The boot takes the first.
     *
     * @throws IllegalStateException when the preset keeps no backups
     */
    org.lmsharness.topology.database.BackupStore.BaseBackup backup() throws Exception;

    /**
     * What to do when both database servers are lost, or data must be taken back to a past point: a
     * new primary in the primary's place, restored from the newest base backup finished before
     * {@code target} and the WAL archive up to {@code target} (null: as far as the archive goes), then
     * a standby copied from it as {@link #restoreStandby()} does, and a fresh base backup. Whatever still
     * runs of the old servers is stopped first. Acknowledged writes not yet archived are lost: at most
     * {@link org.lmsharness.topology.database.PostgresSettings#ARCHIVE_TIMEOUT} of them.
     *
     * @throws IllegalStateException when the preset keeps no backups, or none finished before {@code target}
     */
    org.lmsharness.topology.database.DatabaseRestore restoreDatabase(java.time.Instant target) throws Exception;

    /** Warnings a report must carry (e.g. CPU quotas that could not be set). */
    List<String> warnings();

    /** The edge's view of the replicas: server name → UP, DOWN, DRAIN, MAINT… (empty without an edge). */
    java.util.Map<String, String> edgeServerStatus();

    /** The edges' access log (one line per request, format in {@code HaproxyConfig}); empty without an edge. */
    Optional<Path> edgeAccessLog();

    /**
     * Prometheus's file-based service discovery for this deployment: {@code lms.json} (replicas) and
     * {@code haproxy.json} (edges), with {@code zone} and {@code replica} / {@code edge} labels,
     * rewritten as replicas come and go. {@code files: [<this folder>/*.json]} in a scrape job.
     */
    Path scrapeTargets();

    /** The host's process id of a node's main process (containers too), for CPU measurements from /proc. */
    long pid(String nodeId);

    @Override
    void close();

    /**
     * What of this deployment is still on the machine after {@link #close()}: containers, networks,
     * processes, cgroups, its run folder, one line each; empty when everything is gone.
     */
    List<String> leftovers();

    default void killZone(String zone) {
        nodesInZone(zone).parallelStream().forEach(Node::kill);
    }

    default void freezeZone(String zone) {
        nodesInZone(zone).forEach(Node::freeze);
    }

    default void resumeZone(String zone) {
        nodesInZone(zone).forEach(Node::resume);
    }
}
