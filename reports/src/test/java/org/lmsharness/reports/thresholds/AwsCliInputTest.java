package org.lmsharness.reports.thresholds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmsharness.reports.SampleRuns;
import org.lmsharness.reports.run.RunFiles;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.protocol.MarshallingType;
import software.amazon.awssdk.core.traits.ListTrait;
import software.amazon.awssdk.services.autoscaling.model.MetricType;
import software.amazon.awssdk.services.autoscaling.model.PredefinedMetricSpecification;
import software.amazon.awssdk.services.autoscaling.model.PutScalingPolicyRequest;
import software.amazon.awssdk.services.autoscaling.model.StepAdjustment;
import software.amazon.awssdk.services.autoscaling.model.TargetTrackingConfiguration;
import software.amazon.awssdk.services.cloudwatch.model.ComparisonOperator;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.PutMetricAlarmRequest;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;
import software.amazon.awssdk.utils.builder.SdkBuilder;
import tools.jackson.databind.JsonNode;

/**
 * The JSON files are read the way {@code --cli-input-json} reads them: every key must be a member of
 * the operation's input shape, with that member's type. The shapes come from the AWS SDK's own
 * model classes (the same service models the AWS CLI is generated from).
 */
class AwsCliInputTest {

    /**
     * Members the API references mark "Required: Yes"; the SDK's model classes carry no RequiredTrait
     * for them (checked on 2.41.31). Amazon CloudWatch API Reference: PutMetricAlarm, Dimension.
     * Amazon EC2 Auto Scaling API Reference: PutScalingPolicy, TargetTrackingConfiguration,
     * PredefinedMetricSpecification, StepAdjustment.
     */
    static final Map<Class<?>, List<String>> REQUIRED = Map.of(
            PutMetricAlarmRequest.class, List.of("AlarmName", "ComparisonOperator", "EvaluationPeriods"),
            Dimension.class, List.of("Name", "Value"),
            PutScalingPolicyRequest.class, List.of("AutoScalingGroupName", "PolicyName"),
            TargetTrackingConfiguration.class, List.of("TargetValue"),
            PredefinedMetricSpecification.class, List.of("PredefinedMetricType"),
            StepAdjustment.class, List.of("ScalingAdjustment"));

    /** The values the CloudWatch API Reference documents for PutMetricAlarm's TreatMissingData. */
    static final List<String> TREAT_MISSING_DATA = List.of("breaching", "notBreaching", "ignore", "missing");

    static Thresholds t;
    static Path dir;

    @BeforeAll
    static void writeFiles(@TempDir Path tempDir) {
        dir = tempDir;
        t = ThresholdsTest.writeSampleFiles(dir);
    }

    @Test
    void scaleOutAlarmIsAValidPutMetricAlarmInput() {
        PutMetricAlarmRequest alarm = bind(read(ThresholdFiles.SCALE_OUT_ALARM), PutMetricAlarmRequest::builder);
        assertSingleMetricAlarm(alarm, t.scaleOut());
        assertThat(alarm.comparisonOperator()).isEqualTo(ComparisonOperator.GREATER_THAN_THRESHOLD);
        assertThat(alarm.alarmActions()).singleElement().asString().endsWith(":policyName/lms-step-scale-out");
    }

    @Test
    void scaleInAlarmIsAValidPutMetricAlarmInput() {
        PutMetricAlarmRequest alarm = bind(read(ThresholdFiles.SCALE_IN_ALARM), PutMetricAlarmRequest::builder);
        assertSingleMetricAlarm(alarm, t.scaleIn());
        assertThat(alarm.comparisonOperator()).isEqualTo(ComparisonOperator.LESS_THAN_THRESHOLD);
        assertThat(alarm.threshold()).isLessThan(t.scaleOut().threshold());
        assertThat(alarm.alarmActions()).singleElement().asString().endsWith(":policyName/lms-step-scale-in");
    }

    private static void assertSingleMetricAlarm(PutMetricAlarmRequest alarm, Thresholds.Alarm expected) {
        // A single-metric alarm (no Metrics array) needs these too, says the API reference.
        assertThat(List.of(alarm.namespace(), alarm.metricName(), alarm.statisticAsString())).doesNotContainNull();
        assertThat(alarm.namespace()).isEqualTo("AWS/ApplicationELB");
        assertThat(alarm.metricName()).isEqualTo("RequestCountPerTarget");
        assertThat(alarm.statistic()).isEqualTo(Statistic.SUM);
        assertThat(alarm.comparisonOperator()).isNotEqualTo(ComparisonOperator.UNKNOWN_TO_SDK_VERSION);
        assertThat(alarm.threshold()).isEqualTo(expected.threshold());
        assertThat(alarm.period()).isEqualTo(60);
        assertThat(alarm.evaluationPeriods()).isEqualTo(expected.evaluationPeriods());
        assertThat(alarm.datapointsToAlarm()).isEqualTo(expected.datapointsToAlarm()).isLessThanOrEqualTo(alarm.evaluationPeriods());
        assertThat(alarm.treatMissingData()).isIn(TREAT_MISSING_DATA).isEqualTo(expected.treatMissingData());
        assertThat(alarm.dimensions()).extracting(Dimension::name).containsExactly("LoadBalancer", "TargetGroup");
        assertThat(alarm.alarmActions()).singleElement().asString()
                .matches("arn:aws:autoscaling:[^:]+:[^:]+:scalingPolicy:[^:]+:autoScalingGroupName/lms:policyName/lms-step-scale-(out|in)")
                .contains("REPLACE_WITH_");
        assertThat(alarm.alarmDescription()).hasSizeLessThanOrEqualTo(1024).contains(SampleRuns.threeCounts().conditions().startedAt());
    }

    @Test
    void requestTargetTrackingIsAValidPutScalingPolicyInput() {
        PutScalingPolicyRequest policy = bind(read(ThresholdFiles.TARGET_TRACKING_REQUESTS), PutScalingPolicyRequest::builder);
        assertThat(policy.policyType()).isEqualTo("TargetTrackingScaling");
        assertThat(policy.targetTrackingConfiguration()).as("required for TargetTrackingScaling").isNotNull();
        PredefinedMetricSpecification metric = policy.targetTrackingConfiguration().predefinedMetricSpecification();
        assertThat(metric.predefinedMetricType()).isEqualTo(MetricType.ALB_REQUEST_COUNT_PER_TARGET);
        // The documented format: app/<load-balancer-name>/<id>/targetgroup/<target-group-name>/<id>.
        assertThat(metric.resourceLabel()).as("required for ALBRequestCountPerTarget").matches("app/[^/]+/[^/]+/targetgroup/[^/]+/[^/]+");
        assertThat(policy.targetTrackingConfiguration().targetValue()).isEqualTo(t.requestsPerTargetPerMinute());
        assertThat(policy.targetTrackingConfiguration().disableScaleIn()).isFalse();
        assertThat(policy.estimatedInstanceWarmup()).isEqualTo(t.warmupSeconds());
    }

    @Test
    void cpuTargetTrackingIsAValidPutScalingPolicyInput() {
        PutScalingPolicyRequest policy = bind(read(ThresholdFiles.TARGET_TRACKING_CPU), PutScalingPolicyRequest::builder);
        assertThat(policy.policyType()).isEqualTo("TargetTrackingScaling");
        PredefinedMetricSpecification metric = policy.targetTrackingConfiguration().predefinedMetricSpecification();
        assertThat(metric.predefinedMetricType()).isEqualTo(MetricType.ASG_AVERAGE_CPU_UTILIZATION);
        assertThat(metric.resourceLabel()).as("only for ALBRequestCountPerTarget").isNull();
        assertThat(policy.targetTrackingConfiguration().targetValue()).isEqualTo(t.cpuPercent()).isBetween(1.0, 100.0);
    }

    @Test
    void stepPoliciesAreValidPutScalingPolicyInputs() {
        PutScalingPolicyRequest out = bind(read(ThresholdFiles.STEP_SCALE_OUT), PutScalingPolicyRequest::builder);
        PutScalingPolicyRequest in = bind(read(ThresholdFiles.STEP_SCALE_IN), PutScalingPolicyRequest::builder);
        for (PutScalingPolicyRequest policy : List.of(out, in)) {
            assertThat(policy.policyType()).isEqualTo("StepScaling");
            // AdjustmentType and StepAdjustments are required for StepScaling; the documented values follow.
            assertThat(policy.adjustmentType()).isIn("ChangeInCapacity", "ExactCapacity", "PercentChangeInCapacity");
            assertThat(policy.metricAggregationType()).isIn("Minimum", "Maximum", "Average");
            assertThat(policy.hasStepAdjustments()).isTrue();
            assertThat(policy.estimatedInstanceWarmup()).isEqualTo(t.warmupSeconds());
        }
        assertThat(out.policyName()).isEqualTo("lms-step-scale-out");
        assertThat(out.stepAdjustments()).singleElement().satisfies(step -> {
            assertThat(step.metricIntervalLowerBound()).isZero();
            assertThat(step.metricIntervalUpperBound()).as("open above: any breach adds").isNull();
            assertThat(step.scalingAdjustment()).isEqualTo(t.scaleOut().adjustment()).isPositive();
        });
        assertThat(in.stepAdjustments()).singleElement().satisfies(step -> {
            assertThat(step.metricIntervalUpperBound()).isZero();
            assertThat(step.metricIntervalLowerBound()).isNull();
            assertThat(step.scalingAdjustment()).isEqualTo(-1);
        });
    }

    @Test
    void aKeyTheApiDoesNotKnowFailsTheCheck() {
        JsonNode typo = RunFiles.JSON.readTree("{\"AlarmName\": \"x\", \"ComparisonOperator\": \"GreaterThanThreshold\", \"EvaluationPeriods\": 1, \"Thresold\": 5}");
        assertThatThrownBy(() -> bind(typo, PutMetricAlarmRequest::builder)).isInstanceOf(AssertionError.class).hasMessageContaining("Thresold");
        JsonNode wrongType = RunFiles.JSON.readTree("{\"AlarmName\": \"x\", \"ComparisonOperator\": \"GreaterThanThreshold\", \"EvaluationPeriods\": \"2\"}");
        assertThatThrownBy(() -> bind(wrongType, PutMetricAlarmRequest::builder)).isInstanceOf(AssertionError.class).hasMessageContaining("EvaluationPeriods");
        JsonNode missing = RunFiles.JSON.readTree("{\"AlarmName\": \"x\", \"EvaluationPeriods\": 2}");
        assertThatThrownBy(() -> bind(missing, PutMetricAlarmRequest::builder)).isInstanceOf(AssertionError.class).hasMessageContaining("ComparisonOperator");
    }

    private static JsonNode read(String file) {
        try {
            return RunFiles.JSON.readTree(Files.readString(dir.resolve(file)));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Builds an SDK model object from JSON by its SdkFields, as the CLI maps its input onto the shape:
     * a key is a member's name, its value has the member's marshalling type, nested shapes recurse.
     */
    @SuppressWarnings("unchecked")
    static <T> T bind(JsonNode json, Supplier<? extends SdkPojo> builder) {
        SdkPojo pojo = builder.get();
        assertThat(json.isObject()).as("%s must be a JSON object", json).isTrue();
        for (Map.Entry<String, JsonNode> member : json.properties()) {
            SdkField<?> field = pojo.sdkFields().stream()
                    .filter(f -> f.memberName().equals(member.getKey()) || member.getKey().equals(f.locationName()))
                    .findFirst().orElseThrow(() -> new AssertionError("unknown key " + member.getKey() + " for " + pojo.getClass().getName()));
            field.set(pojo, value(field, member.getValue()));
        }
        Object built = ((SdkBuilder<?, ?>) pojo).build();
        for (String required : REQUIRED.getOrDefault(built.getClass(), List.of())) {
            SdkField<?> field = ((SdkPojo) built).sdkFields().stream().filter(f -> f.memberName().equals(required)).findFirst().orElseThrow();
            if (field.getValueOrDefault(built) == null) fail("%s requires %s", built.getClass().getSimpleName(), required);
        }
        return (T) built;
    }

    private static Object value(SdkField<?> field, JsonNode node) {
        MarshallingType<?> type = field.marshallingType();
        String where = field.memberName() + " (" + type + ")";
        if (type == MarshallingType.STRING) {
            if (!node.isString()) fail("%s must be a string, got %s", where, node);
            return node.asString();
        }
        if (type == MarshallingType.INTEGER) {
            if (!node.isIntegralNumber() || !node.canConvertToInt()) fail("%s must be an integer, got %s", where, node);
            return node.intValue();
        }
        if (type == MarshallingType.DOUBLE) {
            if (!node.isNumber()) fail("%s must be a number, got %s", where, node);
            return node.doubleValue();
        }
        if (type == MarshallingType.BOOLEAN) {
            if (!node.isBoolean()) fail("%s must be true or false, got %s", where, node);
            return node.booleanValue();
        }
        if (type == MarshallingType.SDK_POJO) return bind(node, field.constructor());
        if (type == MarshallingType.LIST) {
            if (!node.isArray()) fail("%s must be an array, got %s", where, node);
            SdkField<?> member = field.getRequiredTrait(ListTrait.class).memberFieldInfo();
            List<Object> values = new ArrayList<>();
            for (JsonNode element : node.values()) values.add(value(member, element));
            return values;
        }
        return fail("%s: a type these files do not use", where);
    }
}
