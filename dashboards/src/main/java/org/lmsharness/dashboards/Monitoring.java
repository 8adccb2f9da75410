package org.lmsharness.dashboards;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.lmsharness.topology.Deployment;

/**
 * Live monitoring of a run, asked for with {@code --monitoring}: a real Prometheus beside the
 * deployment (this module's configuration and rules, the deployment's scrape targets) and the
 * harness's own metrics, so the dashboards show the run as it goes. Without the property every
 * method does nothing.
 *
 * The TSDB stays in the run folder after the run: {@code prometheus --config.file=prometheus.yml
 * --storage.tsdb.path=data} in that folder shows the run again.
 */
public final class Monitoring implements AutoCloseable {

    private static final Monitoring OFF = new Monitoring(null, null);

    private final PrometheusServer prometheus;
    private final HarnessMetrics harness;

    private Monitoring(PrometheusServer prometheus, HarnessMetrics harness) {
        this.prometheus = prometheus;
        this.harness = harness;
    }

    /** Monitoring that does nothing (an external target, or not asked for). */
    public static Monitoring off() {
        return OFF;
    }

    /** Null when monitoring can start (or is not wanted); otherwise why not, in one line, to refuse the run before it boots. */
    public static String refusedBecause(boolean wanted) {
        String unavailable = PrometheusServer.unavailableBecause();
        return wanted && unavailable != null ? "--monitoring needs Prometheus: " + unavailable : null;
    }

    /**
     * Starts Prometheus in {@code folder} on the deployment's targets and the harness's metrics,
     * labelled {@code run}; prints where they are. Does nothing unless {@code wanted} ({@code --monitoring}).
     */
    public static Monitoring startIf(boolean wanted, Deployment deployment, String run, Path folder, List<Path> extraRules) {
        return wanted ? start(deployment, run, folder, extraRules) : OFF;
    }

    /** As {@link #startIf(boolean, Deployment, String, Path, List)}; a deployment that is not ours (empty) has no scrape targets to give. */
    public static Monitoring startIf(boolean wanted, Optional<Deployment> deployment, String run, Path folder, List<Path> extraRules) {
        if (deployment.isPresent()) return startIf(wanted, deployment.get(), run, folder, extraRules);
        if (wanted) System.out.println("monitoring: not started: the deployment is not ours, its scrape targets are unknown (docs/monitoring.md shows the file to write)");
        return OFF;
    }

    /** Prometheus started whatever the command line said: for a test that checks the dashboards on its own run. */
    public static Monitoring start(Deployment deployment, String run, Path folder, List<Path> extraRules) {
        try {
            PrometheusServer prometheus = PrometheusServer.start(folder, deployment.scrapeTargets(), extraRules);
            HarnessMetrics harness = HarnessMetrics.start(run, deployment.scrapeTargets());
            System.out.println("monitoring: Prometheus at " + prometheus.url() + " (data in " + folder + "); dashboards in dashboards/grafana");
            return new Monitoring(prometheus, harness);
        } catch (IOException e) {
            throw new UncheckedIOException("monitoring: " + e.getMessage(), e);
        }
    }

    /** The Prometheus's API, when monitoring is on. */
    public Optional<PrometheusApi> prometheus() {
        return Optional.ofNullable(prometheus).map(PrometheusServer::api);
    }

    /** Load is offered: step number (0 for a warm-up), replicas measured, arrival rate. */
    public void load(int step, int replicas, double journeysPerSecond) {
        if (harness != null) harness.step(step, replicas, journeysPerSecond);
    }

    public void idle() {
        if (harness != null) harness.idle();
    }

    public void fault(String experiment, boolean active) {
        if (harness != null) harness.fault(experiment, active);
    }

    @Override
    public void close() {
        if (harness != null) harness.close();
        if (prometheus != null) prometheus.close();
    }
}
