package org.lmsharness.topology.local;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.lmsharness.topology.Address;
import org.lmsharness.topology.Artifacts;
import org.lmsharness.topology.Deployment;
import org.lmsharness.topology.Link;
import org.lmsharness.topology.Links;
import org.lmsharness.topology.LmsArguments;
import org.lmsharness.topology.Node;
import org.lmsharness.topology.TopologyUnavailable;
import org.lmsharness.topology.database.DatabaseFailover;
import org.lmsharness.topology.edge.HaproxyConfig;
import org.lmsharness.topology.edge.HaproxyRuntime;
import org.lmsharness.topology.preset.Preset;

/**
 * The local back end: every node a process on loopback, no Docker.
 *
 * <pre>
 *   clients ──> edge (haproxy) ──> replica-1 (zone-a) ─┬─> db-primary (zone-a) ──streaming──> db-standby (zone-b)
 *                              ──> replica-2 (zone-b) ─┤   (failover: promoted when the primary dies)
 *                              ──> replica-3 (zone-c) ─┴─> payment-provider
 * </pre>
 *
 * Start order, sequential because each needs the one before: payment provider, database primary
 * and standby, dataset, replicas (in parallel), edge. Replicas run in their own cgroup with the
 * preset's CPU quota and memory limit where the host allows it. Every process carries the run's
 * id in its environment, so the processes of a run whose owner died are found and killed by the
 * next run, as containers are removed by label.
 */
public final class LocalDeployment implements Deployment {

    static final String RUN_VARIABLE = "LMS_TOPOLOGY_RUN";
    static final String OWNER_VARIABLE = "LMS_TOPOLOGY_OWNER";
    private static final System.Logger log = System.getLogger(LocalDeployment.class.getName());
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private record ReplicaProcess(Replica replica, ProcessNode node, CpuQuota quota) {}

    private final Preset preset;
    private final String run = "run-" + Long.toHexString(System.currentTimeMillis()) + "-" + ProcessHandle.current().pid();
    private final Path runDir;
    private final Links links = new Links();
    private final String jwtSecret;
    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private final Map<String, ReplicaProcess> replicas = new java.util.concurrent.ConcurrentSkipListMap<>(
            Comparator.comparingInt((String id) -> id.length()).thenComparing(Comparator.naturalOrder()));
    private final AtomicInteger replicaNumbers = new AtomicInteger();
    private final Thread shutdownHook = new Thread(this::close, "topology-shutdown");

    private ProcessNode paymentProvider;
    private Address paymentAddress;
    private ProcessNode primary;
    private ProcessNode standby;
    private Address primaryAddress;
    private Address standbyAddress;
    private DatabaseFailover failover;
    private ProcessNode edge;
    private Address edgeAddress;
    private Address edgeMetrics;
    private HaproxyRuntime runtime;
    private Path datasetDir;
    private volatile boolean closed;

    private LocalDeployment(Preset preset) throws IOException {
        this.preset = preset;
        this.runDir = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"), "lms-topology", run));
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        this.jwtSecret = HexFormat.of().formatHex(secret);
    }

    /** Boots the whole preset; on any failure, tears down what was started and rethrows. */
    public static LocalDeployment start(Preset preset) throws Exception {
        if (preset.edge().enabled() && !onPath("haproxy")) {
            throw new TopologyUnavailable("preset " + preset.name() + " has an edge and needs the haproxy binary: install it "
                    + "(apt-get install haproxy), or choose a preset with edge.enabled: false");
        }
        OrphanReaper.reap();
        LocalDeployment deployment = new LocalDeployment(preset);
        Runtime.getRuntime().addShutdownHook(deployment.shutdownHook);
        try {
            deployment.boot();
            return deployment;
        } catch (Exception | Error e) {
            deployment.close();
            throw e;
        }
    }

    private void boot() throws Exception {
        String reason = CpuQuota.unavailableBecause();
        if (reason != null) {
            warnings.add("CPU quotas not applied (" + reason + "): replicas may use every core, so per-replica capacity is overstated");
            log.log(System.Logger.Level.WARNING, warnings.get(warnings.size() - 1));
        }
        startPaymentProvider();
        startDatabase();
        generateDataset();
        List<Future<ReplicaProcess>> starting = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(preset.replicas().count());
        try {
            for (int i = 0; i < preset.replicas().count(); i++) {
                String zone = preset.zoneOfReplica(i);
                starting.add(pool.submit(() -> startReplica(zone)));
            }
            for (Future<ReplicaProcess> replica : starting) replica.get();
        } finally {
            pool.shutdown();
        }
        if (preset.edge().enabled()) startEdge();
    }

    // --- nodes -------------------------------------------------------------------------------

    private void startPaymentProvider() throws Exception {
        int port = freePort();
        paymentAddress = new Address("127.0.0.1", port);
        Path log = runDir.resolve("payment-provider.log");
        paymentProvider = new ProcessNode("payment-provider", Node.Kind.PAYMENT_PROVIDER, "external",
                process(List.of(java(), "-Xmx64m", "-XX:+UseSerialGC", "-jar", Artifacts.paymentProviderStub().toString(),
                        "--port", Integer.toString(port)), log, Map.of()), log);
        awaitHttp(paymentProvider, paymentAddress.http() + "/health", Duration.ofSeconds(30));
    }

    private void startDatabase() throws Exception {
        Preset.Database database = preset.database();
        primaryAddress = new Address("127.0.0.1", freePort());
        Path primaryData = runDir.resolve("db-primary");
        Path standbyData = database.hasStandby() ? runDir.resolve("db-standby") : null;
        LocalPostgres.initialize(primaryData, standbyData, primaryAddress.port(), database.synchronous());
        primary = LocalPostgres.start("db-primary", Node.Kind.DB_PRIMARY, database.primaryZone(), primaryData, primaryAddress.port(),
                runDir.resolve("db-primary.log"));
        if (standbyData == null) return;
        LocalPostgres.createSlot(primaryAddress);
        standbyAddress = new Address("127.0.0.1", freePort());
        Address replicationLink = links.dial("db-standby", "db-primary", database.primaryZone(), primaryAddress);
        LocalPostgres.configureStandby(standbyData, standbyAddress.port(), replicationLink);
        standby = LocalPostgres.start("db-standby", Node.Kind.DB_STANDBY, database.standbyZone(), standbyData, standbyAddress.port(),
                runDir.resolve("db-standby.log"));
        failover = new DatabaseFailover("db-primary", LocalPostgres.jdbcUrl(primaryAddress), "db-standby", new DatabaseFailover.Actions() {
            @Override
            public void fence(String primaryId) {
                primary.kill();
            }

            @Override
            public void promote(String standbyId) throws Exception {
                LocalPostgres.promote(standbyAddress);
            }
        }, Duration.ofMillis(100), 3);
    }

    /** The dataset once, by the LMS's own generator, before any replica serves. */
    private void generateDataset() throws Exception {
        datasetDir = runDir.resolve("dataset");
        Path log = runDir.resolve("dataset.log");
        Process generator = process(LmsArguments.generateDataset(java(), Artifacts.referenceApp().toString(),
                LocalPostgres.jdbcUrl(primaryAddress), preset.dataset(), datasetDir.toString()), log, Map.of());
        if (generator.waitFor() != 0) throw new IOException("dataset generation failed; see " + log + ": " + tail(log));
    }

    private ReplicaProcess startReplica(String zone) throws Exception {
        String id = "replica-" + replicaNumbers.incrementAndGet();
        Address address = new Address("127.0.0.1", freePort());
        Preset.Replicas size = preset.replicas();
        List<Address> servers = new ArrayList<>(List.of(links.dial(id, "db-primary", preset.database().primaryZone(), primaryAddress)));
        if (standbyAddress != null) servers.add(links.dial(id, "db-standby", preset.database().standbyZone(), standbyAddress));
        Address provider = links.dial(id, "payment-provider", "external", paymentAddress);
        List<String> command = LmsArguments.replica(java(), Artifacts.referenceApp().toString(), preset, id, zone, address,
                LmsArguments.replicaJdbcUrl(servers), provider);
        CpuQuota quota = CpuQuota.available() ? CpuQuota.create(run, id, size.cpus(), size.memoryMb()) : null;
        if (quota != null) command = quota.wrap(command);
        Path log = runDir.resolve(id + ".log");
        ProcessNode node = new ProcessNode(id, Node.Kind.REPLICA, zone, process(command, log, Map.of("LMS_JWT_SECRET", jwtSecret)), log);
        ReplicaProcess replica = new ReplicaProcess(new Replica(id, zone, address), node, quota);
        replicas.put(id, replica);
        awaitHttp(node, address.http() + "/actuator/health/readiness", Duration.ofSeconds(180));
        return replica;
    }

    private void startEdge() throws Exception {
        edgeAddress = new Address("127.0.0.1", freePort());
        edgeMetrics = new Address("127.0.0.1", freePort());
        Path socket = runDir.resolve("haproxy.sock");
        List<HaproxyConfig.Server> servers = replicas.values().stream()
                .map(r -> new HaproxyConfig.Server(r.replica().id(), links.dial("edge", r.replica().id(), r.replica().zone(), r.replica().address())))
                .toList();
        Path config = runDir.resolve("haproxy.cfg");
        Files.writeString(config, HaproxyConfig.render(preset, edgeAddress, edgeMetrics, socket.toString(), servers));
        Path log = runDir.resolve("edge.log");
        edge = new ProcessNode("edge", Node.Kind.EDGE, "regional", process(List.of("haproxy", "-W", "-db", "-f", config.toString()), log, Map.of()), log);
        awaitHttp(edge, edgeMetrics.http() + "/health", Duration.ofSeconds(20));
        runtime = new HaproxyRuntime(socket);
        for (ReplicaProcess replica : replicas.values()) awaitServerUp(replica.replica().id(), Duration.ofSeconds(20));
    }

    // --- the handle --------------------------------------------------------------------------

    @Override
    public Preset preset() {
        return preset;
    }

    @Override
    public String edgeUrl() {
        return edgeAddress == null ? null : edgeAddress.http();
    }

    @Override
    public String edgeMetricsUrl() {
        return edgeMetrics == null ? null : edgeMetrics.http() + "/metrics";
    }

    @Override
    public List<Replica> replicas() {
        return replicas.values().stream().map(ReplicaProcess::replica).toList();
    }

    @Override
    public String jdbcUrl() {
        String hosts = primaryAddress.hostPort() + (standbyAddress == null ? "" : "," + standbyAddress.hostPort());
        return "jdbc:postgresql://" + hosts + "/postgres?targetServerType=primary";
    }

    @Override
    public String paymentProviderUrl() {
        return paymentAddress.http();
    }

    @Override
    public Path datasetDir() {
        return datasetDir;
    }

    @Override
    public List<Node> nodes() {
        List<Node> nodes = new ArrayList<>();
        if (edge != null) nodes.add(edge);
        replicas.values().forEach(r -> nodes.add(r.node()));
        if (primary != null) nodes.add(primary);
        if (standby != null) nodes.add(standby);
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
    public List<Link> links() {
        return List.copyOf(links.all());
    }

    @Override
    public void drain(String replicaId) {
        ReplicaProcess replica = require(replicaId);
        if (runtime != null) runtime.drain(replicaId);
        log.log(System.Logger.Level.INFO, "drained {0} at the edge", replica.replica().id());
    }

    @Override
    public Replica addReplica(String zone) {
        if (!preset.zones().contains(zone)) throw new IllegalArgumentException("zone '" + zone + "' is not one of " + preset.zones());
        try {
            ReplicaProcess replica = startReplica(zone);
            if (runtime != null) {
                runtime.addServer(replica.replica().id(), links.dial("edge", replica.replica().id(), zone, replica.replica().address()));
                awaitServerUp(replica.replica().id(), Duration.ofSeconds(20));
            }
            return replica.replica();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("replica in " + zone + " did not start: " + e.getMessage(), e);
        }
    }

    @Override
    public void removeReplica(String replicaId) {
        ReplicaProcess replica = require(replicaId);
        if (runtime != null) runtime.removeServer(replicaId);
        replica.node().stop();
        if (replica.quota() != null) replica.quota().remove();
        replicas.remove(replicaId);
        links.forget(replicaId);
    }

    @Override
    public DatabaseFailover.Failover databaseFailover() {
        return failover == null ? null : failover.failover();
    }

    @Override
    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    @Override
    public Map<String, String> edgeServerStatus() {
        return runtime == null ? Map.of() : runtime.serverStatus();
    }

    @Override
    public long pid(String nodeId) {
        return ((ProcessNode) node(nodeId)).pid();
    }

    public Path runDir() {
        return runDir;
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // called from the hook itself
        }
        if (failover != null) failover.close();
        if (edge != null) edge.stop();
        replicas.values().parallelStream().forEach(replica -> replica.node().stop());
        if (paymentProvider != null) paymentProvider.stop();
        if (standby != null) standby.stop();
        if (primary != null) primary.stop();
        replicas.values().forEach(replica -> {
            if (replica.quota() != null) replica.quota().remove();
        });
        CpuQuota.removeRun(run);
        if (!Boolean.getBoolean("lms.topology.keep-run")) deleteQuietly(runDir);
    }

    // --- helpers -----------------------------------------------------------------------------

    private ReplicaProcess require(String replicaId) {
        ReplicaProcess replica = replicas.get(replicaId);
        if (replica == null) throw new IllegalArgumentException("no replica '" + replicaId + "'; replicas are " + replicas.keySet());
        return replica;
    }

    private Process process(List<String> command, Path log, Map<String, String> environment) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        builder.environment().put(RUN_VARIABLE, run);
        builder.environment().put(OWNER_VARIABLE, Long.toString(ProcessHandle.current().pid()));
        return builder.start();
    }

    private void awaitServerUp(String server, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if ("UP".equals(runtime.serverStatus().get(server))) return;
            Thread.sleep(100);
        }
        throw new IllegalStateException("edge did not see " + server + " UP within " + timeout.toSeconds() + " s: " + runtime.serverStatus());
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
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static boolean onPath(String binary) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, binary)));
    }

    private static void deleteQuietly(Path folder) {
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException ignored) {
                    // best effort
                }
            });
        } catch (IOException ignored) {
            // already gone
        }
    }
}
