package org.lmsharness.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.lmsharness.reports.Reports;
import org.lmsharness.reports.SampleRuns;
import org.lmsharness.reports.thresholds.ScalingInputs;
import org.lmsharness.topology.Deployment;
import tools.jackson.databind.JsonNode;

/**
 * Every PromQL expression of every dashboard panel, annotation, template variable and rule, run
 * against a real Prometheus that scraped a real deployment under Gatling load: each must parse and
 * return data (no empty panel, no metric the LMS, the edge or the harness does not export).
 *
 * The checks need a multi-az deployment under load with writes, checkouts and a fault window; the
 * chaos module's MultiAzChaosIT boots one for its experiments and runs these on it (one boot for
 * both, where a test of their own here took 3.5 minutes). Range queries cover [from, to].
 */
public final class LiveMetricsChecks {

    private static final String RATE_INTERVAL = "30s";
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((.+),\\s*(\\w+)\\)");
    private static final Pattern OPERATOR = Pattern.compile("\\s(?:and|or|unless)(?:\\s+on\\s*\\([^)]*\\))?\\s");
    private static final Pattern TRAILING_COMPARISON = Pattern.compile("\\s*[<>]=?\\s*(\\([^()]*\\)|[0-9.eE+-]+)\\s*$");

    private final PrometheusApi api;
    private final Path scalingRules;
    private final Instant from;
    private final Instant to;

    public LiveMetricsChecks(PrometheusApi api, Path scalingRules, Instant from, Instant to) {
        this.api = api;
        this.scalingRules = scalingRules;
        this.from = from;
        this.to = to;
    }

    /**
     * The scaling rules a capacity report writes (from the reports module's sample run), for Prometheus
     * to load beside the shipped ones: what is checked is that they load and their series exist, not their
     * numbers (PrometheusRulesTest checks those).
     */
    public static Path scalingRules(Path folder) {
        Reports.Written report = Reports.write(folder.resolve("capacity-report"), SampleRuns.threeCounts(), new ScalingInputs(400, 10, 3), "lms");
        return report.thresholdFiles().stream().filter(p -> p.getFileName().toString().equals("prometheus-scaling-rules.yml")).findFirst().orElseThrow();
    }

    /** Every target up now, one per replica and edge and the harness; each replica labelled with its zone. */
    public void everyTargetIsScrapedAndLabelledByZone(int replicas, int edges) {
        Map<String, List<JsonNode>> byJob = new HashMap<>();
        for (JsonNode target : api.activeTargets()) byJob.computeIfAbsent(target.path("labels").path("job").asString(), j -> new ArrayList<>()).add(target);
        assertThat(byJob.get("lms")).hasSize(replicas);
        assertThat(byJob.get("haproxy")).hasSize(edges);
        assertThat(byJob.get("harness")).hasSize(1);
        for (List<JsonNode> targets : byJob.values()) {
            for (JsonNode target : targets) {
                assertThat(target.path("health").asString()).as("%s: %s", target.path("scrapeUrl").asString(), target.path("lastError").asString()).isEqualTo("up");
            }
        }
        assertThat(byJob.get("lms")).allSatisfy(t -> assertThat(t.path("labels").path("zone").asString()).startsWith("zone-"));
    }

    /** A target label that a metric also carries is renamed exported_* unless the job honours the metric's: none may be. */
    public void noLabelIsRenamedByAConflictWithItsTarget() {
        for (String label : List.of("application", "zone", "replica", "run", "edge", "job", "instance")) {
            assertThat(returnsData("{exported_" + label + "=~\".+\"}")).as("series with exported_" + label).isFalse();
        }
    }

    /** Every panel's and annotation's query, with Grafana's variables filled in as "All", returns data. */
    public void everyDashboardQueryReturnsData() {
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
        assertThat(checked).as("dashboard expressions found in " + DashboardFiles.DASHBOARDS).isPositive();
        assertThat(empty).as("queries that returned nothing").isEmpty();
    }

    /** Every template variable's label_values(selector, label) finds values. */
    public void everyTemplateVariableHasValues() {
        int checked = 0;
        for (Path dashboard : DashboardFiles.dashboards()) {
            for (JsonNode variable : DashboardFiles.read(dashboard).path("templating").path("list")) {
                if (!variable.path("type").asString().equals("query")) continue;
                Matcher m = LABEL_VALUES.matcher(variable.path("definition").asString());
                assertThat(m.matches()).as(variable.path("definition").asString()).isTrue();
                JsonNode series = api.queryRange(asGrafanaSendsIt(m.group(1)), from, to, 5).series();
                List<String> values = new ArrayList<>();
                for (JsonNode s : series) if (s.path("metric").has(m.group(2))) values.add(s.path("metric").path(m.group(2)).asString());
                assertThat(values).as("%s: $%s", dashboard.getFileName(), variable.path("name").asString()).isNotEmpty();
                checked++;
            }
        }
        System.out.println("live metrics: " + checked + " template variables checked");
        assertThat(checked).as("template variables").isPositive();
    }

    /**
     * Every rule evaluates without error; every recording rule recorded data; every alert's
     * operands (the expression without its threshold) return data, so an alert that stays quiet
     * does so because the numbers are fine, not because a metric is missing.
     */
    public void everyRuleEvaluatesOnRealData() {
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

    /** The topology rewrites its scrape targets when a replica comes: Prometheus scrapes it within 30 s, without a reload. */
    public void aReplicaAddedIsScrapedWithoutAReload(String replicaId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        boolean scraped = false;
        while (!scraped && System.nanoTime() < deadline) {
            Thread.sleep(1000);
            scraped = api.query("up{job=\"lms\", replica=\"" + replicaId + "\"} == 1", Instant.now()).size() > 0;
        }
        assertThat(scraped).as(replicaId + " scraped within 30 s").isTrue();
    }

    private boolean returnsData(String promql) {
        for (JsonNode series : api.queryRange(promql, from, to, 5).series()) {
            if (series.path("values").size() > 0) return true;
        }
        return false;
    }

    /** Grafana's variables as a user who picked "All" sends them. */
    private String asGrafanaSendsIt(String promql) {
        return promql.replace("$__rate_interval", RATE_INTERVAL)
                .replace("$__range", Duration.between(from, to).toSeconds() + "s")
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
