package org.lmsharness.reports.thresholds;

import static org.lmsharness.reports.thresholds.Thresholds.f;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.lmsharness.reports.run.RunFiles;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes the thresholds as files that paste straight into the real tools:
 *
 * <pre>
 *   cloudwatch-*-alarm.json      aws cloudwatch put-metric-alarm --cli-input-json file://…
 *   autoscaling-*.json           aws autoscaling put-scaling-policy --cli-input-json file://…
 *   scaling.tf                   Terraform, AWS provider
 *   hpa.yaml                     kubectl apply -f …
 *   prometheus-scaling-rules.yml the same thresholds as Prometheus alerts, with a promtool unit test
 * </pre>
 *
 * Order for AWS: put the two step policies first; each prints a PolicyARN that replaces the
 * placeholder in the matching alarm's AlarmActions. Without a CPU figure the CPU policy and the HPA
 * are not written (the derivations say why).
 */
public final class ThresholdFiles {

    public static final String SCALE_OUT_ALARM = "cloudwatch-scale-out-alarm.json";
    public static final String SCALE_IN_ALARM = "cloudwatch-scale-in-alarm.json";
    public static final String TARGET_TRACKING_REQUESTS = "autoscaling-target-tracking-requests.json";
    public static final String TARGET_TRACKING_CPU = "autoscaling-target-tracking-cpu.json";
    public static final String STEP_SCALE_OUT = "autoscaling-step-scale-out.json";
    public static final String STEP_SCALE_IN = "autoscaling-step-scale-in.json";
    public static final String TERRAFORM = "scaling.tf";
    public static final String HPA = "hpa.yaml";
    public static final String PROMETHEUS_RULES = PrometheusRules.RULES;

    /** The ARN suffixes CloudWatch names an ALB and a target group by; the user puts in theirs. */
    public static final String LOAD_BALANCER_PLACEHOLDER = "app/REPLACE_WITH_ALB_NAME/REPLACE_WITH_ALB_ID";
    public static final String TARGET_GROUP_PLACEHOLDER = "targetgroup/REPLACE_WITH_TARGET_GROUP_NAME/REPLACE_WITH_TARGET_GROUP_ID";

    /** A DNS-1123 label: valid as a Kubernetes name and in every AWS name used here. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    private ThresholdFiles() {}

    /** Writes every file into dir, returns the relative file names written. */
    public static List<String> write(Path dir, Thresholds t, String groupName) {
        if (groupName == null || !NAME.matcher(groupName).matches())
            throw new IllegalArgumentException("group name must be lower-case letters, digits and '-' (at most 63, a Kubernetes name), got '" + groupName + "'");
        boolean cpu = !Double.isNaN(t.cpuPercent());
        List<String> written = new ArrayList<>();
        json(dir, STEP_SCALE_OUT, step(t, t.scaleOut(), groupName), written);
        json(dir, STEP_SCALE_IN, step(t, t.scaleIn(), groupName), written);
        json(dir, SCALE_OUT_ALARM, alarm(t, t.scaleOut(), groupName), written);
        json(dir, SCALE_IN_ALARM, alarm(t, t.scaleIn(), groupName), written);
        json(dir, TARGET_TRACKING_REQUESTS, targetTracking(t, groupName, "ALBRequestCountPerTarget", t.requestsPerTargetPerMinute()), written);
        if (cpu) json(dir, TARGET_TRACKING_CPU, targetTracking(t, groupName, "ASGAverageCPUUtilization", t.cpuPercent()), written);
        text(dir, TERRAFORM, terraform(t, groupName), written);
        if (t.hpa() != null) text(dir, HPA, hpa(t, groupName), written);
        text(dir, PrometheusRules.RULES, PrometheusRules.rules(t, groupName), written);
        text(dir, PrometheusRules.RULES_TEST, PrometheusRules.test(t, groupName), written);
        return List.copyOf(written);
    }

    static String policyName(String group, Thresholds.Alarm alarm) {
        return group + (alarm.adjustment() > 0 ? "-step-scale-out" : "-step-scale-in");
    }

    static String alarmName(String group, Thresholds.Alarm alarm) {
        return group + "-" + alarm.name();
    }

    private static ObjectNode step(Thresholds t, Thresholds.Alarm alarm, String group) {
        ObjectNode policy = RunFiles.JSON.createObjectNode()
                .put("AutoScalingGroupName", group)
                .put("PolicyName", policyName(group, alarm))
                .put("PolicyType", "StepScaling")
                .put("AdjustmentType", "ChangeInCapacity")
                .put("MetricAggregationType", "Average")
                .put("EstimatedInstanceWarmup", t.warmupSeconds());
        // Bounds are relative to the alarm's threshold: above it for scale-out, below it for scale-in.
        policy.putArray("StepAdjustments").addObject()
                .put(alarm.adjustment() > 0 ? "MetricIntervalLowerBound" : "MetricIntervalUpperBound", 0.0)
                .put("ScalingAdjustment", alarm.adjustment());
        return policy;
    }

    private static ObjectNode alarm(Thresholds t, Thresholds.Alarm alarm, String group) {
        String policy = policyName(group, alarm);
        ObjectNode json = RunFiles.JSON.createObjectNode()
                .put("AlarmName", alarmName(group, alarm))
                .put("AlarmDescription", String.format("%s %s by %d when %s is %s %s per target per minute. From %s. Replace the AlarmActions"
                                + " placeholders with the PolicyARN that put-scaling-policy printed for %s.",
                        alarm.adjustment() > 0 ? "Scale out" : "Scale in", group, Math.abs(alarm.adjustment()), alarm.metric(),
                        alarm.adjustment() > 0 ? "above" : "below", f(alarm.threshold()), t.source(), policy))
                .put("Namespace", "AWS/ApplicationELB")
                .put("MetricName", alarm.metric());
        var dimensions = json.putArray("Dimensions");
        dimensions.addObject().put("Name", "LoadBalancer").put("Value", LOAD_BALANCER_PLACEHOLDER);
        dimensions.addObject().put("Name", "TargetGroup").put("Value", TARGET_GROUP_PLACEHOLDER);
        json.put("Statistic", "Sum")
                .put("Period", alarm.periodSeconds())
                .put("EvaluationPeriods", alarm.evaluationPeriods())
                .put("DatapointsToAlarm", alarm.datapointsToAlarm())
                .put("Threshold", alarm.threshold())
                .put("ComparisonOperator", alarm.comparison())
                .put("TreatMissingData", alarm.treatMissingData())
                .putArray("AlarmActions").add("arn:aws:autoscaling:REPLACE_WITH_REGION:REPLACE_WITH_ACCOUNT_ID:scalingPolicy:REPLACE_WITH_POLICY_ID"
                        + ":autoScalingGroupName/" + group + ":policyName/" + policy);
        return json;
    }

    private static ObjectNode targetTracking(Thresholds t, String group, String metricType, double target) {
        boolean requests = metricType.equals("ALBRequestCountPerTarget");
        ObjectNode policy = RunFiles.JSON.createObjectNode()
                .put("AutoScalingGroupName", group)
                .put("PolicyName", group + (requests ? "-requests-target-tracking" : "-cpu-target-tracking"))
                .put("PolicyType", "TargetTrackingScaling")
                .put("EstimatedInstanceWarmup", t.warmupSeconds());
        ObjectNode configuration = policy.putObject("TargetTrackingConfiguration");
        ObjectNode metric = configuration.putObject("PredefinedMetricSpecification").put("PredefinedMetricType", metricType);
        if (requests) metric.put("ResourceLabel", LOAD_BALANCER_PLACEHOLDER + "/" + TARGET_GROUP_PLACEHOLDER);
        configuration.put("TargetValue", target).put("DisableScaleIn", false);
        return policy;
    }

    // No Java library writes HCL, and Jackson's YAML writer cannot write the comments that say why:
    // both are written here by hand, and the tests parse them back with an HCL parser and the
    // Kubernetes model.

    private static String terraform(Thresholds t, String group) {
        StringBuilder tf = new StringBuilder();
        tf.append(header(t, "Auto Scaling policies and CloudWatch alarms (AWS provider) for " + group + "."))
                .append("# With several policies on one group, Auto Scaling takes the one that gives the larger capacity.\n\n")
                .append(variable("autoscaling_group_name", "The Auto Scaling group the replicas run in", group))
                .append(variable("load_balancer_arn_suffix", "aws_lb.<name>.arn_suffix: app/<load-balancer-name>/<id>", null))
                .append(variable("target_group_arn_suffix", "aws_lb_target_group.<name>.arn_suffix: targetgroup/<target-group-name>/<id>", null))
                .append("# Set these on the aws_autoscaling_group: min_size = local.min_size, max_size = local.max_size.\n")
                .append("locals {\n  min_size = ").append(t.minCapacity()).append("\n  max_size = ").append(t.maxCapacity()).append("\n}\n\n");
        tf.append(targetTrackingTf("requests", group + "-requests-target-tracking", t, "ALBRequestCountPerTarget", t.requestsPerTargetPerMinute()));
        if (Double.isNaN(t.cpuPercent())) tf.append("# No CPU target tracking: the run recorded no CPU quota or no CPU at capacity.\n\n");
        else tf.append(targetTrackingTf("cpu", group + "-cpu-target-tracking", t, "ASGAverageCPUUtilization", t.cpuPercent()));
        tf.append(stepTf("step_scale_out", t, t.scaleOut(), group)).append(stepTf("step_scale_in", t, t.scaleIn(), group));
        tf.append(alarmTf("scale_out", "step_scale_out", t.scaleOut(), group)).append(alarmTf("scale_in", "step_scale_in", t.scaleIn(), group));
        return tf.toString();
    }

    private static String variable(String name, String description, String defaultValue) {
        return "variable \"" + name + "\" {\n  description = " + hcl(description) + "\n  type        = string\n"
                + (defaultValue == null ? "" : "  default     = " + hcl(defaultValue) + "\n") + "}\n\n";
    }

    private static String targetTrackingTf(String resource, String name, Thresholds t, String metricType, double target) {
        return """
                resource "aws_autoscaling_policy" "%s" {
                  name                      = %s
                  autoscaling_group_name    = var.autoscaling_group_name
                  policy_type               = "TargetTrackingScaling"
                  estimated_instance_warmup = %d

                  target_tracking_configuration {
                    predefined_metric_specification {
                      predefined_metric_type = "%s"
                %s    }
                    target_value     = %s
                    disable_scale_in = false
                  }
                }

                """.formatted(resource, hcl(name), t.warmupSeconds(), metricType,
                metricType.equals("ALBRequestCountPerTarget")
                        ? "      resource_label         = \"${var.load_balancer_arn_suffix}/${var.target_group_arn_suffix}\"\n" : "",
                f(target));
    }

    private static String stepTf(String resource, Thresholds t, Thresholds.Alarm alarm, String group) {
        return """
                resource "aws_autoscaling_policy" "%s" {
                  name                      = %s
                  autoscaling_group_name    = var.autoscaling_group_name
                  policy_type               = "StepScaling"
                  adjustment_type           = "ChangeInCapacity"
                  metric_aggregation_type   = "Average"
                  estimated_instance_warmup = %d

                  step_adjustment {
                    %s = 0
                    scaling_adjustment          = %d
                  }
                }

                """.formatted(resource, hcl(policyName(group, alarm)), t.warmupSeconds(),
                alarm.adjustment() > 0 ? "metric_interval_lower_bound" : "metric_interval_upper_bound", alarm.adjustment());
    }

    private static String alarmTf(String resource, String policyResource, Thresholds.Alarm alarm, String group) {
        return """
                resource "aws_cloudwatch_metric_alarm" "%s" {
                  alarm_name          = %s
                  alarm_description   = %s
                  namespace           = "AWS/ApplicationELB"
                  metric_name         = "%s"
                  dimensions = {
                    LoadBalancer = var.load_balancer_arn_suffix
                    TargetGroup  = var.target_group_arn_suffix
                  }
                  statistic           = "Sum"
                  period              = %d
                  evaluation_periods  = %d
                  datapoints_to_alarm = %d
                  threshold           = %s
                  comparison_operator = "%s"
                  treat_missing_data  = "%s"
                  alarm_actions       = [aws_autoscaling_policy.%s.arn]
                }

                """.formatted(resource, hcl(alarmName(group, alarm)),
                hcl((alarm.adjustment() > 0 ? "Scale out by " : "Scale in by ") + Math.abs(alarm.adjustment()) + " replica(s)"),
                alarm.metric(), alarm.periodSeconds(), alarm.evaluationPeriods(), alarm.datapointsToAlarm(), f(alarm.threshold()),
                alarm.comparison(), alarm.treatMissingData(), policyResource);
    }

    private static String hpa(Thresholds t, String group) {
        Thresholds.Hpa h = t.hpa();
        return header(t, "Kubernetes HorizontalPodAutoscaler for the Deployment " + group + ".")
                + "# averageUtilization is a percent of the containers' requests.cpu: set requests.cpu to the quota measured, "
                + Math.round(h.cpuRequestCores() * 1000) + "m.\n"
                + """
                apiVersion: autoscaling/v2
                kind: HorizontalPodAutoscaler
                metadata:
                  name: %1$s
                spec:
                  scaleTargetRef:
                    apiVersion: apps/v1
                    kind: Deployment
                    name: %1$s
                  minReplicas: %2$d  # one per zone, at least 2
                  maxReplicas: %3$d  # carries the peak with one zone lost
                  metrics:
                    - type: Resource
                      resource:
                        name: cpu
                        target:
                          type: Utilization
                          averageUtilization: %4$d  # CPU target / 1.1, the HPA's default tolerance
                  behavior:
                    scaleUp:
                      stabilizationWindowSeconds: %5$d  # act at once: detection and start-up are already slow
                      selectPolicy: Max
                      policies:
                        - type: Percent
                          value: %6$d
                          periodSeconds: %7$d  # covers a pod's time to ready
                        - type: Pods
                          value: %8$d
                          periodSeconds: %7$d
                    scaleDown:
                      stabilizationWindowSeconds: %9$d  # a shorter dip removes nothing
                      selectPolicy: Max
                      policies:
                        - type: Pods
                          value: %10$d
                          periodSeconds: %11$d
                """.formatted(group, h.minReplicas(), h.maxReplicas(), h.cpuAverageUtilization(), h.scaleUpStabilizationSeconds(),
                h.scaleUpPercent(), h.scaleUpPeriodSeconds(), h.scaleUpPods(), h.scaleDownStabilizationSeconds(), h.scaleDownPods(),
                h.scaleDownPeriodSeconds());
    }

    private static String header(Thresholds t, String what) {
        return "# " + what + "\n# Derived by the LMS capacity harness from the " + t.source() + ".\n"
                + "# C = " + f(t.capacityPerTarget()) + " req/s per replica within the SLO; each value's derivation is in the report.\n";
    }

    /** An HCL string literal: quotes and backslashes escaped, and no template sequence. */
    private static String hcl(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("${", "$${").replace("%{", "%%{") + "\"";
    }

    private static void json(Path dir, String name, ObjectNode node, List<String> written) {
        RunFiles.writeJson(dir.resolve(name), node);
        written.add(name);
    }

    private static void text(Path dir, String name, String content, List<String> written) {
        RunFiles.writeAtomically(dir.resolve(name), content);
        written.add(name);
    }
}
