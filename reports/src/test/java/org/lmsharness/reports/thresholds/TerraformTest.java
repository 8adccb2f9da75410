package org.lmsharness.reports.thresholds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bertramlabs.plugins.hcl4j.HCLParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scaling.tf parsed by HCL4j (a real HCL parser; no terraform binary can be had here), then checked
 * against the arguments the Terraform AWS provider documents for each resource.
 */
class TerraformTest {

    /**
     * Arguments and nested blocks of the AWS provider's aws_autoscaling_policy and
     * aws_cloudwatch_metric_alarm (provider documentation, "Argument Reference"); no provider schema
     * is available offline, so this list stands in for it and a name not in it fails the test.
     */
    static final Map<String, Set<String>> ARGUMENTS = Map.of(
            "aws_autoscaling_policy", Set.of("name", "autoscaling_group_name", "adjustment_type", "policy_type", "estimated_instance_warmup",
                    "enabled", "min_adjustment_magnitude", "cooldown", "scaling_adjustment", "metric_aggregation_type", "step_adjustment",
                    "target_tracking_configuration", "predictive_scaling_configuration"),
            "target_tracking_configuration", Set.of("predefined_metric_specification", "customized_metric_specification", "target_value",
                    "disable_scale_in"),
            "predefined_metric_specification", Set.of("predefined_metric_type", "resource_label"),
            "step_adjustment", Set.of("scaling_adjustment", "metric_interval_lower_bound", "metric_interval_upper_bound"),
            "aws_cloudwatch_metric_alarm", Set.of("alarm_name", "comparison_operator", "evaluation_periods", "metric_name", "namespace",
                    "period", "statistic", "threshold", "threshold_metric_id", "actions_enabled", "alarm_actions", "alarm_description",
                    "datapoints_to_alarm", "dimensions", "insufficient_data_actions", "ok_actions", "unit", "extended_statistic",
                    "treat_missing_data", "evaluate_low_sample_count_percentiles", "metric_query", "tags"));

    /** The provider's required arguments for each. */
    static final Map<String, List<String>> REQUIRED = Map.of(
            "aws_autoscaling_policy", List.of("name", "autoscaling_group_name"),
            "target_tracking_configuration", List.of("target_value"),
            "predefined_metric_specification", List.of("predefined_metric_type"),
            "step_adjustment", List.of("scaling_adjustment"),
            "aws_cloudwatch_metric_alarm", List.of("alarm_name", "comparison_operator", "evaluation_periods"));

    static Thresholds t;
    static String tf;
    static Map<String, Object> parsed;

    @BeforeAll
    static void writeAndParse(@TempDir Path dir) throws Exception {
        t = ThresholdsTest.writeSampleFiles(dir);
        tf = Files.readString(dir.resolve(ThresholdFiles.TERRAFORM));
        HCLParser parser = new HCLParser();
        parser.setVariables(Map.of("load_balancer_arn_suffix", "app/alb/1", "target_group_arn_suffix", "targetgroup/tg/2"));
        parsed = parser.parse(tf);
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyArgumentIsOneTheProviderDocuments() {
        assertThat(parsed).containsOnlyKeys("variable", "locals", "resource");
        assertThat(map(parsed, "resource")).containsOnlyKeys("aws_autoscaling_policy", "aws_cloudwatch_metric_alarm");
        map(parsed, "resource").forEach((type, resources) -> ((Map<String, Object>) resources).forEach(
                (name, body) -> checkArguments(type + "." + name, type, (Map<String, Object>) body)));
    }

    @SuppressWarnings("unchecked")
    private static void checkArguments(String where, String block, Map<String, Object> body) {
        assertThat(body.keySet()).as("arguments of %s", where).isSubsetOf(ARGUMENTS.get(block));
        assertThat(body.keySet()).as("required arguments of %s", where).containsAll(REQUIRED.get(block));
        body.forEach((key, value) -> {
            if (ARGUMENTS.containsKey(key)) checkArguments(where + "." + key, key, (Map<String, Object>) value);
        });
    }

    @Test
    void everyReferenceIsDeclared() {
        Matcher variables = Pattern.compile("var\\.(\\w+)").matcher(tf);
        while (variables.find()) assertThat(map(parsed, "variable")).containsKey(variables.group(1));
        Matcher policies = Pattern.compile("aws_autoscaling_policy\\.(\\w+)\\.arn").matcher(tf);
        while (policies.find()) assertThat(map(parsed, "resource", "aws_autoscaling_policy")).containsKey(policies.group(1));
        assertThat(map(parsed, "variable", "autoscaling_group_name")).containsEntry("default", "lms");
    }

    @Test
    void targetTrackingPoliciesCarryTheDerivedTargets() {
        Map<String, Object> requests = map(parsed, "resource", "aws_autoscaling_policy", "requests");
        assertThat(requests).containsEntry("policy_type", "TargetTrackingScaling").containsEntry("estimated_instance_warmup", (double) t.warmupSeconds());
        assertThat(map(requests, "target_tracking_configuration")).containsEntry("target_value", t.requestsPerTargetPerMinute())
                .containsEntry("disable_scale_in", false);
        assertThat(map(requests, "target_tracking_configuration", "predefined_metric_specification"))
                .containsEntry("predefined_metric_type", "ALBRequestCountPerTarget")
                .as("the label interpolated from the two ARN suffixes").containsEntry("resource_label", "app/alb/1/targetgroup/tg/2");
        Map<String, Object> cpu = map(parsed, "resource", "aws_autoscaling_policy", "cpu");
        assertThat(map(cpu, "target_tracking_configuration")).containsEntry("target_value", t.cpuPercent());
        assertThat(map(cpu, "target_tracking_configuration", "predefined_metric_specification"))
                .containsOnlyKeys("predefined_metric_type").containsEntry("predefined_metric_type", "ASGAverageCPUUtilization");
    }

    @Test
    void stepPoliciesAndAlarmsMatchTheDerivation() {
        Map<String, Object> out = map(parsed, "resource", "aws_autoscaling_policy", "step_scale_out");
        assertThat(out).containsEntry("policy_type", "StepScaling").containsEntry("adjustment_type", "ChangeInCapacity");
        assertThat(map(out, "step_adjustment")).containsEntry("metric_interval_lower_bound", 0.0)
                .containsEntry("scaling_adjustment", (double) t.scaleOut().adjustment());
        assertThat(map(parsed, "resource", "aws_autoscaling_policy", "step_scale_in", "step_adjustment"))
                .containsEntry("metric_interval_upper_bound", 0.0).containsEntry("scaling_adjustment", -1.0);

        for (var expected : Map.of("scale_out", t.scaleOut(), "scale_in", t.scaleIn()).entrySet()) {
            Map<String, Object> alarm = map(parsed, "resource", "aws_cloudwatch_metric_alarm", expected.getKey());
            Thresholds.Alarm a = expected.getValue();
            assertThat(alarm).containsEntry("namespace", "AWS/ApplicationELB").containsEntry("metric_name", "RequestCountPerTarget")
                    .containsEntry("statistic", "Sum").containsEntry("period", 60.0).containsEntry("threshold", a.threshold())
                    .containsEntry("comparison_operator", a.comparison()).containsEntry("evaluation_periods", (double) a.evaluationPeriods())
                    .containsEntry("datapoints_to_alarm", (double) a.datapointsToAlarm()).containsEntry("treat_missing_data", a.treatMissingData());
            // HCL4j keeps a reference to another resource unresolved, as an object that prints its path.
            assertThat((List<?>) alarm.get("alarm_actions")).singleElement().hasToString("aws_autoscaling_policy.step_" + expected.getKey() + ".arn");
            assertThat(map(alarm, "dimensions")).containsEntry("LoadBalancer", "app/alb/1").containsEntry("TargetGroup", "targetgroup/tg/2");
        }
        assertThat(map(parsed, "locals")).containsEntry("min_size", (double) t.minCapacity()).containsEntry("max_size", (double) t.maxCapacity());
    }

    @Test
    void headerNamesTheRunAndTheParserRefusesBrokenSyntax() {
        assertThat(tf.lines().findFirst()).get().asString().startsWith("# ");
        assertThat(tf).contains(t.source());
        assertThatThrownBy(() -> new HCLParser().parse(tf.replaceFirst("= \"Sum\"", "= \"Sum"))).hasMessageContaining("Illegal character");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> root, String... path) {
        Object node = root;
        for (String key : path) {
            assertThat(node).as("%s is a block", key).isInstanceOf(Map.class);
            node = ((Map<String, Object>) node).get(key);
            assertThat(node).as("%s in %s", key, String.join(".", path)).isNotNull();
        }
        return (Map<String, Object>) node;
    }
}
