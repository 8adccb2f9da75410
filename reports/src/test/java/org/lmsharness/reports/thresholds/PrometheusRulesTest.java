package org.lmsharness.reports.thresholds;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmsharness.reports.Promtool;

/** The scaling alerts as Prometheus rules: valid for promtool, and carrying the CloudWatch alarms' numbers. */
class PrometheusRulesTest {

    @TempDir
    static Path dir;
    static Thresholds t;
    static String rules;

    @BeforeAll
    static void writeFiles() throws IOException {
        t = ThresholdsTest.writeSampleFiles(dir);
        rules = Files.readString(dir.resolve(PrometheusRules.RULES));
    }

    @Test
    void promtoolAcceptsTheRules() {
        assertThat(Promtool.succeeds(dir, "check", "rules", PrometheusRules.RULES)).contains("SUCCESS: 7 rules found");
    }

    /** The generated unit test: scale-out fires above its threshold, scale-in below its own, neither between them. */
    @Test
    void everyAlertFiresAndStaysQuietWherePromtoolSaysItShould() {
        assertThat(Promtool.succeeds(dir, "test", "rules", PrometheusRules.RULES_TEST)).contains("SUCCESS");
    }

    @Test
    void alertsCarryTheNumbersOfTheCloudWatchAlarms() {
        assertThat(rules)
                .contains("> " + Thresholds.f(t.scaleOut().threshold()) + "\n")
                .contains("< " + Thresholds.f(t.scaleIn().threshold()) + ")")
                .contains("vector(" + Thresholds.f(t.requestsPerTargetPerMinute()) + "), \"application\", \"lms\"")
                .contains("vector(" + Thresholds.f(t.cpuPercent()) + "), \"application\", \"lms\"");
        // 2 of 2 one-minute datapoints: one minute of breach after the first; 15 of 15: fourteen.
        assertThat(t.scaleOut().datapointsToAlarm()).isEqualTo(2);
        assertThat(rules).contains("alert: LmsScaleOut\n        expr: |\n          60 * sum by (application) (rate(").contains("for: 1m\n");
        assertThat(rules).contains("for: 14m\n").contains("or absent(haproxy_backend_http_requests_total");
    }

    /** A test that only the alerts themselves pass: a wrong threshold must fail it. */
    @Test
    void theGeneratedTestCatchesAWrongThreshold() throws IOException {
        String wrong = rules.replace("> " + Thresholds.f(t.scaleOut().threshold()) + "\n", "> " + Thresholds.f(t.scaleOut().threshold() * 1.5) + "\n");
        assertThat(wrong).isNotEqualTo(rules);
        Files.writeString(dir.resolve(PrometheusRules.RULES), wrong);
        try {
            assertThat(Promtool.run(dir, "test", "rules", PrometheusRules.RULES_TEST).exitCode()).isNotZero();
        } finally {
            Files.writeString(dir.resolve(PrometheusRules.RULES), rules);
        }
    }
}
