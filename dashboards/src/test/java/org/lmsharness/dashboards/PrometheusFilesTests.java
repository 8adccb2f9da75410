package org.lmsharness.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmsharness.reports.Promtool;

/** The shipped Prometheus files, checked by Prometheus's own promtool. */
class PrometheusFilesTests {

    @Test
    void configurationIsValidWithItsRulesBesideIt(@TempDir Path dir) throws IOException {
        Files.copy(DashboardFiles.PROMETHEUS.resolve("prometheus.yml"), dir.resolve("prometheus.yml"));
        Files.createDirectories(dir.resolve("rules"));
        for (Path rules : DashboardFiles.ruleFiles()) Files.copy(rules, dir.resolve("rules").resolve(rules.getFileName()));
        Files.createDirectories(dir.resolve("targets"));
        Files.writeString(dir.resolve("targets/lms.json"), """
                [{"targets": ["127.0.0.1:8080"], "labels": {"replica": "replica-1", "zone": "zone-a", "__metrics_path__": "/actuator/prometheus"}}]
                """);

        String output = Promtool.succeeds(dir, "check", "config", "prometheus.yml");

        assertThat(output).contains("SUCCESS: prometheus.yml is valid", "SUCCESS: " + DashboardFiles.ruleFiles().size() + " rule files found");
    }

    @Test
    void everyRuleFileIsValid() {
        for (Path rules : DashboardFiles.ruleFiles()) {
            assertThat(Promtool.succeeds(DashboardFiles.RULES, "check", "rules", rules.getFileName().toString())).contains("SUCCESS");
        }
    }

    /** tests/*.yml: every alert rule firing and not firing, and the recording rules the alerts use. */
    @Test
    void ruleUnitTestsPass() throws IOException {
        List<Path> tests;
        try (var files = Files.list(DashboardFiles.PROMETHEUS.resolve("tests"))) {
            tests = files.filter(f -> f.toString().endsWith(".test.yml")).sorted().toList();
        }
        assertThat(tests).isNotEmpty();
        for (Path test : tests) {
            assertThat(Promtool.succeeds(test.getParent(), "test", "rules", test.getFileName().toString())).contains("SUCCESS");
        }
    }

    @Test
    void everyAlertRuleHasAUnitTestThatFiresItAndOneThatDoesNot() throws IOException {
        String tests = Files.readString(DashboardFiles.PROMETHEUS.resolve("tests/lms-rules.test.yml"));
        for (DashboardFiles.Expression rule : DashboardFiles.ruleExpressions(DashboardFiles.ruleFiles())) {
            if (!rule.alert()) continue;
            String alert = rule.where().substring(rule.where().indexOf(" / ") + 3);
            assertThat(tests).as("a firing test of %s", alert).containsPattern("alertname: " + alert + "\\n\\s+exp_alerts:\\n\\s+- exp_labels");
            assertThat(tests).as("a quiet test of %s", alert).containsPattern("alertname: " + alert + "(, |\\n\\s+)exp_alerts: \\[\\]");
        }
    }

    /** PrometheusServer copies this list onto a run's Prometheus: no rule file may be left out. */
    @Test
    void prometheusServerShipsEveryRuleFile() {
        assertThat(DashboardFiles.ruleFiles().stream().map(p -> p.getFileName().toString())).containsExactlyInAnyOrderElementsOf(PrometheusServer.RULE_FILES);
    }
}
