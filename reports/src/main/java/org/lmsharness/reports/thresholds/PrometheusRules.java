package org.lmsharness.reports.thresholds;

import static org.lmsharness.reports.thresholds.Thresholds.f;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The scaling thresholds as Prometheus rules, carrying the same numbers as the CloudWatch alarms:
 *
 * <pre>
 *   prometheus-scaling-rules.yml        rule_files: of a Prometheus that scrapes the edges (job "haproxy")
 *                                        and the replicas (job "lms"), as dashboards/prometheus/prometheus.yml does
 *   prometheus-scaling-rules.test.yml   promtool test rules prometheus-scaling-rules.test.yml
 * </pre>
 *
 * An alarm of M of M one-minute datapoints becomes an alert whose one-minute rate breaches for
 * (M − 1) minutes: the first datapoint is already a whole minute of breach. "Missing data
 * breaching" becomes {@code or absent(…)}. The thresholds are also recorded as constant series
 * ({@code lms:scaling_*}) so the dashboards draw them as lines from the same file.
 *
 * Written by hand, like the HPA: the comments that say why are part of the file, and the tests
 * check it with promtool itself.
 */
final class PrometheusRules {

    static final String RULES = "prometheus-scaling-rules.yml";
    static final String RULES_TEST = "prometheus-scaling-rules.test.yml";

    /**
     * The edges' ALBRequestCountPerTarget, as {@code lb:requests_per_target:per_minute} records it
     * in dashboards/prometheus/rules/lms-recording.yml; repeated here so that this file stands alone.
     */
    static final String REQUESTS_PER_TARGET_PER_MINUTE = "60 * sum by (application) (rate(haproxy_backend_http_requests_total{job=\"haproxy\", proxy=~\"replicas|replicas-alive\"}[1m]))"
            + " / clamp_min(sum by (application) (max by (application, server) (haproxy_server_status{job=\"haproxy\", proxy=\"replicas\", state=\"UP\"})), 1)";
    static final String CPU_PERCENT_OF_QUOTA = "100 * avg by (application) (rate(process_cpu_time_ns_total{job=\"lms\"}[1m]) / 1e9 / lms_cpu_quota_cores{job=\"lms\"})";
    /** The application label the LMS's metrics and its edges' targets carry. */
    static final String APPLICATION = "lms";

    /** Target tracking's high alarm: AWS creates it with 3 of 3 one-minute datapoints. */
    static final int TARGET_TRACKING_HIGH_DATAPOINTS = 3;

    private PrometheusRules() {}

    /** One alert rule; the unit test expects exactly these labels and annotations. */
    record Alert(String name, String expr, int forMinutes, String action, String summary, String description) {
        String expected(String indent) {
            return indent + "- exp_labels: {application: " + APPLICATION + ", severity: scaling, action: " + action + "}\n"
                    + indent + "  exp_annotations:\n"
                    + indent + "    summary: \"" + summary + "\"\n"
                    + indent + "    description: \"" + description + "\"\n";
        }
    }

    static List<Alert> alerts(Thresholds t, String group) {
        Thresholds.Alarm out = t.scaleOut();
        Thresholds.Alarm in = t.scaleIn();
        List<Alert> alerts = new ArrayList<>();
        alerts.add(new Alert("LmsScaleOut", REQUESTS_PER_TARGET_PER_MINUTE + " > " + f(out.threshold()), forMinutes(out), "scale-out",
                "Requests per target per minute above " + f(out.threshold()) + ": add " + out.adjustment() + " replica(s)",
                "As CloudWatch alarm " + ThresholdFiles.alarmName(group, out) + ": " + out.datapointsToAlarm() + " of "
                        + out.evaluationPeriods() + " one-minute datapoints above " + f(out.threshold()) + "."));
        alerts.add(new Alert("LmsScaleIn", "(" + REQUESTS_PER_TARGET_PER_MINUTE + " < " + f(in.threshold()) + ")"
                        + (in.treatMissingData().equals("breaching") ? "\n          or absent(haproxy_backend_http_requests_total{job=\"haproxy\", proxy=~\"replicas|replicas-alive\"})" : ""),
                forMinutes(in), "scale-in",
                "Requests per target per minute below " + f(in.threshold()) + ": remove " + Math.abs(in.adjustment()) + " replica(s)",
                "As CloudWatch alarm " + ThresholdFiles.alarmName(group, in) + ": " + in.datapointsToAlarm() + " of "
                        + in.evaluationPeriods() + " one-minute datapoints below " + f(in.threshold()) + ", missing data " + in.treatMissingData() + "."));
        if (!Double.isNaN(t.cpuPercent())) {
            // Target tracking's own high alarm: 3 of 3 one-minute datapoints above the target.
            alerts.add(new Alert("LmsCpuAboveTarget", CPU_PERCENT_OF_QUOTA + " > " + f(t.cpuPercent()), TARGET_TRACKING_HIGH_DATAPOINTS - 1, "scale-out",
                    "Average CPU above " + f(t.cpuPercent()) + " % of the quota: target tracking adds replicas",
                    "Target tracking on ASGAverageCPUUtilization at " + f(t.cpuPercent()) + " % scales out after "
                            + TARGET_TRACKING_HIGH_DATAPOINTS + " one-minute datapoints above it."));
        }
        return alerts;
    }

    static String rules(Thresholds t, String group) {
        StringBuilder yaml = new StringBuilder()
                .append("# Prometheus rules for ").append(group).append(": the scaling thresholds, with the numbers of the CloudWatch alarms.\n")
                .append("# Derived by the LMS capacity harness from the ").append(t.source()).append(".\n")
                .append("# C = ").append(f(t.capacityPerTarget())).append(" req/s per replica within the SLO; each value's derivation is in the report.\n")
                .append("groups:\n  - name: ").append(group).append("-scaling\n    rules:\n")
                .append(constant("lms:scaling_target_requests_per_target:per_minute", t.requestsPerTargetPerMinute(),
                        "target tracking on ALBRequestCountPerTarget"))
                .append(constant("lms:scaling_scale_out_threshold:per_minute", t.scaleOut().threshold(), "scale-out step alarm"))
                .append(constant("lms:scaling_scale_in_threshold:per_minute", t.scaleIn().threshold(), "scale-in step alarm"));
        if (!Double.isNaN(t.cpuPercent())) yaml.append(constant("lms:scaling_target_cpu:percent", t.cpuPercent(), "target tracking on ASGAverageCPUUtilization"));
        for (Alert alert : alerts(t, group)) {
            yaml.append("""
                          - alert: %s
                            expr: |
                              %s
                            for: %dm
                            labels:
                              severity: scaling
                              action: %s
                            annotations:
                              summary: "%s"
                              description: "%s"
                    """.formatted(alert.name(), alert.expr(), alert.forMinutes(), alert.action(), alert.summary(), alert.description()));
        }
        return yaml.toString();
    }

    /**
     * A promtool unit test of {@link #rules}: load well above the scale-out threshold, between the
     * two, and well below scale-in, on two healthy targets; every alert firing and not firing.
     */
    static String test(Thresholds t, String group) {
        Thresholds.Alarm out = t.scaleOut();
        Thresholds.Alarm in = t.scaleIn();
        boolean cpu = !Double.isNaN(t.cpuPercent());
        Map<String, Alert> alert = new HashMap<>();
        alerts(t, group).forEach(a -> alert.put(a.name(), a));
        int outMinutes = forMinutes(out) + 3;
        int inMinutes = forMinutes(in) + 3;
        StringBuilder yaml = new StringBuilder("""
                # promtool test rules %1$s
                rule_files:
                  - %2$s
                evaluation_interval: 15s
                tests:
                """.formatted(RULES_TEST, RULES));
        yaml.append(testCase("Above the scale-out threshold (x1.2) for " + outMinutes + " minutes.", 1.2 * out.threshold(), outMinutes, cpu ? 1.2 * t.cpuPercent() : Double.NaN,
                "      - eval_time: " + outMinutes + "m\n        alertname: LmsScaleOut\n        exp_alerts:\n" + alert.get("LmsScaleOut").expected("          ")
                        + "      - {eval_time: " + outMinutes + "m, alertname: LmsScaleIn, exp_alerts: []}\n"
                        + (cpu ? "      - eval_time: " + outMinutes + "m\n        alertname: LmsCpuAboveTarget\n        exp_alerts:\n" + alert.get("LmsCpuAboveTarget").expected("          ") : "")
                        // One minute short of the datapoints the alarm needs: not yet.
                        + "      - {eval_time: " + forMinutes(out) + "m, alertname: LmsScaleOut, exp_alerts: []}\n"));
        yaml.append(testCase("Between the two thresholds: neither fires.", (out.threshold() + in.threshold()) / 2, inMinutes, cpu ? 0.9 * t.cpuPercent() : Double.NaN,
                "      - {eval_time: " + inMinutes + "m, alertname: LmsScaleOut, exp_alerts: []}\n"
                        + "      - {eval_time: " + inMinutes + "m, alertname: LmsScaleIn, exp_alerts: []}\n"
                        + (cpu ? "      - {eval_time: " + inMinutes + "m, alertname: LmsCpuAboveTarget, exp_alerts: []}\n" : "")));
        yaml.append(testCase("Below the scale-in threshold (x0.5) for " + inMinutes + " minutes.", 0.5 * in.threshold(), inMinutes, Double.NaN,
                "      - eval_time: " + inMinutes + "m\n        alertname: LmsScaleIn\n        exp_alerts:\n" + alert.get("LmsScaleIn").expected("          ")
                        + "      - {eval_time: " + inMinutes + "m, alertname: LmsScaleOut, exp_alerts: []}\n"
                        + "      - {eval_time: " + (forMinutes(in)) + "m, alertname: LmsScaleIn, exp_alerts: []}\n"));
        return yaml.toString();
    }

    /** Minutes the alert's condition must hold: (M − 1) one-minute datapoints after the first. */
    static int forMinutes(Thresholds.Alarm alarm) {
        return Math.max(0, alarm.datapointsToAlarm() - 1) * alarm.periodSeconds() / 60;
    }

    private static String testCase(String comment, double perTargetPerMinute, int minutes, double cpuPercent, String alerts) {
        // Samples every 15 s, as the rules are evaluated: a one-minute rate then always has samples
        // (with one a minute it has none between them, and the alert would start over).
        // Two targets UP: the edge counts twice the per-target figure; cpuPercent of a 0.5-core quota.
        String perSample = String.format(Locale.ROOT, "%.3f", 2 * perTargetPerMinute / 4);
        int samples = 4 * (minutes + 2);
        StringBuilder yaml = new StringBuilder("  # ").append(comment).append("\n  - interval: 15s\n    input_series:\n")
                .append("      - series: 'haproxy_backend_http_requests_total{job=\"haproxy\",application=\"lms\",instance=\"edge-1\",proxy=\"replicas\"}'\n")
                .append("        values: '0+").append(perSample).append("x").append(samples).append("'\n");
        for (String server : new String[] {"replica-1", "replica-2"}) {
            yaml.append("      - series: 'haproxy_server_status{job=\"haproxy\",application=\"lms\",instance=\"edge-1\",proxy=\"replicas\",server=\"")
                    .append(server).append("\",state=\"UP\"}'\n        values: '1x").append(samples).append("'\n");
        }
        if (!Double.isNaN(cpuPercent)) {
            String nanosPerSample = String.format(Locale.ROOT, "%.0f", cpuPercent / 100 * 0.5 * 15e9);
            yaml.append("      - series: 'process_cpu_time_ns_total{job=\"lms\",application=\"lms\",replica=\"replica-1\",zone=\"zone-a\"}'\n")
                    .append("        values: '0+").append(nanosPerSample).append("x").append(samples).append("'\n")
                    .append("      - series: 'lms_cpu_quota_cores{job=\"lms\",application=\"lms\",replica=\"replica-1\",zone=\"zone-a\"}'\n")
                    .append("        values: '0.5x").append(samples).append("'\n");
        }
        return yaml.append("    alert_rule_test:\n").append(alerts).toString();
    }

    private static String constant(String record, double value, String what) {
        return "      # " + what + "\n      - record: " + record + "\n        expr: label_replace(vector(" + f(value) + "), \"application\", \"" + APPLICATION + "\", \"\", \"\")\n";
    }
}
