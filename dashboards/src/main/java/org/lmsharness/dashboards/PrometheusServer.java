package org.lmsharness.dashboards;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.lmsharness.common.Address;
import org.lmsharness.common.Executables;

/**
 * A real Prometheus beside a run: Debian's {@code prometheus} binary with this module's
 * prometheus.yml and rules, scraping the deployment's file-discovered targets, on a loopback port.
 *
 * <pre>
 *   folder/prometheus.yml       as shipped (dashboards/prometheus/prometheus.yml)
 *   folder/rules/*.yml          the shipped rules, plus any given (e.g. a capacity run's scaling rules)
 *   folder/targets -> the deployment's scrape-targets folder (file SD, rewritten as replicas change)
 *   folder/data/                the TSDB
 *   folder/prometheus.log
 * </pre>
 */
public final class PrometheusServer implements AutoCloseable {

    /** The shipped rule files, in dashboards/prometheus/rules; DashboardFilesTests checks this list is complete. */
    public static final List<String> RULE_FILES = List.of("lms-recording.yml", "lms-slo-alerts.yml");
    private static final String RESOURCES = "/org/lmsharness/dashboards/prometheus/";

    private final Process process;
    private final String url;
    private final Path folder;
    /** A JVM that exits without close() (Ctrl-C, System.exit) still stops its Prometheus. */
    private final Thread shutdownHook;

    private PrometheusServer(Process process, String url, Path folder) {
        this.process = process;
        this.url = url;
        this.folder = folder;
        this.shutdownHook = new Thread(process::destroy, "prometheus-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Null when Prometheus can run here; otherwise why not, in one line. */
    public static String unavailableBecause() {
        return Executables.onPath("prometheus") ? null : "no prometheus binary on PATH (Debian: apt-get install prometheus)";
    }

    /**
     * Starts Prometheus in {@code folder}, scraping the targets in {@code scrapeTargets}, with the
     * shipped rules and {@code extraRules}; returns once it is ready.
     */
    public static PrometheusServer start(Path folder, Path scrapeTargets, List<Path> extraRules) throws IOException {
        String unavailable = unavailableBecause();
        if (unavailable != null) throw new IllegalStateException(unavailable);
        Path rules = Files.createDirectories(folder.resolve("rules"));
        copyResource("prometheus.yml", folder.resolve("prometheus.yml"));
        for (String rule : RULE_FILES) copyResource("rules/" + rule, rules.resolve(rule));
        for (Path extra : extraRules) Files.copy(extra, rules.resolve(extra.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        Files.createDirectories(scrapeTargets);
        Path targets = folder.resolve("targets");
        Files.deleteIfExists(targets);
        Files.createSymbolicLink(targets, scrapeTargets.toAbsolutePath());

        int port = Address.freeLoopbackPort();
        String url = "http://127.0.0.1:" + port;
        List<String> command = new ArrayList<>(List.of("prometheus",
                "--config.file=prometheus.yml",
                "--storage.tsdb.path=data",
                "--web.listen-address=127.0.0.1:" + port));
        Process process = new ProcessBuilder(command).directory(folder.toFile())
                .redirectErrorStream(true).redirectOutput(folder.resolve("prometheus.log").toFile()).start();
        PrometheusServer server = new PrometheusServer(process, url, folder);
        try {
            server.awaitReady(Duration.ofSeconds(30));
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    public String url() {
        return url;
    }

    public PrometheusApi api() {
        return new PrometheusApi(url);
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // called while the JVM exits: the hook runs anyway
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void awaitReady(Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) throw new IllegalStateException("prometheus exited at start (exit " + process.exitValue() + "); see " + folder.resolve("prometheus.log"));
            try {
                HttpResponse<Void> ready = http.send(HttpRequest.newBuilder(URI.create(url + "/-/ready")).timeout(Duration.ofSeconds(1)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (ready.statusCode() == 200) return;
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for prometheus", e);
            }
            sleep(100);
        }
        throw new IllegalStateException("prometheus was not ready within " + timeout.toSeconds() + " s; see " + folder.resolve("prometheus.log"));
    }

    private static void copyResource(String name, Path to) throws IOException {
        try (InputStream in = PrometheusServer.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) throw new IllegalStateException("missing resource " + RESOURCES + name + " (build the dashboards module)");
            Files.copy(in, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
