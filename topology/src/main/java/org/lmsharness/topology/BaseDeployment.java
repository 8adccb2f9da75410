package org.lmsharness.topology;

import org.lmsharness.common.Address;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.lmsharness.topology.database.BackupStore;
import org.lmsharness.topology.database.DatabaseFailover;
import org.lmsharness.topology.database.DatabaseRestore;
import org.lmsharness.topology.database.PostgresSettings;
import org.lmsharness.topology.database.Replication;
import org.lmsharness.topology.edge.HaproxyConfig;
import org.lmsharness.topology.edge.HaproxyRuntime;
import org.lmsharness.topology.monitoring.ScrapeTargets;
import org.lmsharness.topology.preset.Preset;

/**
 * What both back ends share: the start order, the handle's bookkeeping and the teardown. Its parts:
 * the replicas ({@link ReplicaSet}), the edges and their runtime API ({@link EdgeSet}), the links and
 * their fault proxies ({@link Links}), the database's failover ({@link DatabaseFailover}). A back end
 * says how to start each kind of node and how to stop a replica.
 *
 * <pre>
 *   boot: payment provider → database (primary, standby, failover monitor) → dataset
 *         → replicas (in parallel) → edges       sequential: each needs the one before
 * </pre>
 */
public abstract class BaseDeployment implements Deployment {

    protected final Preset preset;
    private final ReplicaBoot replicaBoot;
    protected final BootOptions options;
    /** Names the run folder, the cgroups, the container labels and the processes' environment. */
    protected final String run = newRunName();
    protected final Path runDir;
    protected final Links links = new Links();
    /** The proxies on the links; null with {@code --fault-proxy off}. */
    private FaultProxies faultProxies;
    /** One HS256 key for every replica, so a token from one works on all; passed in the environment. */
    protected final String jwtSecret;
    protected final List<String> warnings = new CopyOnWriteArrayList<>();

    protected Node paymentProvider;
    /** The database servers as this host reaches them; the standby null in presets without one, and while it is being restored. */
    private volatile DatabaseServer primaryServer;
    private volatile DatabaseServer standbyServer;
    /** The failover control plane of the current pair; null without a standby. */
    private volatile DatabaseFailover failover;
    /** The server a failover lost, until {@link #restoreStandby()} has put a new standby in its place. */
    private volatile Node lostServer;
    private final List<DatabaseFailover.Failover> pastFailovers = new CopyOnWriteArrayList<>();
    /** The backup location (base backups, WAL archive); null when the preset keeps no backups. */
    protected final BackupStore backups;

    /** The edges, in start order; none in presets without one. */
    private final EdgeSet edges = new EdgeSet();
    private final ReplicaSet replicas = new ReplicaSet();
    /** Replicas routeOnly took out of the edge and froze. */
    private final Set<String> unrouted = ConcurrentHashMap.newKeySet();
    private final Map<String, Double> bootSeconds = new LinkedHashMap<>();
    /** Replicas whose quota is not the preset's (BootOptions.replicaCores). */
    private final Map<String, Double> replicaCores = new ConcurrentHashMap<>();
    /** Replica → what its warm-up did, for those added while traffic flowed. */
    private final Map<String, String> warmUps = new ConcurrentHashMap<>();
    /** What replicas added from now on run ({@link #adopt}). */
    private volatile Release release = Release.INITIAL;
    private final Thread shutdownHook = new Thread(this::close, "topology-shutdown");
    private volatile boolean closed;
    private final ScrapeTargets scrapeTargets;
    /** The {@code application} tag of the LMS's metrics (its spring.application.name). */
    private static final String APPLICATION = "lms";

    protected BaseDeployment(Preset preset, ReplicaBoot replicaBoot, BootOptions options) throws IOException {
        this.preset = preset;
        this.replicaBoot = replicaBoot;
        this.options = options;
        this.runDir = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"), "lms-topology", run));
        this.scrapeTargets = new ScrapeTargets(runDir.resolve("scrape-targets"));
        this.backups = preset.database().hasBackups() ? BackupStore.at(runDir.resolve("backups")) : null;
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        this.jwtSecret = HexFormat.of().formatHex(secret);
    }

    private static final AtomicLong RUNS = new AtomicLong();

    /**
     * A name no other deployment of this machine has. The sequence number matters: the gate boots
     * its two sides in parallel, in the same millisecond at times, and two deployments sharing a
     * name share a run folder, cgroups and container labels.
     */
    static String newRunName() {
        return "run-" + Long.toHexString(System.currentTimeMillis()) + "-" + ProcessHandle.current().pid() + "-" + RUNS.incrementAndGet();
    }

    // --- what a back end provides --------------------------------------------------------------

    /** Starts the fault proxy server where every node can reach it (see {@link FaultProxies}). */
    protected abstract FaultProxies startFaultProxies() throws Exception;

    protected abstract void startPaymentProvider() throws Exception;

    /** Starts the primary, and the standby when the preset has one; then says which is which ({@link #database}). */
    protected abstract void startDatabase() throws Exception;

    /** The primary as this host reaches it (at boot, the one the dataset goes to). */
    protected final DatabaseServer primaryServer() {
        return primaryServer;
    }

    /** The database's nodes, the primary first; none before {@link #database} is called. */
    protected final List<Node> databaseNodes() {
        return Stream.of(primaryServer, standbyServer).filter(server -> server != null).map(DatabaseServer::node).toList();
    }

    /** A database server: its node, and where this host reaches it. */
    public record DatabaseServer(Node node, Address address) {
        public String jdbcUrl() {
            return "jdbc:postgresql://" + address.hostPort() + "/postgres";
        }
    }

    /** The database as started: a primary, and a standby (null for none) that a failover control plane then watches. */
    protected final void database(DatabaseServer primary, DatabaseServer standby) {
        this.primaryServer = primary;
        this.standbyServer = standby;
        this.failover = standby == null ? null : DatabaseFailover.between(primary.node(), primary.jdbcUrl(), standby.node(), standby.jdbcUrl(),
                preset.database().synchronous());
    }

    /**
     * A new standby in the place of {@code lost} (a server a failover fenced: dead), copied from the
     * running {@code primary}, streaming from it through the link {@code lost → primary}. Returns once it
     * accepts connections; on failure leaves nothing running.
     */
    protected abstract DatabaseServer cloneStandby(Node lost, DatabaseServer primary) throws Exception;

    /** Records that the standby's node is now the primary (its {@link Node#kind()}). */
    protected abstract void promoted(Node standby);

    /** Copies the running {@code primary} into {@code folder} of the backup location, with the WAL archived until the copy is consistent. */
    protected abstract void takeBaseBackup(DatabaseServer primary, Path folder) throws Exception;

    /**
     * A new primary in the place of {@code lost} (dead: its zone and address), restored from the base
     * backup {@code from} and the WAL archive up to {@code target} (null: the latest point); returns
     * once it accepts connections.
     */
    protected abstract DatabaseServer restorePrimary(Node lost, BackupStore.BaseBackup from, Instant target) throws Exception;

    protected abstract void generateDataset() throws Exception;

    /**
     * Starts one replica named {@code id} in {@code zone} running {@code release}; returns once it is
     * ready. Not ready within {@code readyWithin} (or exited): throws, with the replica stopped and
     * everything it held freed.
     */
    protected abstract Started startReplica(String id, String zone, Release release, Duration readyWithin) throws Exception;

    /** Starts edge {@code id} in {@code zone} in front of the current replicas ({@link #edgeServers(String)}). */
    protected abstract Edge startEdge(String id, String zone) throws Exception;

    /** The address the edge dials to reach a replica. */
    protected abstract Address edgeDials(String replicaId);

    /**
     * The replica's CPU weight against the other nodes when the host is busy (cgroup {@code cpu.shares}).
     * A replica whose quota is lifted until ready boots at {@link #BOOTING_CPU_SHARES}: it takes only the
     * CPU nobody else wants, as a new instance on a machine of its own takes none of the others'. Booted
     * live at the normal weight, a JVM compiling on every core once made a serving replica's login miss
     * the client's 2.5 s (a rollout on containers). Back to {@link #CPU_SHARES} once it is ready.
     */
    protected abstract void setCpuShares(String replicaId, int shares);

    /** The kernel's default weight, every node's; and the least it allows. */
    protected static final int CPU_SHARES = 1024;
    protected static final int BOOTING_CPU_SHARES = 2;

    /** Stops a replica that has left the edge, and frees what it held. */
    protected abstract void stopReplica(String replicaId);

    /** Stops every node; runs once, from {@link #close()}. */
    protected abstract void stopAll();

    /** What this back end finds left of the run after {@link #stopAll()} (containers, processes, …). */
    protected abstract List<String> leftoversOfRun();

    /** A started replica: where clients reach it, and the node to act on. */
    public record Started(Replica replica, Node node) {}

    /**
     * A started edge.
     *
     * @param url        where this host reaches it
     * @param clientUrl  where the load generator should send requests (may avoid a port-publishing proxy)
     * @param metricsUrl its Prometheus exporter
     */
    public record Edge(Node node, HaproxyRuntime runtime, String url, String clientUrl, String metricsUrl) {
        String id() {
            return node.id();
        }
    }

    // --- lifecycle -----------------------------------------------------------------------------

    /** Boots the preset; on any failure tears down what was started and rethrows. */
    protected final void boot() throws Exception {
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        try {
            long phase = System.nanoTime();
            if (options.faultProxies()) {
                faultProxies = startFaultProxies();
                links.proxyThrough(faultProxies);
                phase = timed("fault proxy", phase);
            }
            startPaymentProvider();
            phase = timed("payment provider", phase);
            startDatabase();
            phase = timed("database", phase);
            generateDataset();
            phase = timed("dataset", phase);
            if (backups != null) {
                backup();
                phase = timed("base backup", phase);
            }
            startReplicas();
            phase = timed("replicas", phase);
            if (preset.edge().enabled()) {
                for (int i = 0; i < preset.edge().count(); i++) edges.add(startEdge(preset.edgeId(i), preset.zoneOfEdge(i)));
                edges.awaitUp(replicas().stream().map(Replica::id).toList(), Duration.ofSeconds(20));
                timed("edges", phase);
            }
            publishScrapeTargets();
        } catch (Exception | Error e) {
            close();
            throw e;
        }
    }

    private long timed(String phase, long since) {
        long now = System.nanoTime();
        bootSeconds.put(phase, (now - since) / 1e9);
        return now;
    }

    @Override
    public Map<String, Double> bootSeconds() {
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(bootSeconds));
    }

    private void startReplicas() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(preset.replicas().count());
        try {
            List<Future<Started>> starting = new ArrayList<>();
            for (int i = 0; i < preset.replicas().count(); i++) {
                String id = replicas.nextId(); // named here, not in the task: replica-N is always in the N-th zone
                String zone = preset.zoneOfReplica(i);
                if (i < options.replicaCores().size()) replicaCores.put(id, options.replicaCores().get(i));
                starting.add(pool.submit(() -> bootReplica(id, zone, Release.INITIAL, READY_AT_BOOT, false)));
            }
            for (Future<Started> replica : starting) replica.get();
        } finally {
            pool.shutdown();
        }
    }

    /** How long a replica may take to be ready at boot, on a host busy booting the others too. */
    private static final Duration READY_AT_BOOT = Duration.ofSeconds(240);

    /**
     * Starts a replica, records how long it took to be ready (its readiness probe up), and holds it to its quota from then
     * on; one added while traffic flows ({@code warm}) is first warmed at its boot's quota ({@link ReplicaWarmUp}).
     */
    private Started bootReplica(String id, String zone, Release release, Duration readyWithin, boolean warm) throws Exception {
        long start = System.nanoTime();
        Started started = startReplica(id, zone, release, readyWithin);
        replicas.add(started.replica(), started.node(), (System.nanoTime() - start) / 1e9);
        if (warm) warmUps.put(id, ReplicaWarmUp.warm(started.replica().url(), datasetDir()).summary());
        if (bootCores(id) != cpuQuota(id)) {
            setCpuQuota(id, cpuQuota(id));
            setCpuShares(id, CPU_SHARES);
        }
        return started;
    }

    @Override
    public double cpuQuota(String replicaId) {
        return replicaCores.getOrDefault(replicaId, preset.replicas().cpus());
    }

    /** The CPU quota a replica starts with: its own, or none until it is ready ({@link ReplicaBoot}); when none, at {@link #BOOTING_CPU_SHARES}. */
    protected final double bootCores(String replicaId) {
        return replicaBoot == ReplicaBoot.AT_QUOTA ? cpuQuota(replicaId) : 0;
    }

    @Override
    public final synchronized void close() {
        if (closed) return;
        closed = true;
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // called from the hook itself
        }
        if (failover != null) failover.close();
        // The proxy server first: a container back end removes its network last, once nothing is attached.
        if (faultProxies != null) faultProxies.close();
        resumeUnrouted();
        stopAll();
        if (!options.keepRunFolder()) deleteQuietly(runDir);
    }

    @Override
    public final List<String> leftovers() {
        if (!closed) return List.of("the deployment is still running (close() it first)");
        List<String> left = new ArrayList<>(leftoversOfRun());
        if (!options.keepRunFolder() && Files.exists(runDir)) left.add("run folder " + runDir);
        return left;
    }

    // --- the handle ----------------------------------------------------------------------------

    @Override
    public Optional<Path> edgeAccessLog() {
        return preset.edge().enabled() ? Optional.of(accessLogFile()) : Optional.empty();
    }

    /** Every edge appends to this one file, a line per request, so readers see all the traffic. */
    protected final Path accessLogFile() {
        return runDir.resolve("edge.log");
    }

    @Override
    public Optional<String> edgeUrl() {
        return edges.url();
    }

    /** The edges still running; all of them when none is; without edges, the replicas. */
    @Override
    public List<String> clientUrls() {
        List<String> viaEdges = edges.clientUrls();
        return viaEdges.isEmpty() ? Deployment.super.clientUrls() : viaEdges;
    }

    @Override
    public Optional<String> edgeMetricsUrl() {
        return edges.metricsUrl();
    }

    /** The edges, in start order. */
    protected final List<Edge> edges() {
        return edges.all();
    }

    @Override
    public Preset preset() {
        return preset;
    }

    @Override
    public List<Replica> replicas() {
        return replicas.all();
    }

    @Override
    public List<Node> nodes() {
        List<Node> nodes = new ArrayList<>();
        edges.all().forEach(edge -> nodes.add(edge.node()));
        nodes.addAll(replicas.nodes());
        nodes.addAll(databaseNodes());
        if (paymentProvider != null) nodes.add(paymentProvider);
        return nodes;
    }

    @Override
    public Node node(String id) {
        return nodes().stream().filter(node -> node.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no node '" + id + "'; nodes are " + nodes().stream().map(Node::id).toList()));
    }

    @Override
    public List<Node> nodesInZone(String zone) {
        List<Node> inZone = nodes().stream().filter(node -> node.zone().equals(zone)).toList();
        if (inZone.isEmpty()) throw new IllegalArgumentException("no node in zone '" + zone + "'; zones are " + preset.zones());
        return inZone;
    }

    @Override
    public Optional<FaultProxies> faultProxies() {
        return Optional.ofNullable(faultProxies);
    }

    @Override
    public List<Link> links() {
        return List.copyOf(links.all());
    }

    @Override
    public void drain(String replicaId) {
        replicas.require(replicaId);
        edges.drain(replicaId);
    }

    @Override
    public synchronized void routeOnly(Set<String> replicaIds) {
        if (replicaIds.isEmpty()) throw new IllegalArgumentException("route to at least one replica");
        replicaIds.forEach(replicas::require);
        try {
            for (Replica replica : replicas.all()) {
                if (replicaIds.contains(replica.id()) || unrouted.contains(replica.id())) continue;
                edges.maintenance(replica.id());
                replicas.node(replica.id()).freeze();
                unrouted.add(replica.id());
            }
            for (String id : replicaIds) {
                if (!unrouted.contains(id)) continue;
                replicas.node(id).resume();
                edges.ready(id, Duration.ofSeconds(20));
                unrouted.remove(id);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while routing to " + replicaIds, e);
        }
    }

    @Override
    public List<Replica> routedReplicas() {
        return replicas.all().stream().filter(replica -> !unrouted.contains(replica.id())).toList();
    }

    /** Replicas frozen out of the edge by routeOnly: resumed before they are stopped (a paused container or a stopped process ignores its stop). */
    private void resumeUnrouted() {
        for (String id : List.copyOf(unrouted)) {
            try {
                replicas.node(id).resume();
            } catch (RuntimeException e) {
                System.err.println("topology: could not resume " + id + " before stopping it: " + e.getMessage());
            }
            unrouted.remove(id);
        }
    }

    @Override
    public Replica addReplica(String zone) {
        return addReplica(zone, release, READY_AT_BOOT);
    }

    @Override
    public Replica addReplica(String zone, Release release, Duration readyWithin) {
        if (!preset.zones().contains(zone)) throw new IllegalArgumentException("zone '" + zone + "' is not one of " + preset.zones());
        String id = replicas.nextId();
        Started started;
        try {
            started = bootReplica(id, zone, release, readyWithin, true);
        } catch (Exception e) {
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            throw new ReplicaNotReady(id, id + " (" + release.name() + ") in " + zone + " did not become ready within " + readyWithin.toSeconds()
                    + " s; " + lastLine(e.getMessage()), e);
        }
        try {
            edges.addServer(id, edge -> links.dial(edge.id(), id, zone, edgeDials(id)), HaproxyConfig.addedServerSettings(preset.edge()));
        } catch (Exception | Error e) {
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            try {
                removeReplica(id);
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw new ReplicaNotReady(id, "the edge did not take " + id + " (" + release.name() + ") in " + zone + ": " + e.getMessage(), e);
        }
        publishScrapeTargets();
        return started.replica();
    }

    @Override
    public Optional<String> warmUp(String replicaId) {
        return Optional.ofNullable(warmUps.get(replicaId));
    }

    @Override
    public Release release() {
        return release;
    }

    @Override
    public void adopt(Release release) {
        this.release = release;
    }

    @Override
    public void removeReplica(String replicaId) {
        replicas.require(replicaId);
        if (unrouted.remove(replicaId)) replicas.node(replicaId).resume();
        edges.removeServer(replicaId);
        stopReplica(replicaId);
        replicas.remove(replicaId);
        links.forget(replicaId);
        publishScrapeTargets();
    }

    @Override
    public Path scrapeTargets() {
        return scrapeTargets.folder();
    }

    /**
     * Rewrites the file-based service discovery: Prometheus follows replicas that come and go. The
     * edges get the LMS's {@code application} label, so every dashboard filters by it.
     */
    private void publishScrapeTargets() {
        scrapeTargets.write("lms", replicas().stream().map(r -> new ScrapeTargets.Target(r.metricsUrl(),
                Map.of("application", APPLICATION, "replica", r.id(), "zone", r.zone()))).toList());
        scrapeTargets.write("haproxy", edges.all().stream().map(e -> new ScrapeTargets.Target(e.metricsUrl(),
                Map.of("application", APPLICATION, "edge", e.id(), "zone", e.node().zone()))).toList());
    }

    @Override
    public double readySeconds(String replicaId) {
        return replicas.readySeconds(replicaId);
    }

    @Override
    public Optional<DatabaseFailover.Failover> databaseFailover() {
        List<DatabaseFailover.Failover> all = databaseFailovers();
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    @Override
    public List<DatabaseFailover.Failover> databaseFailovers() {
        List<DatabaseFailover.Failover> all = new ArrayList<>(pastFailovers);
        DatabaseFailover watching = failover;
        if (watching != null && watching.failover() != null) all.add(watching.failover());
        return all;
    }

    @Override
    public boolean standbyLost() {
        DatabaseFailover watching = failover;
        return lostServer != null || (watching != null && watching.failover() != null);
    }

    /** How long a new standby may take to stream once it accepts connections (it replays what was written during its copy). */
    private static final Duration STANDBY_STREAMS_WITHIN = Duration.ofSeconds(60);

    @Override
    public synchronized String restoreStandby() throws Exception {
        stopWatching();
        String standby = replaceLostStandby();
        // The failover began a new timeline: a later restore starts from a backup of it, instead of
        // replaying everything archived since the last one (18 s to a primary again after 11 minutes of load).
        if (backups != null) backup();
        return standby;
    }

    /** A new standby in the place of {@link #lostServer}, streaming (synchronous where the preset's is) and watched. */
    private String replaceLostStandby() throws Exception {
        Node lost = lostServer;
        if (lost == null) {
            throw new IllegalStateException(preset.database().hasStandby() ? "no standby is lost: " + standbyServer.node().id() + " is in place"
                    : "the preset " + preset.name() + " has no standby");
        }
        DatabaseServer clone = cloneStandby(lost, primaryServer);
        try {
            Replication.awaitStreaming(primaryServer.jdbcUrl(), STANDBY_STREAMS_WITHIN);
            if (preset.database().synchronous()) Replication.setSynchronousStandbys(primaryServer.jdbcUrl(), PostgresSettings.SYNCHRONOUS_STANDBYS);
        } catch (Exception | Error e) {
            clone.node().kill();
            throw e;
        }
        lostServer = null;
        database(primaryServer, clone);
        return clone.node().id();
    }

    /**
     * Stops the failover control plane of the current pair. When it had promoted the standby, that is the
     * primary from now on and the old primary the server lost ({@link #lostServer}).
     */
    private void stopWatching() {
        DatabaseFailover watching = failover;
        if (watching == null) return;
        watching.close();
        failover = null;
        if (watching.failover() == null) return;
        pastFailovers.add(watching.failover());
        lostServer = primaryServer.node();
        promoted(standbyServer.node());
        primaryServer = standbyServer;
        standbyServer = null;
    }

    @Override
    public Optional<BackupStore> backupStore() {
        return Optional.ofNullable(backups);
    }

    /** How many WAL bytes an archived segment holds: {@link PostgresSettings#ARCHIVED_WAL_SEGMENT_MEGABYTES}. */
    private static final long WAL_SEGMENT_BYTES = (long) PostgresSettings.ARCHIVED_WAL_SEGMENT_MEGABYTES << 20;

    @Override
    public synchronized BackupStore.BaseBackup backup() throws Exception {
        if (backups == null) throw new IllegalStateException("the preset " + preset.name() + " keeps no backups (database.backups-kept)");
        Instant taken = Instant.now();
        // Where the copy's WAL starts at the latest: the retention keeps every segment from here on.
        String startLsn = Replication.currentLsn(primaryServer.jdbcUrl());
        Path folder = backups.newBackupFolder(taken);
        takeBaseBackup(primaryServer, folder);
        BackupStore.BaseBackup backup = backups.record(folder, taken, startLsn);
        backups.retain(preset.database().backupsKept(), WAL_SEGMENT_BYTES);
        return backup;
    }

    /** How long a restored primary may take to replay the archive and be promoted once it accepts connections. */
    private static final Duration RESTORED_PRIMARY_WITHIN = Duration.ofSeconds(120);

    @Override
    public synchronized DatabaseRestore restoreDatabase(Instant target) throws Exception {
        if (backups == null) throw new IllegalStateException("the preset " + preset.name() + " keeps no backups (database.backups-kept)");
        if (target != null && target.isAfter(Instant.now())) throw new IllegalArgumentException("cannot restore to " + target + ": it is in the future");
        BackupStore.BaseBackup from = backups.startingPointFor(target).orElseThrow(() -> new IllegalStateException(
                "no base backup finished before " + target + "; the oldest kept: " + backups.backups().stream().findFirst().map(BackupStore.BaseBackup::finished).orElse(null)));
        long start = System.nanoTime();
        stopWatching();
        Node lostPrimary = primaryServer.node();
        Node lostStandby = standbyServer != null ? standbyServer.node() : lostServer;
        // Whatever still runs of the old servers must never meet the restored one (its timeline is new).
        databaseNodes().forEach(Node::kill);
        standbyServer = null;
        DatabaseServer restored = restorePrimary(lostPrimary, from, target);
        Replication.awaitPrimary(restored.jdbcUrl(), RESTORED_PRIMARY_WITHIN);
        Replication.forgetRecovery(restored.jdbcUrl());
        Duration writable = Duration.ofNanos(System.nanoTime() - start);
        primaryServer = restored;
        String standby = null;
        if (lostStandby != null) {
            lostServer = lostStandby;
            standby = replaceLostStandby();
        } else {
            database(restored, null);
        }
        Duration whole = Duration.ofNanos(System.nanoTime() - start);
        // The restored server writes a new timeline: later restores start from a backup of it.
        BackupStore.BaseBackup fresh = backup();
        return new DatabaseRestore(from, target, restored.node().id(), writable, standby, whole, fresh);
    }

    /** The replicas' and the harness's URL: every server, the primary found by asking ({@code targetServerType}). */
    @Override
    public String jdbcUrl() {
        DatabaseServer standbyNow = standbyServer;
        String hosts = primaryServer.address().hostPort() + (standbyNow == null ? "" : "," + standbyNow.address().hostPort());
        return "jdbc:postgresql://" + hosts + "/postgres?targetServerType=primary";
    }

    @Override
    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    /** With several edges, keys are {@code <edge>/<server>}; an edge that does not answer (frozen, dead) is left out. */
    @Override
    public Map<String, String> edgeServerStatus() {
        return edges.serverStatus();
    }

    // --- helpers -------------------------------------------------------------------------------

    /** The servers edge {@code edgeId} is given at start: every replica so far, each through its own link. */
    protected List<HaproxyConfig.Server> edgeServers(String edgeId) {
        return replicas().stream()
                .map(r -> new HaproxyConfig.Server(r.id(), links.dial(edgeId, r.id(), r.zone(), edgeDials(r.id()))))
                .toList();
    }

    /** How a start failure's message joins the replica's last log lines, so that {@link #lastLine} can take the last one. */
    protected static final String LOG_LINES_JOINED_BY = " | ";

    /** The end of a start failure's message, which carries the replica's last log lines: one line, at most 240 characters. */
    private static String lastLine(String message) {
        if (message == null) return "no reason given";
        int cut = message.lastIndexOf(LOG_LINES_JOINED_BY);
        String last = (cut < 0 ? message : message.substring(cut + LOG_LINES_JOINED_BY.length())).trim();
        return last.length() <= 240 ? last : last.substring(0, 240) + "…";
    }

    protected static void deleteQuietly(Path folder) {
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // already gone
        }
    }
}
