package org.lmsharness.gate;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.lmsharness.common.Figures;
import org.lmsharness.common.Host;
import org.lmsharness.gate.compare.Metric;
import org.lmsharness.gate.duet.Duet;
import org.lmsharness.gate.duet.Side;
import org.lmsharness.gate.report.GateFiles;
import org.lmsharness.reports.history.History;
import org.lmsharness.reports.history.HistoryRecord;
import org.lmsharness.reports.run.RunFiles;
import org.lmsharness.topology.Backend;
import org.lmsharness.topology.BootOptions;
import org.lmsharness.topology.Deployment;
import org.lmsharness.topology.Node;
import org.lmsharness.topology.ReplicaBoot;
import org.lmsharness.topology.ReplicaJvm;
import org.lmsharness.topology.preset.Preset;

/**
 * {@code lms-harness gate}: boots the baseline and the candidate side by side — one replica each under
 * the same quota, each with its own database and edge, from the same preset — runs the duet's rounds
 * ({@link GateRun}), writes the gate's files and returns its exit status (0 pass, 1 regression, 3 unknown).
 * With URLs instead of jars it boots nothing and compares two deployments as they are (latency and
 * errors: no CPU figures there).
 */
public final class GateCommand {

    /**
     * @param baseline  the baseline's jar, or null with {@code urls}
     * @param candidate the candidate's jar, or null with {@code urls}
     * @param urls      baseline's and candidate's URLs (external deployments), or empty to boot the jars
     * @param preset    what each side boots (one replica is used)
     * @param output    the folder that holds run folders and the {@code latest} link
     * @param history   the history file the run appends its record to
     */
    public record Options(Path baseline, Path candidate, List<String> urls, Preset preset, Backend backend, BootOptions boot, GateSettings settings,
                          Path output, Path history) {

        /** The same, with both jars settled (a commit built). */
        public Options withJars(Path baselineJar, Path candidateJar) {
            return new Options(baselineJar, candidateJar, urls, preset, backend, boot, settings, output, history);
        }
    }

    private GateCommand() {}

    public static int run(Options options) throws Exception {
        long started = System.nanoTime();
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now());
        Path runFolder = options.output().resolve(stamp + "-gate");
        Files.createDirectories(runFolder);
        Map<String, String> conditions = new LinkedHashMap<>();
        GateResult result;
        if (!options.urls().isEmpty()) {
            List<Side> sides = List.of(new Side(Side.BASELINE, options.urls().get(0), 0), new Side(Side.CANDIDATE, options.urls().get(1), 0));
            conditions.put("baseline", options.urls().get(0));
            conditions.put("candidate", options.urls().get(1));
            conditions.putAll(host());
            Duet duet = new Duet(sides, Map.of(), null, runFolder.resolve("rounds"), options.settings().slo());
            result = new GateRun(duet, options.settings(), GateRun.Quotas.NONE, System.out).run(conditions, 0);
        } else {
            Backend backend = options.backend().resolve(options.boot().images());
            Preset preset = options.preset().withReplicas(1, options.preset().replicas().cpus()); // each side: one replica under the preset's quota
            System.out.printf("gate: booting the baseline and the candidate side by side on %s (preset %s, %s cores each)…%n", backend.label(), preset.name(),
                    Figures.of(preset.replicas().cpus()));
            List<Deployment> booted = bootBoth(backend, preset, options);
            try {
                Deployment baseline = booted.get(0);
                Deployment candidate = booted.get(1);
                double bootSeconds = (System.nanoTime() - started) / 1e9;
                System.out.printf("gate: both up in %.0f s%n", bootSeconds);
                conditions.put("backend", backend.label());
                conditions.put("preset", preset.name());
                conditions.put("quota", Figures.of(preset.replicas().cpus()) + " cores per replica");
                conditions.put("dataset", preset.dataset());
                conditions.put("replica JVM", ReplicaJvm.of(baseline.replicas().get(0).metricsUrl()).orElse("unknown"));
                conditions.put("baseline", describe(options.baseline()));
                conditions.put("candidate", describe(options.candidate()));
                conditions.putAll(host());
                Map<String, Long> others = new LinkedHashMap<>();
                others.putAll(parts(Side.BASELINE, baseline));
                others.putAll(parts(Side.CANDIDATE, candidate));
                List<Side> sides = List.of(side(Side.BASELINE, baseline), side(Side.CANDIDATE, candidate));
                Duet duet = new Duet(sides, others, baseline.datasetDir(), runFolder.resolve("rounds"), options.settings().slo());
                GateRun.Quotas quotas = new GateRun.Quotas() {
                    public AutoCloseable lift() {
                        Deployment.QuotasLifted first = baseline.liftCpuQuotas();
                        Deployment.QuotasLifted second = candidate.liftCpuQuotas();
                        return () -> {
                            first.close();
                            second.close();
                        };
                    }

                    public double cores() {
                        return preset.replicas().cpus();
                    }
                };
                result = new GateRun(duet, options.settings(), quotas, System.out).run(conditions, bootSeconds);
            } finally {
                booted.forEach(Deployment::close);
            }
        }
        GateFiles.write(runFolder, result);
        RunFiles.linkLatest(options.output(), runFolder);
        History.append(options.history(), historyRecord(result, runFolder));
        result.metrics().forEach(metric -> System.out.printf("gate: %-28s %-10s %s%n", metric.name(), metric.verdict(), metric.reason()));
        System.out.println("gate: " + result.summary());
        System.out.printf("gate: done in %d:%02d; %s%n", (long) result.seconds() / 60, (long) result.seconds() % 60, runFolder.resolve(GateFiles.MARKDOWN));
        return result.verdict().exitCode();
    }

    /**
     * The run's line in the history: each metric's ratio, and the candidate's own figure (its CPU per journey over successive
     * commits shows a creep that no single gate flags), under the conditions that make runs comparable (not the jars' paths).
     */
    static HistoryRecord historyRecord(GateResult result, Path runFolder) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        for (Metric metric : result.metrics()) {
            if (metric.ratio() != null) metrics.put(metric.name() + " ratio", metric.ratio().estimate());
            metrics.put("candidate " + metric.name() + " " + metric.unit(), metric.candidate());
        }
        metrics.values().removeIf(value -> !Double.isFinite(value));
        Map<String, String> conditions = new LinkedHashMap<>(result.conditions());
        conditions.keySet().removeAll(List.of("baseline", "candidate", "commit", "harness JVM"));
        return new HistoryRecord(Instant.now().toString(), "gate", result.conditions().getOrDefault("commit", "unknown"), conditions, metrics,
                runFolder.toString());
    }

    /** Both sides booted at once (each its own database, edge and replica); if either fails, whatever booted is torn down. */
    private static List<Deployment> bootBoth(Backend backend, Preset preset, Options options) throws Exception {
        ExecutorService boots = Executors.newFixedThreadPool(2);
        try {
            Future<Deployment> baseline = boots.submit(() -> backend.start(preset, ReplicaBoot.QUOTA_LIFTED_UNTIL_READY, options.boot().withApp(options.baseline())));
            Future<Deployment> candidate = boots.submit(() -> backend.start(preset, ReplicaBoot.QUOTA_LIFTED_UNTIL_READY, options.boot().withApp(options.candidate())));
            List<Deployment> booted = new ArrayList<>();
            Exception failure = null;
            for (Future<Deployment> boot : List.of(baseline, candidate)) {
                try {
                    booted.add(boot.get());
                } catch (java.util.concurrent.ExecutionException e) {
                    failure = e.getCause() instanceof Exception cause ? cause : e;
                }
            }
            if (failure != null) {
                booted.forEach(Deployment::close);
                throw failure;
            }
            return booted;
        } finally {
            boots.shutdownNow();
        }
    }

    private static Side side(String name, Deployment deployment) {
        String url = deployment.clientUrls().get(0);
        return new Side(name, url, deployment.pid(deployment.replicas().get(0).id()));
    }

    /** The deployment's edge and database, named for the side, whose CPU the rounds record beside the replicas'. */
    private static Map<String, Long> parts(String side, Deployment deployment) {
        Map<String, Long> pids = new LinkedHashMap<>();
        for (Node node : deployment.nodes()) {
            if (node.kind() == Node.Kind.EDGE) pids.put(side + " edge", deployment.pid(node.id()));
            if (node.kind() == Node.Kind.DB_PRIMARY) pids.put(side + " database", deployment.pid(node.id()));
        }
        return pids;
    }

    private static Map<String, String> host() {
        Map<String, String> host = new LinkedHashMap<>();
        host.put("host", Runtime.getRuntime().availableProcessors() + " cores, " + Host.cpuModel());
        host.put("harness JVM", Host.jvm());
        host.put("commit", Host.commit());
        return host;
    }

    /** A jar by its path and the start of its SHA-256: two builds of one commit that differ still read as different. */
    static String describe(Path jar) {
        try (InputStream in = Files.newInputStream(jar)) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int read; (read = in.read(buffer)) > 0; ) sha.update(buffer, 0, read);
            return jar.toAbsolutePath() + " (sha256 " + HexFormat.of().formatHex(sha.digest()).substring(0, 12) + ")";
        } catch (IOException | NoSuchAlgorithmException e) {
            return jar.toAbsolutePath().toString();
        }
    }
}
