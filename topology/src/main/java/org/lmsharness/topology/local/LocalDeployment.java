package org.lmsharness.topology.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.lmsharness.topology.FaultProxies;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.lmsharness.common.Address;
import org.lmsharness.topology.Artifacts;
import org.lmsharness.topology.BaseDeployment;
import org.lmsharness.topology.BootOptions;
import org.lmsharness.common.Executables;
import org.lmsharness.common.Host;
import org.lmsharness.topology.ExtractedJar;
import org.lmsharness.topology.LmsArguments;
import org.lmsharness.topology.Node;
import org.lmsharness.topology.Release;
import org.lmsharness.topology.ReplicaBoot;
import org.lmsharness.topology.TopologyUnavailable;
import org.lmsharness.topology.database.BackupStore;
import org.lmsharness.topology.database.PostgresSettings;
import org.lmsharness.topology.database.Replication;
import org.lmsharness.topology.edge.HaproxyConfig;
import org.lmsharness.topology.edge.HaproxyRuntime;
import org.lmsharness.topology.preset.Preset;

/**
 * The local back end: every node a process on loopback, no Docker.
 *
 * <pre>
 *   clients ──> edge(s) (haproxy) ──> replica-1 (zone-a) ─┬─> db-primary (zone-a) ──streaming──> db-standby (zone-b)
 *                              ──> replica-2 (zone-b) ─┤   (failover: promoted when the primary dies)
 *                              ──> replica-3 (zone-c) ─┴─> payment-provider
 * </pre>
 *
 * Replicas run in their own cgroup with the preset's CPU quota and memory limit where the host
 * allows it. Every process carries the run's id and its owner's pid in its environment, so the
 * processes of a run whose owner died are found and killed by the next run, as containers are
 * removed by label.
 */
public final class LocalDeployment extends BaseDeployment {

    static final String RUN_VARIABLE = "LMS_TOPOLOGY_RUN";
    static final String OWNER_VARIABLE = "LMS_TOPOLOGY_OWNER";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Map<String, Address> replicaAddresses = new ConcurrentHashMap<>();
    private final Map<String, CpuQuota> quotas = new ConcurrentHashMap<>();
    private Address paymentAddress;
    private Address primaryAddress;
    private Address standbyAddress;
    private Path datasetDir;

    private LocalDeployment(Preset preset, ReplicaBoot replicaBoot, BootOptions options) throws IOException {
        super(preset, replicaBoot, options);
    }

    /** Boots the whole preset; on any failure, tears down what was started and rethrows. */
    public static LocalDeployment start(Preset preset, ReplicaBoot replicaBoot, BootOptions options) throws Exception {
        if (preset.edge().enabled() && !Executables.onPath("haproxy")) {
            throw new TopologyUnavailable("preset " + preset.name() + " has an edge and needs the haproxy binary: install it "
                    + "(apt-get install haproxy), or choose a preset with edge.enabled: false");
        }
        OrphanReaper.reap();
        LocalDeployment deployment = new LocalDeployment(preset, replicaBoot, options);
        String reason = CpuQuota.unavailableBecause();
        if (reason != null) {
            deployment.warnings.add("CPU quotas not applied (" + reason + "): replicas may use every core, so per-replica capacity is overstated");
            System.getLogger(LocalDeployment.class.getName()).log(System.Logger.Level.WARNING, deployment.warnings.get(0));
        }
        deployment.boot();
        return deployment;
    }

    /** The project's fault proxy as a process on loopback, or the real Toxiproxy given by --toxiproxy-url. */
    @Override
    protected FaultProxies startFaultProxies() throws Exception {
        if (options.toxiproxyServer().isPresent()) {
            URI real = options.toxiproxyServer().get();
            FaultProxies.awaitApi(real, Duration.ofSeconds(5));
            return new FaultProxies(real, "127.0.0.1", port -> new Address("127.0.0.1", port), () -> {});
        }
        Address api = new Address("127.0.0.1", Address.freeLoopbackPort());
        Path log = runDir.resolve("toxiproxy.log");
        ProcessNode server = new ProcessNode("toxiproxy", Node.Kind.FAULT_PROXY, "external",
                process(List.of(java(), "-Xmx128m", "-XX:+UseSerialGC", "-jar", Artifacts.faultProxyServer().toString(),
                        "-host", api.host(), "-port", Integer.toString(api.port())), log, Map.of()), log);
        try {
            awaitHttp(server, api.http() + "/version", Duration.ofSeconds(30));
        } catch (Exception e) {
            server.kill();
            throw e;
        }
        return new FaultProxies(URI.create(api.http()), api.host(), port -> new Address(api.host(), port), server::stop);
    }

    @Override
    protected void startPaymentProvider() throws Exception {
        paymentAddress = new Address("127.0.0.1", Address.freeLoopbackPort());
        Path log = runDir.resolve("payment-provider.log");
        ProcessNode node = new ProcessNode("payment-provider", Node.Kind.PAYMENT_PROVIDER, "external",
                process(List.of(java(), "-Xmx64m", "-XX:+UseSerialGC", "-jar", Artifacts.paymentProviderStub().toString(),
                        "--port", Integer.toString(paymentAddress.port())), log, Map.of()), log);
        paymentProvider = node;
        awaitHttp(node, paymentAddress.http() + "/health", Duration.ofSeconds(30));
    }

    @Override
    protected void startDatabase() throws Exception {
        Preset.Database database = preset.database();
        primaryAddress = new Address("127.0.0.1", Address.freeLoopbackPort());
        Path primaryData = runDir.resolve("db-primary");
        Path standbyData = database.hasStandby() ? runDir.resolve("db-standby") : null;
        LocalPostgres.initialize(primaryData, standbyData, primaryAddress.port(), database.synchronous(), backups == null ? null : backups.wal());
        ProcessNode primaryNode = LocalPostgres.start("db-primary", Node.Kind.DB_PRIMARY, database.primaryZone(), primaryData,
                primaryAddress.port(), runDir.resolve("db-primary.log"));
        DatabaseServer primaryServer = new DatabaseServer(primaryNode, primaryAddress);
        if (standbyData == null) {
            database(primaryServer, null);
            return;
        }
        Replication.reserveSlot(primaryServer.jdbcUrl());
        standbyAddress = new Address("127.0.0.1", Address.freeLoopbackPort());
        Address replicationLink = links.dial("db-standby", "db-primary", database.primaryZone(), primaryAddress);
        LocalPostgres.configureStandby(standbyData, standbyAddress.port(), replicationLink);
        ProcessNode standbyNode = LocalPostgres.start("db-standby", Node.Kind.DB_STANDBY, database.standbyZone(), standbyData, standbyAddress.port(),
                runDir.resolve("db-standby.log"));
        database(primaryServer, new DatabaseServer(standbyNode, standbyAddress));
    }

    /** A copy of the running primary's data folder in the lost server's folder, started on the lost server's port. */
    @Override
    protected DatabaseServer cloneStandby(Node lost, DatabaseServer primary) throws Exception {
        lost.kill(); // fenced already; the copy must never meet it
        Address place = placeOf(lost);
        Path data = runDir.resolve(lost.id());
        deleteQuietly(data);
        Replication.reserveSlot(primary.jdbcUrl());
        LocalPostgres.copyRunning(primary.jdbcUrl(), runDir.resolve(primary.node().id()), data, false);
        Address replicationLink = links.dial(lost.id(), primary.node().id(), primary.node().zone(), primary.address());
        LocalPostgres.configureStandby(data, place.port(), replicationLink);
        ProcessNode node = LocalPostgres.start(lost.id(), Node.Kind.DB_STANDBY, lost.zone(), data, place.port(), runDir.resolve(lost.id() + ".log"));
        return new DatabaseServer(node, place);
    }

    /** A database server's address, which the replicas' JDBC URLs list: a server put in a lost one's place takes it. */
    private Address placeOf(Node server) {
        return server.id().equals("db-primary") ? primaryAddress : standbyAddress;
    }

    /** A low-level base backup (the same copy as a new standby's) in {@code folder/data}. */
    @Override
    protected void takeBaseBackup(DatabaseServer primary, Path folder) throws Exception {
        LocalPostgres.copyRunning(primary.jdbcUrl(), runDir.resolve(primary.node().id()), folder.resolve("data"), true);
    }

    /** The backup's copy in the lost server's folder, recovering from the archive, started on the lost server's port. */
    @Override
    protected DatabaseServer restorePrimary(Node lost, BackupStore.BaseBackup from, Instant target) throws Exception {
        lost.kill();
        Address place = placeOf(lost);
        Path data = runDir.resolve(lost.id());
        deleteQuietly(data);
        LocalPostgres.restore(from.folder().resolve("data"), data, place.port(), PostgresSettings.recovery(backups.wal().toString(), target));
        ProcessNode node = LocalPostgres.start(lost.id(), Node.Kind.DB_PRIMARY, lost.zone(), data, place.port(), runDir.resolve(lost.id() + ".log"));
        return new DatabaseServer(node, place);
    }

    @Override
    protected void promoted(Node standby) {
        ((ProcessNode) standby).promoted();
    }

    /** The dataset once, by the LMS's own generator, before any replica serves. */
    @Override
    protected void generateDataset() throws Exception {
        datasetDir = runDir.resolve("dataset");
        Path log = runDir.resolve("dataset.log");
        Process generator = process(LmsArguments.generateDataset(java(), ExtractedJar.of(options.appJar()).toString(),
                primaryServer().jdbcUrl(), preset.dataset(), datasetDir.toString()), log, Map.of());
        if (generator.waitFor() != 0) throw new IOException("dataset generation failed; see " + log + ": " + tail(log));
    }

    @Override
    public void setCpuQuota(String replicaId, double cores) {
        CpuQuota quota = quotas.get(replicaId);
        if (quota == null) return; // quotas unavailable here: the replicas already run unlimited (see warnings())
        try {
            quota.setCores(cores);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot change the CPU quota of " + replicaId, e);
        }
    }

    @Override
    protected void setCpuShares(String replicaId, int shares) {
        CpuQuota quota = quotas.get(replicaId);
        if (quota == null) return;
        try {
            quota.setShares(shares);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot change the CPU weight of " + replicaId, e);
        }
    }

    @Override
    protected Started startReplica(String id, String zone, Release release, Duration readyWithin) throws Exception {
        Address address = new Address("127.0.0.1", Address.freeLoopbackPort());
        List<Address> servers = new ArrayList<>(List.of(links.dial(id, "db-primary", preset.database().primaryZone(), primaryAddress)));
        if (standbyAddress != null) servers.add(links.dial(id, "db-standby", preset.database().standbyZone(), standbyAddress));
        Address provider = links.dial(id, "payment-provider", "external", paymentAddress);
        List<String> command = LmsArguments.replica(java(), ExtractedJar.of(release.jarOr(options.appJar())).toString(), preset, cpuQuota(id), id,
                zone, address, LmsArguments.replicaJdbcUrl(servers), provider, release);
        CpuQuota quota = null;
        if (CpuQuota.available()) {
            quota = CpuQuota.create(run, id, cpuQuota(id), preset.replicas().memoryMb());
            if (bootCores(id) != cpuQuota(id)) {
                quota.setCores(bootCores(id));
                quota.setShares(BOOTING_CPU_SHARES);
            }
            command = quota.wrap(command);
        }
        Path log = runDir.resolve(id + ".log");
        ProcessNode node;
        try {
            node = new ProcessNode(id, Node.Kind.REPLICA, zone, process(command, log, Map.of("LMS_JWT_SECRET", jwtSecret)), log);
        } catch (IOException | RuntimeException e) {
            if (quota != null) quota.remove();
            throw e;
        }
        try {
            awaitHttp(node, address.http() + "/actuator/health/readiness", readyWithin);
        } catch (Exception e) {
            // Not ready: it is not part of the deployment, so nothing else would ever stop it.
            node.kill();
            if (quota != null) quota.remove();
            throw e;
        }
        if (quota != null) quotas.put(id, quota);
        replicaAddresses.put(id, address);
        return new Started(new Replica(id, zone, address, release.name()), node);
    }

    @Override
    protected Edge startEdge(String id, String zone) throws Exception {
        Address listen = new Address("127.0.0.1", Address.freeLoopbackPort());
        Address metrics = new Address("127.0.0.1", Address.freeLoopbackPort());
        Path socket = runDir.resolve(id + ".sock");
        Path config = runDir.resolve(id + ".cfg");
        Files.writeString(config, HaproxyConfig.render(preset, listen, metrics, socket.toString(), edgeServers(id)));
        Path log = accessLogFile();
        ProcessNode node = new ProcessNode(id, Node.Kind.EDGE, zone, process(List.of("haproxy", "-W", "-db", "-f", config.toString()), log, Map.of()), log);
        awaitHttp(node, metrics.http() + "/health", Duration.ofSeconds(20));
        return new Edge(node, new HaproxyRuntime(socket), listen.http(), listen.http(), metrics.http() + "/metrics");
    }

    @Override
    protected Address edgeDials(String replicaId) {
        return replicaAddresses.get(replicaId);
    }

    @Override
    protected void stopReplica(String replicaId) {
        node(replicaId).stop();
        CpuQuota quota = quotas.remove(replicaId);
        if (quota != null) quota.remove();
        replicaAddresses.remove(replicaId);
    }

    @Override
    protected void stopAll() {
        edges().forEach(edge -> edge.node().stop());
        replicas().parallelStream().forEach(replica -> node(replica.id()).stop());
        if (paymentProvider != null) paymentProvider.stop();
        List<Node> database = new ArrayList<>(databaseNodes());
        Collections.reverse(database); // the standby first, as before
        database.forEach(Node::stop);
        quotas.values().forEach(CpuQuota::remove);
        CpuQuota.removeRun(run);
    }

    @Override
    protected List<String> leftoversOfRun() {
        List<String> left = new ArrayList<>(OrphanReaper.processesOf(run).stream().map(process -> "process " + process).toList());
        CpuQuota.groupsOf(run).forEach(group -> left.add("cgroup " + group));
        return left;
    }

    // --- the handle --------------------------------------------------------------------------

    @Override
    public String paymentProviderUrl() {
        return paymentAddress.http();
    }

    @Override
    public Path datasetDir() {
        return datasetDir;
    }

    @Override
    public long pid(String nodeId) {
        return ((ProcessNode) node(nodeId)).pid();
    }

    // --- helpers -----------------------------------------------------------------------------

    private Process process(List<String> command, Path log, Map<String, String> environment) throws IOException {
        // Appended: the edges share one access log.
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        builder.environment().put(RUN_VARIABLE, run);
        builder.environment().put(OWNER_VARIABLE, Long.toString(ProcessHandle.current().pid()));
        return builder.start();
    }

    private static void awaitHttp(ProcessNode node, String url, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build();
        while (System.nanoTime() < deadline) {
            if (!node.isAlive()) throw new IOException(node.id() + " exited at start: " + tail(node.log()));
            try {
                if (HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) return;
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IOException(node.id() + " not ready within " + timeout.toSeconds() + " s: " + tail(node.log()));
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join(LOG_LINES_JOINED_BY, lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static String java() {
        return Host.java().toString();
    }
}
