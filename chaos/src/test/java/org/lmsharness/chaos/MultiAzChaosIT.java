package org.lmsharness.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.lmsharness.chaos.audit.SpofAudit;
import org.lmsharness.chaos.audit.SpofAudit.Verdict;
import org.lmsharness.chaos.experiment.Catalogue;
import org.lmsharness.chaos.experiment.Experiment;
import org.lmsharness.chaos.run.ExperimentResult;
import org.lmsharness.chaos.run.ExperimentRunner;
import org.lmsharness.chaos.run.LoadSettings;
import org.lmsharness.chaos.run.ResultFiles;
import org.lmsharness.chaos.run.Teardown;
import org.lmsharness.dashboards.LiveMetricsChecks;
import org.lmsharness.dashboards.Monitoring;
import org.lmsharness.dashboards.PrometheusServer;
import org.lmsharness.topology.BootOptions;
import org.lmsharness.topology.Deployment;
import org.lmsharness.topology.MultiAzChecks;
import org.lmsharness.topology.preset.Presets;
import org.testcontainers.DockerClientFactory;

/**
 * Chaos on one multi-az deployment, under a real (reduced) Gatling load with writes, in the order that
 * keeps every step meaningful on a single boot:
 * <ol>
 *   <li>the topology's checks of the deployment as booted ({@link MultiAzChecks}, which LocalMultiAzIT runs on
 *       local processes: here on containers, without a boot of their own);</li>
 *   <li>the catalogue's experiments that leave every node up (slow, partitioned, bandwidth, the
 *       payment provider);</li>
 *   <li>the single-point-of-failure audit of the components it gets back (one of each kind: replica-1,
 *       edge-1, the standby), each frozen alone and restored: none may be a single point of failure. After the catalogue, on
 *       replicas minutes warm: first after the boot, on a slow host, replica-1 frozen kept p99 at 1.9 s
 *       with no error, and was judged a single point of failure (p50 88 ms there, 20 ms minutes later);</li>
 *   <li>the dashboards and rules on what a real Prometheus scraped of all that ({@link LiveMetricsChecks}:
 *       every panel, variable and rule has data; every target up), and a replica added gets traffic and is
 *       scraped without a reload, then is removed without a failed request;</li>
 *   <li>synchronous replication: its cost per commit, and a frozen standby dropped and taken back;</li>
 *   <li>replica-crash;</li>
 *   <li>zone-outage last: replica-1 is dead already, edge-1 and the primary die with their zone, so it
 *       is also the suite's edge-loss and db-primary-loss. Those two, and the audit's rows that spend a
 *       deployment (the primary, its zone), run on fresh deployments in {@code bin/chaos} and
 *       {@code -Daudit.ladder=true} (SpofAuditIT).</li>
 * </ol>
 * Every experiment must run, roll back and leave every acknowledged write in the database exactly
 * once; the hypotheses in {@link #MUST_HOLD} must hold; the service must come back within the SLO after
 * the zone is lost. Each hypothesis's verdict is written to junit.xml and results.json with the audit's
 * table. Containers by default (in CI they must
 * run); {@code -Dchaos.backend=local} runs the same on local processes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MultiAzChaosIT {

    private static final Duration STEADY = Duration.ofSeconds(6);
    private static final Duration FAULT_WINDOW = Duration.ofSeconds(10);
    private static final Duration OBSERVE = Duration.ofSeconds(10);
    /**
     * After the zone is lost: the time to see the service back. On a busy host the standby's promotion
     * and the clients' move to the other edge took more than the 14 s the shorter window can date.
     */
    private static final Duration OBSERVE_ZONE_OUTAGE = Duration.ofSeconds(25);

    /** The probe that says the deployment was steady before the fault (ExperimentRunner's first). */
    private static final String STEADY_STATE = "steady state";
    /** Experiments allowed to start on a deployment that was not steady: seen once in two suite runs (the first after a boot). */
    private static final int MAX_INCONCLUSIVE = 2;

    /**
     * Left out of the audit here; audited with -Daudit.ladder=true (SpofAuditIT) and bin/chaos --audit.
     * The same kinds again in other zones. Zone-b (edge-2, replica-2 and the synchronous standby frozen at
     * once): its verdict sits on the 5 s boundary (back within the SLO 3 s into the outage in 11 of 12
     * logged runs, 7 s in one), so it cannot be asserted; zone-outage asserts that the service comes back
     * when a zone is lost. The payment provider is audited: checkouts are queued while it hangs.
     */
    private static final List<String> NOT_AUDITED_HERE = List.of("replica-2", "replica-3", "edge-2", "zone zone-b");

    /**
     * The catalogue's hypotheses asserted whole, unless the deployment was not steady before the fault.
     * zone-outage is recorded (junit.xml, results.json) and asserted in part, as a finding not yet fixed
     * (docs/chaos.md): 0.5 to 1.8 % errors (its recovery is asserted). replica-freeze is not run here: it
     * is the audit's replica-1 row (the same freeze, the same hypothesis), asserted there.
     */
    private static final List<String> MUST_HOLD = List.of("replica-slow", "replica-db-partition", "db-latency", "edge-bandwidth",
            "payment-slow", "payment-down", "replica-crash");

    private final String backend = System.getProperty("chaos.backend", "containers");
    private final ExperimentRunner runner = new ExperimentRunner(new LoadSettings(Double.parseDouble(System.getProperty("chaos.rate", "5")),
            LoadSettings.WRITE_MIX, Duration.ofSeconds(2)));
    private final SpofAudit audit = new SpofAudit(runner, Duration.ofSeconds(4), Duration.ofSeconds(11), Duration.ofSeconds(5));
    private final Path folder = Path.of("target", "multi-az-chaos-it").toAbsolutePath();
    private final List<ExperimentResult> results = new ArrayList<>();
    private final List<SpofAudit.Row> rows = new ArrayList<>();
    private final List<String> inconclusive = new ArrayList<>();
    private Deployment deployment;
    private MultiAzChecks checks;
    private Monitoring monitoring = Monitoring.off();
    private Path scalingRules;
    private Instant monitoredFrom;

    @BeforeAll
    void boot() throws Exception {
        if (backend.equals("containers") && !"true".equals(System.getenv("CI"))) {
            Assumptions.assumeTrue(DockerClientFactory.instance().isDockerAvailable(), "no Docker engine answers: chaos on containers not tested");
        }
        deployment = ChaosCommand.boot(Presets.load("multi-az"), backend, BootOptions.DEFAULTS, runner, folder, ChaosCommand.WARM_UP, this::startPrometheus);
        checks = new MultiAzChecks(deployment, backend);
    }

    /** A real Prometheus with the shipped rules and a capacity report's scaling rules; in CI it must be there. */
    private Monitoring startPrometheus(Deployment booted) {
        String noPrometheus = PrometheusServer.unavailableBecause();
        if (noPrometheus != null) {
            if ("true".equals(System.getenv("CI"))) throw new AssertionError(noPrometheus + "; .ci/run installs it");
            return Monitoring.off();
        }
        scalingRules = LiveMetricsChecks.scalingRules(folder);
        monitoredFrom = Instant.now();
        monitoring = Monitoring.start(booted, "multi-az-chaos-it", folder.resolve("prometheus"), List.of(scalingRules));
        return monitoring;
    }

    @Test
    @Order(2)
    void noRedundantComponentIsASinglePointOfFailure() {
        Map<String, Verdict> verdicts = new LinkedHashMap<>();
        for (SpofAudit.Component component : SpofAudit.components(deployment)) {
            if (component.spends() || NOT_AUDITED_HERE.contains(component.name())) continue;
            SpofAudit.Row row = audit.measure(deployment, component, backend, folder);
            rows.add(row);
            results.add(row.result());
            System.out.println(row.markdown());
            ChaosAssertions.measuredKeepingWrites(row);
            verdicts.put(row.component(), row.verdict());
        }
        assertThat(verdicts).as("one component of each kind audited").containsKeys("replica-1", "edge-1", "db-standby", "payment-provider");
        for (String redundant : List.of("replica-1", "edge-1", "db-standby", "payment-provider")) {
            assertThat(verdicts.get(redundant)).as(redundant + " is not a single point of failure in multi-az").isNotEqualTo(Verdict.SINGLE_POINT_OF_FAILURE);
        }
    }

    /**
     * The topology's checks of the deployment as booted, on containers (LocalMultiAzIT runs them on local processes):
     * every replica serves through the edge, a fault on one link hits only what uses it, the edge costs far less
     * than a replica, each replica is held to its quota and runs the JVM a local replica runs.
     */
    @Test
    @Order(0)
    void theDeploymentServesAsBooted() throws Exception {
        checks.everyReplicaServesThroughTheEdge();
        checks.aLatencyToxicOnOneReplicasDatabaseLinkSlowsThatReplicaAlone();
        checks.theEdgeCostsFarLessCpuPerRequestThanTheReplicas();
        checks.replicasRunUnderTheirCpuQuota();
        checks.everyReplicaRunsTheHarnessJvm();
    }

    @Test
    @Order(1)
    void faultsThatLeaveEveryNodeUp() {
        for (String name : List.of("replica-slow", "replica-db-partition", "db-latency", "edge-bandwidth", "payment-slow", "payment-down")) {
            run(name, OBSERVE);
        }
    }

    /**
     * The dashboards and rules on the run's metrics so far: minutes of load with writes and checkouts, fault
     * windows, every node back up (a crashed replica would be a target down).
     */
    @Test
    @Order(3)
    void theDashboardsShowTheRunSoFar() throws Exception {
        Assumptions.assumeTrue(monitoring.prometheus().isPresent(), "Prometheus is not installed: the dashboards are not checked on live metrics");
        LiveMetricsChecks live = new LiveMetricsChecks(monitoring.prometheus().orElseThrow(), scalingRules, monitoredFrom, Instant.now());
        live.everyTargetIsScrapedAndLabelledByZone(deployment.replicas().size(), 2);
        live.noLabelIsRenamedByAConflictWithItsTarget();
        live.everyDashboardQueryReturnsData();
        live.everyTemplateVariableHasValues();
        live.everyRuleEvaluatesOnRealData();
        // The topology's checks of a replica added and removed live (LocalMultiAzIT's, on containers here), the same
        // replica scraped meanwhile; the rest runs on the fleet it would have had: three replicas, one per zone.
        Deployment.Replica added = checks.aReplicaAddedLiveReceivesTraffic("zone-b");
        live.aReplicaAddedIsScrapedWithoutAReload(added.id());
        checks.aRemovedReplicaLeavesTheEdgeWithoutFailingRequests(added.id());
    }

    /**
     * The topology's checks of synchronous replication on containers: its cost per commit, and a frozen standby
     * holding writes up only until it is dropped, then streaming again before the zone-outage needs it.
     */
    @Test
    @Order(4)
    void aFrozenSynchronousStandbyHoldsWritesUpOnlyUntilItIsDropped() throws Exception {
        checks.synchronousReplicationCostIsMeasured();
        checks.aFrozenSynchronousStandbyHoldsWritesUpOnlyUntilItIsDropped();
    }

    @Test
    @Order(5)
    void aReplicaCrash() {
        run("replica-crash", OBSERVE);
    }

    @Test
    @Order(6)
    void aLostZoneWithTheEdgeAndThePrimaryInIt() {
        ExperimentResult result = run("zone-outage", OBSERVE_ZONE_OUTAGE);
        if (!inconclusive.contains("zone-outage")) {
            assertThat(result.timeline().recoveredMillis()).as("zone-outage: back within the SLO (the other edge, the promoted standby)").isNotNull();
        }
    }

    private ExperimentResult run(String name, Duration observe) {
        Experiment experiment = Catalogue.experiment(name, deployment).windows(STEADY, FAULT_WINDOW, observe);
        ExperimentResult result = runner.run(deployment, backend, experiment, folder);
        results.add(result);
        ChaosAssertions.print(result);
        assertThat(result.error()).as(name + " ran").isNull();
        // Where the deployment was not steady before the fault (p99 over the SLO), the experiment is inconclusive, as Chaos
        // Toolkit aborts one whose steady state fails first; at most MAX_INCONCLUSIVE may be.
        boolean steadyBefore = result.probes().stream().filter(probe -> probe.name().startsWith(STEADY_STATE)).allMatch(ExperimentResult.Probe::held);
        if (!steadyBefore) {
            inconclusive.add(name);
            System.out.println("    inconclusive: not steady before the fault");
        }
        ChaosAssertions.writesKept(name, result);
        if (steadyBefore && MUST_HOLD.contains(name)) {
            assertThat(result.probes()).as(name + ": " + experiment.title()).allSatisfy(probe ->
                    assertThat(probe.held()).as(name + ": " + probe.name() + " " + probe.measured() + " (allowed " + probe.tolerance() + ")").isTrue());
        }
        return result;
    }

    @AfterAll
    void closeAndWrite() {
        runner.monitor(Monitoring.off()); // stops this run's Prometheus
        if (deployment != null) Teardown.close(deployment); // and nothing of it left on the machine
        if (results.isEmpty()) return;
        ResultFiles.write(folder, "multi-az-chaos-" + backend, results, rows);
        ResultFiles.writeText(folder.resolve("audit.md"), SpofAudit.table(rows));
        System.out.print(SpofAudit.table(rows));
        assertThat(inconclusive).as("experiments that started on a deployment not steady (p99 over the SLO before the fault)").hasSizeLessThanOrEqualTo(MAX_INCONCLUSIVE);
    }
}
