package org.lmsharness.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.lmsharness.reports.Reports;
import org.lmsharness.reports.SampleRuns;
import org.lmsharness.reports.thresholds.ScalingInputs;
import org.lmsharness.simulations.run.GatlingRun;
import org.lmsharness.simulations.run.SimulationParameters;
import org.lmsharness.simulations.run.SimulationLog;
import org.lmsharness.topology.Artifacts;
import org.lmsharness.topology.Deployment;
import org.lmsharness.topology.container.ContainerDeployment;
import org.lmsharness.topology.local.LocalDeployment;
import org.lmsharness.topology.preset.Presets;
import org.lmsharness.topology.ReplicaBoot;
import org.testcontainers.DockerClientFactory;
import tools.jackson.databind.JsonNode;

/**
 * Every PromQL expression of every dashboard panel, annotation, template variable and rule, run
 * against a real Prometheus that scraped a real deployment under Gatling load: each must parse and
 * return data (no empty panel, no metric the LMS, the edge or the harness does not export).
 *
 * multi-az (two edges, three zones) on containers when Docker answers (in CI it must), else local
 * processes. The harness's metrics are driven as a capacity run and a chaos experiment drive them:
 * two steps, and a fault window in which a replica is really frozen (6 s). The scaling rules loaded are a
 * capacity report's, written from the reports module's sample run: what is checked here is that
 * they load and their series exist, not their numbers (PrometheusRulesTest checks those).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LiveMetricsIT {

    private static final Duration LOAD = Duration.ofSeconds(75);
    private static final String RATE_INTERVAL = "30s";
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((.+),\\s*(\\w+)\\)");
    private static final Pattern OPERATOR = Pattern.compile("\\s(?:and|or|unless)(?:\\s+on\\s*\\([^)]*\\))?\\s");
    private static final Pattern TRAILING_COMPARISON = Pattern.compile("\\s*[<>]=?\\s*(\\([^()]*\\)|[0-9.eE+-]+)\\s*$");

    private final Path folder = Path.of("target", "live-metrics-it").toAbsolutePath();
    private Deployment deployment;
    private PrometheusServer prometheus;
    private PrometheusApi api;
    private HarnessMetrics harness;
    private Instant loadStart;
    private Instant loadEnd;
    private Path scalingRules;

    @BeforeAll
    void bootDriveAndScrape() throws Exception {
        String unavailable = PrometheusServer.unavailableBecause();
        if (unavailable != null) {
            if ("true".equals(System.getenv("CI"))) throw new AssertionError(unavailable + "; .ci/run installs it");
            org.junit.jupiter.api.Assumptions.abort(unavailable + "; live metrics not tested");
        }
        Files.createDirectories(folder);
        boolean containers = "true".equals(System.getenv("CI")) || DockerClientFactory.instance().isDockerAvailable();
        System.setProperty("lms.topology.faultProxy", "off");
        deployment = containers
                ? ContainerDeployment.start(Presets.load("multi-az"), Artifacts.referenceApp(), Artifacts.paymentProviderStub(), ReplicaBoot.QUOTA_LIFTED_UNTIL_READY)
                : LocalDeployment.start(Presets.load("multi-az"), ReplicaBoot.QUOTA_LIFTED_UNTIL_READY);
        System.out.println("live metrics: multi-az up on " + (containers ? "containers" : "local processes"));

        Reports.Written report = Reports.write(folder.resolve("capacity-report"), SampleRuns.threeCounts(), new ScalingInputs(400, 10, 3), "lms");
        scalingRules = report.thresholdFiles().stream().filter(p -> p.getFileName().toString().equals("prometheus-scaling-rules.yml")).findFirst().orElseThrow();
        prometheus = PrometheusServer.start(folder.resolve("prometheus"), deployment.scrapeTargets(), List.of(scalingRules));
        api = prometheus.api();
        harness = HarnessMetrics.start("live-metrics-it", deployment.scrapeTargets());

        drive();
        // Two more scrapes and one rule evaluation after the load, so the last window is recorded.
        Thread.sleep(16_000);
    }

    /** Gatling load with writes and checkouts; two capacity steps; a fault window with replica-1 frozen for 6 s. */
    private void drive() throws Exception {
        SimulationParameters load = SimulationParameters.load(4, Duration.ofSeconds(5), LOAD, deployment.clientUrls())
                .clientFailover(true).mix("browse:40,student:40,enrolAndPay:10,instructor:10").usersFrom(deployment.datasetDir());
        ExecutorService gatling = Executors.newSingleThreadExecutor();
        try {
            loadStart = Instant.now();
            harness.step(1, deployment.replicas().size(), 4);
            Future<SimulationLog> run = gatling.submit(() -> GatlingRun.run("org.lmsharness.simulations.LmsSimulation", load, folder.resolve("gatling"), "live metrics"));
            Thread.sleep(25_000);
            harness.step(2, deployment.replicas().size(), 4);
            Thread.sleep(10_000);
            harness.fault("replica-freeze", true);
            deployment.node("replica-1").freeze();
            Thread.sleep(6_000); // longer than a scrape interval: the fault's gauge is scraped at 1 at least once
            deployment.node("replica-1").resume();
            harness.fault("replica-freeze", false);
            SimulationLog log = run.get(LOAD.plusSeconds(120).toMillis(), TimeUnit.MILLISECONDS);
            harness.idle();
            loadEnd = Instant.now();
            System.out.printf("live metrics: %d requests in %d s%n", log.requests().size(), Duration.between(loadStart, loadEnd).toSeconds());
        } finally {
            gatling.shutdownNow();
        }
    }

    @AfterAll
    void tearDown() {
        if (harness != null) harness.close();
        if (prometheus != null) prometheus.close();
        if (deployment != null) {
            deployment.close();
            assertThat(deployment.leftovers()).as("left on the machine").isEmpty();
        }
    }

    @Test
    void everyTargetIsScrapedAndLabelledByZone() {
        Map<String, List<JsonNode>> byJob = new HashMap<>();
        for (JsonNode target : api.activeTargets()) byJob.computeIfAbsent(target.path("labels").path("job").asString(), j -> new ArrayList<>()).add(target);
        assertThat(byJob.get("lms")).hasSize(deployment.replicas().size());
        assertThat(byJob.get("haproxy")).hasSize(2);
        assertThat(byJob.get("harness")).hasSize(1);
        for (List<JsonNode> targets : byJob.values()) {
            for (JsonNode target : targets) {
                assertThat(target.path("health").asString()).as("%s: %s", target.path("scrapeUrl").asString(), target.path("lastError").asString()).isEqualTo("up");
            }
        }
        assertThat(byJob.get("lms")).allSatisfy(t -> assertThat(t.path("labels").path("zone").asString()).startsWith("zone-"));
    }

    /** A target label that a metric also carries is renamed exported_* unless the job honours the metric's: none may be. */
    @Test
    void noLabelIsRenamedByAConflictWithItsTarget() {
        for (String label : List.of("application", "zone", "replica", "run", "edge", "job", "instance")) {
            assertThat(returnsData("{exported_" + label + "=~\".+\"}")).as("series with exported_" + label).isFalse();
        }
    }

    /** Every panel's and annotation's query, with Grafana's variables filled in as "All", returns data over the load. */
    @Test
    void everyDashboardQueryReturnsData() {
        List<String> empty = new ArrayList<>();
        int checked = 0;
        for (Path dashboard : DashboardFiles.dashboards()) {
            for (DashboardFiles.Expression e : DashboardFiles.dashboardExpressions(dashboard)) {
                String promql = asGrafanaSendsIt(e.promql());
                if (!returnsData(promql)) empty.add(e.where() + ": " + promql);
                checked++;
            }
        }
        System.out.println("live metrics: " + checked + " dashboard expressions checked, " + empty.size() + " empty");
        assertThat(empty).as("queries that returned nothing").isEmpty();
    }

    /** Every template variable's label_values(selector, label) finds values. */
    @Test
    void everyTemplateVariableHasValues() {
        int checked = 0;
        for (Path dashboard : DashboardFiles.dashboards()) {
            for (JsonNode variable : DashboardFiles.read(dashboard).path("templating").path("list")) {
                if (!variable.path("type").asString().equals("query")) continue;
                Matcher m = LABEL_VALUES.matcher(variable.path("definition").asString());
                assertThat(m.matches()).as(variable.path("definition").asString()).isTrue();
                JsonNode series = api.queryRange(asGrafanaSendsIt(m.group(1)), loadStart, loadEnd, 5).series();
                List<String> values = new ArrayList<>();
                for (JsonNode s : series) if (s.path("metric").has(m.group(2))) values.add(s.path("metric").path(m.group(2)).asString());
                assertThat(values).as("%s: $%s", dashboard.getFileName(), variable.path("name").asString()).isNotEmpty();
                checked++;
            }
        }
        System.out.println("live metrics: " + checked + " template variables checked");
    }

    /**
     * Every rule evaluates without error; every recording rule recorded data; every alert's
     * operands (the expression without its threshold) return data, so an alert that stays quiet
     * does so because the numbers are fine, not because a metric is missing.
     */
    @Test
    void everyRuleEvaluatesOnRealData() {
        for (JsonNode group : api.rules()) {
            for (JsonNode rule : group.path("rules")) {
                assertThat(rule.path("health").asString()).as("%s: %s", rule.path("name").asString(), rule.path("lastError").asString()).isEqualTo("ok");
            }
        }
        List<Path> files = new ArrayList<>(DashboardFiles.ruleFiles());
        files.add(scalingRules);
        List<String> empty = new ArrayList<>();
        int checked = 0;
        for (DashboardFiles.Expression rule : DashboardFiles.ruleExpressions(files)) {
            String name = rule.where().substring(rule.where().indexOf(" / ") + 3);
            if (!rule.alert()) {
                if (!returnsData(name)) empty.add(rule.where() + " recorded nothing");
                if (!returnsData(rule.promql())) empty.add(rule.where() + ": " + rule.promql());
            } else {
                for (String operand : operands(rule.promql())) {
                    if (!returnsData(operand)) empty.add(rule.where() + " operand: " + operand);
                }
            }
            checked++;
        }
        System.out.println("live metrics: " + checked + " rules checked, " + empty.size() + " without data");
        assertThat(empty).as("rules without data").isEmpty();
    }

    /** The topology rewrites its scrape targets when a replica comes: Prometheus scrapes it without a reload. Last: it changes the fleet. */
    @Test
    @Order(Integer.MAX_VALUE)
    void aReplicaAddedIsScrapedWithoutAReload() throws InterruptedException {
        Deployment.Replica added = deployment.addReplica("zone-b");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        boolean scraped = false;
        while (!scraped && System.nanoTime() < deadline) {
            Thread.sleep(1000);
            scraped = api.query("up{job=\"lms\", replica=\"" + added.id() + "\"} == 1", Instant.now()).size() > 0;
        }
        assertThat(scraped).as(added.id() + " scraped within 30 s").isTrue();
    }

    private boolean returnsData(String promql) {
        for (JsonNode series : api.queryRange(promql, loadStart, loadEnd, 5).series()) {
            if (series.path("values").size() > 0) return true;
        }
        return false;
    }

    /** Grafana's variables as a user who picked "All" sends them. */
    private String asGrafanaSendsIt(String promql) {
        return promql.replace("$__rate_interval", RATE_INTERVAL)
                .replace("$__range", Duration.between(loadStart, loadEnd).toSeconds() + "s")
                .replace("$__interval", "5s")
                .replace("$application", "lms")
                .replaceAll("\\$\\w+", ".*");
    }

    /** An alert's expression split at and / or / unless, each part without its threshold; absent(…) left out (empty when all is well). */
    static List<String> operands(String alert) {
        List<String> operands = new ArrayList<>();
        for (String part : OPERATOR.split(alert.strip())) {
            String operand = part.strip();
            while (operand.startsWith("(") && operand.endsWith(")") && balanced(operand.substring(1, operand.length() - 1))) {
                operand = operand.substring(1, operand.length() - 1).strip();
            }
            operand = TRAILING_COMPARISON.matcher(operand).replaceFirst("");
            if (!operand.startsWith("absent(")) operands.add(operand);
        }
        return operands;
    }

    private static boolean balanced(String s) {
        int depth = 0;
        for (char c : s.toCharArray()) {
            if (c == '(') depth++;
            if (c == ')' && --depth < 0) return false;
        }
        return depth == 0;
    }
}
