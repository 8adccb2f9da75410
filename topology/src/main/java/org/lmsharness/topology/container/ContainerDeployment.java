package org.lmsharness.topology.container;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Volume;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import org.lmsharness.topology.FaultProxies;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.lmsharness.common.Address;
import org.lmsharness.topology.BaseDeployment;
import org.lmsharness.topology.BootOptions;
import org.lmsharness.topology.ExtractedJar;
import org.lmsharness.topology.LmsArguments;
import org.lmsharness.topology.Node;
import org.lmsharness.topology.Release;
import org.lmsharness.topology.ReplicaBoot;
import org.lmsharness.topology.ReplicaJvm;
import org.lmsharness.topology.TopologyUnavailable;
import org.lmsharness.topology.database.BackupStore;
import org.lmsharness.topology.database.Replication;
import org.lmsharness.topology.database.PostgresSettings;
import org.lmsharness.topology.edge.HaproxyConfig;
import org.lmsharness.topology.edge.HaproxyRuntime;
import org.lmsharness.topology.preset.Preset;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.startupcheck.OneShotStartupCheckStrategy;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * The container back end: one Docker network per run, a container per node, per-replica
 * {@code --cpus} and {@code --memory}. Same shape as the local back end:
 *
 * <pre>
 *   host ──> edge(s) (haproxy image) ──> replica-N (jre image, --cpus) ─┬─> db-primary (postgres image)
 *                                                                    ├─> db-standby (pg_basebackup of the primary)
 *                                                                    └─> payment-provider (jre image)
 * </pre>
 *
 * Images are configuration ({@link BootOptions.Images}, the {@code --image-…} options); by
 * default the ones {@code images/build.sh} builds on this machine. Every container carries the
 * labels {@code lms-harness.run} and {@code lms-harness.owner}; a run removes the containers of
 * earlier runs whose owner died.
 */
public final class ContainerDeployment extends BaseDeployment {

    static final String RUN_LABEL = "lms-harness.run";
    static final String OWNER_LABEL = "lms-harness.owner";
    private static final int TOXIPROXY_API_PORT = 8474;
    private static final int LMS_PORT = 8080;
    private static final int PG_PORT = 5432;
    /** The LMS in Spring Boot's extracted layout (ExtractedJar), copied into each container that runs it. */
    private static final String APP_FOLDER = "/app/lms";

    private final Network network = Network.newNetwork();
    private volatile String networkId;
    private final Path appJar;
    private final Path appFolder;
    private final Path stubJar;
    private final BootOptions.Images images;
    private final Map<String, String> replicaIps = new ConcurrentHashMap<>();
    private final AtomicBoolean jvmChecked = new AtomicBoolean(); // the replicas' JVM is checked once, on the first replica up

    private ContainerDeployment(Preset preset, Path appJar, Path stubJar, ReplicaBoot replicaBoot, BootOptions options) throws IOException {
        super(preset, replicaBoot, options);
        this.images = options.images();
        this.appJar = appJar;
        this.appFolder = ExtractedJar.folderOf(appJar);
        this.stubJar = stubJar;
    }

    private String appJarInContainer() {
        return APP_FOLDER + "/" + appJar.getFileName();
    }

    /** A Docker engine answers and holds the project's images (built by images/build.sh): the container back end can run. */
    public static boolean dockerAnswers(BootOptions.Images images) {
        String host = System.getenv("DOCKER_HOST");
        if ((host == null || host.isBlank()) && !socketListens(Path.of("/var/run/docker.sock"))) return false; // spare Testcontainers' noisy search
        try {
            if (!DockerClientFactory.instance().isDockerAvailable()) return false;
            DockerClient docker = DockerClientFactory.instance().client();
            for (String image : List.of(images.jre(), images.postgres(), images.haproxy())) docker.inspectImageCmd(image).exec();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static boolean socketListens(Path socket) {
        try (java.nio.channels.SocketChannel channel = java.nio.channels.SocketChannel.open(java.net.UnixDomainSocketAddress.of(socket))) {
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Boots the preset in containers; on failure removes what it started and rethrows. */
    public static ContainerDeployment start(Preset preset, Path appJar, Path stubJar, ReplicaBoot replicaBoot, BootOptions options) throws Exception {
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            throw new TopologyUnavailable("the container back end needs a Docker engine; none answers here");
        }
        removeOrphans();
        ContainerDeployment deployment = new ContainerDeployment(preset, appJar, stubJar, replicaBoot, options);
        deployment.boot();
        return deployment;
    }

    private GenericContainer<?> container(String image, String alias) {
        GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(image))
                .withNetwork(network)
                .withNetworkAliases(alias)
                .withLabel(RUN_LABEL, run)
                .withLabel(OWNER_LABEL, Long.toString(ProcessHandle.current().pid()));
        container.setPortBindings(List.of());
        return container;
    }

    /** The fault proxy as a container on the run's network ({@code --image-toxiproxy} may name Shopify's image). */
    @Override
    protected FaultProxies startFaultProxies() {
        if (options.toxiproxyServer().isPresent()) {
            throw new TopologyUnavailable("--toxiproxy-url is for the local back end (its proxies must reach 127.0.0.1); "
                    + "on containers name a Toxiproxy image instead: --image-toxiproxy <image>");
        }
        GenericContainer<?> container = container(images.toxiproxy(), "toxiproxy")
                .withExposedPorts(TOXIPROXY_API_PORT)
                .waitingFor(Wait.forHttp("/version").forPort(TOXIPROXY_API_PORT).withStartupTimeout(Duration.ofSeconds(60)));
        container.start();
        // Nodes dial its network address: HAProxy's runtime API takes addresses, not names.
        String ip = networkIp(container);
        return new FaultProxies(URI.create("http://" + hostPort(container, TOXIPROXY_API_PORT)), "0.0.0.0",
                port -> new Address(ip, port), container::stop);
    }

    @Override
    protected void startPaymentProvider() {
        GenericContainer<?> container = container(images.jre(), "payment-provider")
                .withCopyFileToContainer(MountableFile.forHostPath(stubJar), "/app/stub.jar")
                .withCommand("java", "-Xmx64m", "-XX:+UseSerialGC", "-jar", "/app/stub.jar", "--host", "0.0.0.0", "--port", "9090")
                .withExposedPorts(9090)
                .waitingFor(Wait.forHttp("/health").forPort(9090).withStartupTimeout(Duration.ofSeconds(60)));
        container.start();
        paymentProvider = new ContainerNode("payment-provider", Node.Kind.PAYMENT_PROVIDER, "external", container);
    }

    @Override
    protected void startDatabase() throws Exception {
        Preset.Database database = preset.database();
        String primaryScript = String.join("\n",
                "set -e",
                "initdb -D data " + String.join(" ", PostgresSettings.initdbOptions(backups != null)) + " >/dev/null",
                "cat >> data/postgresql.auto.conf <<'EOF'",
                String.join("\n", PostgresSettings.primary("*", database.synchronous(), backups == null ? null : WAL_ARCHIVE)),
                "EOF",
                "printf 'host all all 0.0.0.0/0 trust\\nhost replication all 0.0.0.0/0 trust\\n' >> data/pg_hba.conf",
                "exec postgres -D data");
        GenericContainer<?> primaryContainer = databaseContainer("db-primary")
                .withCommand("bash", "-c", primaryScript)
                .withExposedPorts(PG_PORT)
                .waitingFor(Wait.forLogMessage(".*database system is ready to accept connections.*", 1).withStartupTimeout(Duration.ofSeconds(60)));
        primaryContainer.start();
        ContainerNode primaryNode = new ContainerNode("db-primary", Node.Kind.DB_PRIMARY, database.primaryZone(), primaryContainer);
        DatabaseServer primaryServer = new DatabaseServer(primaryNode, hostAddress(primaryContainer, PG_PORT));
        if (!database.hasStandby()) {
            database(primaryServer, null);
            return;
        }
        // Streams from the primary through its link (its proxy when there is one), as the local back end does.
        GenericContainer<?> standbyContainer = standbyContainer("db-standby", links.dial("db-standby", "db-primary", database.primaryZone(),
                new Address("db-primary", PG_PORT)), true);
        standbyContainer.start();
        database(primaryServer, new DatabaseServer(new ContainerNode("db-standby", Node.Kind.DB_STANDBY, database.standbyZone(), standbyContainer),
                hostAddress(standbyContainer, PG_PORT)));
    }

    /**
     * A standby named {@code alias}: a {@code pg_basebackup} of the primary at {@code primary}, streaming
     * from it through its slot; at boot the slot is made by the copy ({@code createSlot}), once the
     * primary takes replication connections; a new standby uses the one reserved before. The copy asks
     * for an immediate checkpoint: with the default spread one, a new standby's copy of a primary just
     * promoted waited 84 s for it.
     */
    private GenericContainer<?> standbyContainer(String alias, Address primary, boolean createSlot) {
        String script = String.join("\n",
                "set -e",
                "until pg_basebackup -d 'host=" + primary.host() + " port=" + primary.port()
                        + " user=postgres application_name=" + PostgresSettings.STANDBY_NAME + "' -D data -R" + (createSlot ? " -C" : "")
                        + " -S " + PostgresSettings.SLOT + " -X stream -c fast >/dev/null 2>&1; do rm -rf data; sleep 0.2; done",
                "sed -i '/synchronous_standby_names/d' data/postgresql.auto.conf",
                "chmod 700 data",
                "exec postgres -D data");
        return databaseContainer(alias)
                .withCommand("bash", "-c", script)
                .withExposedPorts(PG_PORT)
                .waitingFor(Wait.forLogMessage(".*database system is ready to accept read.only connections.*", 1).withStartupTimeout(Duration.ofSeconds(90)));
    }

    /** The lost server's container removed (with it its name on the network), a new one under that name copied from the primary. */
    @Override
    protected DatabaseServer cloneStandby(Node lost, DatabaseServer primary) throws Exception {
        ((ContainerNode) lost).container().stop();
        Replication.reserveSlot(primary.jdbcUrl());
        GenericContainer<?> container = standbyContainer(lost.id(), links.dial(lost.id(), primary.node().id(), primary.node().zone(),
                new Address(primary.node().id(), PG_PORT)), false);
        return databaseServer(container, lost, Node.Kind.DB_STANDBY);
    }

    /** Starts a database server's container in the place of {@code lost}; one that does not start is removed. */
    private DatabaseServer databaseServer(GenericContainer<?> container, Node lost, Node.Kind kind) {
        try {
            container.start();
        } catch (RuntimeException e) {
            container.stop();
            throw e;
        }
        return new DatabaseServer(new ContainerNode(lost.id(), kind, lost.zone(), container), hostAddress(container, PG_PORT));
    }

    /** Where the database containers see the backup location: a folder of the run's, bind-mounted. */
    private static final String BACKUP_LOCATION = "/backups";
    private static final String WAL_ARCHIVE = BACKUP_LOCATION + "/wal";

    /** A container of the PostgreSQL image, with the backup location mounted when the preset keeps backups. */
    private GenericContainer<?> databaseContainer(String alias) {
        GenericContainer<?> container = container(images.postgres(), alias);
        // Bound on the container's host configuration: withFileSystemBind first checks that mounting works by starting an
        // alpine container, and with no registry to pull it from that check spent 200 s retrying before every boot.
        if (backups != null) container.withCreateContainerCmdModifier(create -> create.getHostConfig()
                .withBinds(new Bind(backups.root().toString(), new Volume(BACKUP_LOCATION))));
        return container;
    }

    /** {@code pg_basebackup} in the primary's container, compressed tar format, the WAL it needs inside. */
    @Override
    protected void takeBaseBackup(DatabaseServer primary, Path folder) throws Exception {
        org.testcontainers.containers.Container.ExecResult copied = ((ContainerNode) primary.node()).container().execInContainer("pg_basebackup", "-h", "127.0.0.1", "-U", "postgres",
                "-D", BACKUP_LOCATION + "/base/" + folder.getFileName(), "-Ft", "-z", "-X", "fetch", "-c", "fast");
        if (copied.getExitCode() != 0) throw new IOException("pg_basebackup failed: " + copied.getStderr().strip());
    }

    /** The lost server's container removed, a new one under its name unpacking the base backup and recovering from the archive. */
    @Override
    protected DatabaseServer restorePrimary(Node lost, BackupStore.BaseBackup from, Instant target) throws Exception {
        ((ContainerNode) lost).container().stop();
        String script = String.join("\n",
                "set -e",
                "mkdir data",
                "tar -xzf " + BACKUP_LOCATION + "/base/" + from.id() + "/base.tar.gz -C data",
                "sed -i -E '/^" + PostgresSettings.NOT_RESTORED + " = /d' data/postgresql.auto.conf",
                "cat >> data/postgresql.auto.conf <<'EOF'",
                String.join("\n", PostgresSettings.recovery(WAL_ARCHIVE, target)),
                "EOF",
                "rm -f data/standby.signal",
                "touch data/recovery.signal",
                "chmod 700 data",
                "exec postgres -D data");
        GenericContainer<?> container = databaseContainer(lost.id())
                .withCommand("bash", "-c", script)
                .withExposedPorts(PG_PORT)
                // Logged once recovery has ended and the server is promoted (read-only connections come before).
                .waitingFor(Wait.forLogMessage(".*database system is ready to accept connections.*", 1).withStartupTimeout(Duration.ofSeconds(180)));
        return databaseServer(container, lost, Node.Kind.DB_PRIMARY);
    }

    @Override
    protected void promoted(Node standby) {
        ((ContainerNode) standby).promoted();
    }

    @Override
    protected void generateDataset() throws IOException {
        Path datasetDir = Files.createDirectories(datasetDir());
        GenericContainer<?> generator = container(images.jre(), "dataset-generator")
                .withCopyFileToContainer(MountableFile.forHostPath(appFolder), APP_FOLDER)
                .withCommand(LmsArguments.generateDataset("java", appJarInContainer(), "jdbc:postgresql://db-primary:5432/postgres",
                        preset.dataset(), "/dataset").toArray(String[]::new))
                .withStartupCheckStrategy(new OneShotStartupCheckStrategy().withTimeout(Duration.ofMinutes(5)));
        try {
            generator.start();
            for (String file : List.of("users.csv", "courses.csv", "enrollments.csv")) {
                generator.copyFileFromContainer("/dataset/" + file, datasetDir.resolve(file).toString());
            }
        } finally {
            generator.stop();
        }
    }

    @Override
    protected Started startReplica(String id, String zone, Release release, Duration readyWithin) {
        List<Address> servers = new ArrayList<>(List.of(links.dial(id, "db-primary", preset.database().primaryZone(), new Address("db-primary", PG_PORT))));
        if (preset.database().hasStandby()) servers.add(links.dial(id, "db-standby", preset.database().standbyZone(), new Address("db-standby", PG_PORT)));
        Address provider = links.dial(id, "payment-provider", "external", new Address("payment-provider", 9090));
        Path jar = release.jarOr(appJar);
        List<String> command = LmsArguments.replica("java", APP_FOLDER + "/" + jar.getFileName(), preset, cpuQuota(id), id, zone,
                new Address("0.0.0.0", LMS_PORT), LmsArguments.replicaJdbcUrl(servers), provider, release);
        Preset.Replicas size = preset.replicas();
        // 0 is no limit to Docker; a quota lifted until ready (and set again later) is every core.
        double bootLimit = bootCores(id) > 0 || cpuQuota(id) == 0 ? bootCores(id) : Runtime.getRuntime().availableProcessors();
        GenericContainer<?> container = container(images.jre(), id)
                .withEnv("LMS_JWT_SECRET", jwtSecret)
                .withCommand(command.toArray(String[]::new))
                .withExposedPorts(LMS_PORT)
                .withCreateContainerCmdModifier(create -> create.getHostConfig()
                        // The build mounted read-only rather than copied in: a copy streamed its 67 MB through this JVM and
                        // Docker into the new container's layer while the serving replicas took the load.
                        .withBinds(new Bind(ExtractedJar.folderOf(jar).toAbsolutePath().toString(), new Volume(APP_FOLDER), AccessMode.ro))
                        .withNanoCPUs(Math.round(bootLimit * 1e9))
                        .withCpuShares(bootCores(id) != cpuQuota(id) ? BOOTING_CPU_SHARES : CPU_SHARES)
                        .withMemory(size.memoryMb() * 1024L * 1024L))
                .waitingFor(Wait.forHttp("/actuator/health/readiness").forPort(LMS_PORT).withStartupTimeout(readyWithin));
        try {
            container.start();
        } catch (RuntimeException e) {
            // Not ready: it is not part of the deployment, so nothing else would ever remove it.
            container.stop();
            throw e;
        }
        replicaIps.put(id, networkIp(container));
        Replica replica = new Replica(id, zone, new Address(container.getHost(), container.getMappedPort(LMS_PORT)), release.name());
        if (jvmChecked.compareAndSet(false, true)) {
            String runs = ReplicaJvm.of(replica.metricsUrl()).orElse("a JVM they do not name (no jvm_info metric)");
            if (!runs.equals(ReplicaJvm.harness())) {
                warnings.add("replicas run " + runs + " from their image " + images.jre() + ", local processes " + ReplicaJvm.harness()
                        + " (the harness's): the two back ends' figures are not comparable; images/build.sh rebuilds the image with this JVM");
            }
        }
        return new Started(replica, new ContainerNode(id, Node.Kind.REPLICA, zone, container));
    }

    @Override
    public void setCpuQuota(String replicaId, double cores) {
        double limit = cores > 0 ? cores : Runtime.getRuntime().availableProcessors();
        String container = ((ContainerNode) node(replicaId)).container().getContainerId();
        DockerClientFactory.instance().client().updateContainerCmd(container).withNanoCPUs(Math.round(limit * 1e9)).exec();
    }

    @Override
    protected void setCpuShares(String replicaId, int shares) {
        String container = ((ContainerNode) node(replicaId)).container().getContainerId();
        DockerClientFactory.instance().client().updateContainerCmd(container).withCpuShares(shares).exec();
    }

    /** Servers by IP: HAProxy resolves names only when it reads its configuration, and replicas come and go. */
    @Override
    protected Address edgeDials(String replicaId) {
        return new Address(replicaIps.get(replicaId), LMS_PORT);
    }

    /**
     * Clients reach the edge at its address on the run's network, not its published port: through
     * the published port Docker's userland proxy copies every byte in a process of its own,
     * competing with the replicas for the host's cores.
     */
    @Override
    protected Edge startEdge(String id, String zone) {
        String config = HaproxyConfig.render(preset, new Address("0.0.0.0", 8080), new Address("0.0.0.0", 8404), "ipv4@0.0.0.0:9999", edgeServers(id));
        GenericContainer<?> container = container(images.haproxy(), id)
                .withCopyToContainer(Transferable.of(config), "/usr/local/etc/haproxy/haproxy.cfg")
                .withExposedPorts(8080, 8404, 9999)
                .withLogConsumer(new AccessLog(accessLogFile()))
                .waitingFor(Wait.forHttp("/health").forPort(8404).withStartupTimeout(Duration.ofSeconds(30)));
        container.start();
        return new Edge(new ContainerNode(id, Node.Kind.EDGE, zone, container), new HaproxyRuntime(new Address(container.getHost(), container.getMappedPort(9999))),
                "http://" + hostPort(container, 8080), "http://" + networkIp(container) + ":8080", "http://" + hostPort(container, 8404) + "/metrics");
    }

    @Override
    protected void stopReplica(String replicaId) {
        ContainerNode node = (ContainerNode) node(replicaId);
        node.stop();
        node.container().stop();
        replicaIps.remove(replicaId);
    }

    @Override
    protected void stopAll() {
        nodes().parallelStream().forEach(node -> {
            try {
                ((ContainerNode) node).container().stop();
            } catch (RuntimeException ignored) {
                // already gone
            }
        });
        networkId = network.getId(); // read before close(): afterwards getId() would make the network again
        try {
            network.close();
        } catch (RuntimeException ignored) {
            // removed with the last container
        }
        removeRun(run);
    }

    // --- the handle --------------------------------------------------------------------------

    @Override
    public String paymentProviderUrl() {
        return "http://" + hostPort(((ContainerNode) paymentProvider).container(), 9090);
    }

    @Override
    public Path datasetDir() {
        return runDir.resolve("dataset");
    }

    @Override
    public long pid(String nodeId) {
        return ((ContainerNode) node(nodeId)).pid();
    }

    // --- helpers -----------------------------------------------------------------------------

    private static String networkIp(GenericContainer<?> container) {
        return container.getContainerInfo().getNetworkSettings().getNetworks().values().iterator().next().getIpAddress();
    }

    private static String hostPort(GenericContainer<?> container, int port) {
        return container.getHost() + ":" + container.getMappedPort(port);
    }

    /** Kept by the deployment: a killed container has no ports to ask for. */
    private static Address hostAddress(GenericContainer<?> container, int port) {
        return new Address(container.getHost(), container.getMappedPort(port));
    }

    /** Removes every container of a run, and of earlier runs whose owner process is gone. */
    private static void removeRun(String run) {
        DockerClient docker = DockerClientFactory.instance().client();
        for (Container container : docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(RUN_LABEL, run)).exec()) {
            try {
                docker.removeContainerCmd(container.getId()).withForce(true).exec();
            } catch (RuntimeException ignored) {
                // already removed
            }
        }
    }

    @Override
    protected List<String> leftoversOfRun() {
        DockerClient docker = DockerClientFactory.instance().client();
        List<String> left = new ArrayList<>();
        for (Container container : docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(RUN_LABEL, run)).exec()) {
            left.add("container " + String.join(",", container.getNames()) + " (" + container.getState() + ")");
        }
        if (networkId != null) docker.listNetworksCmd().withIdFilter(networkId).exec().forEach(net -> left.add("network " + net.getName()));
        return left;
    }

    static void removeOrphans() {
        DockerClient docker = DockerClientFactory.instance().client();
        for (Container container : docker.listContainersCmd().withShowAll(true).withLabelFilter(List.of(OWNER_LABEL)).exec()) {
            String owner = container.getLabels().get(OWNER_LABEL);
            boolean ownerAlive = owner != null && owner.matches("\\d+") && ProcessHandle.of(Long.parseLong(owner)).map(ProcessHandle::isAlive).orElse(false);
            if (!ownerAlive) {
                try {
                    docker.removeContainerCmd(container.getId()).withForce(true).exec();
                } catch (RuntimeException ignored) {
                    // already removed
                }
            }
        }
    }

}
