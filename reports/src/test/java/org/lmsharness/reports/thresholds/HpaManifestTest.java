package org.lmsharness.reports.thresholds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.fabric8.kubernetes.api.model.autoscaling.v2.HPAScalingPolicy;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HPAScalingRules;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerSpec;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.cfg.MapperConfig;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.introspect.Annotated;
import tools.jackson.databind.introspect.JacksonAnnotationIntrospector;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** hpa.yaml read into the Fabric8 Kubernetes model of autoscaling/v2, refusing any property the model does not have. */
class HpaManifestTest {

    /**
     * Fabric8's model keeps unknown properties in an "additionalProperties" any-setter, which would
     * swallow a misspelt field; with any-setters switched off, an unknown property fails the read.
     */
    static final ObjectMapper STRICT = YAMLMapper.builder()
            .annotationIntrospector(new JacksonAnnotationIntrospector() {
                @Override
                public Boolean hasAnySetter(MapperConfig<?> config, Annotated annotated) {
                    return false;
                }
            })
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    static Thresholds t;
    static String yaml;

    @BeforeAll
    static void writeFiles(@TempDir Path dir) throws IOException {
        t = ThresholdsTest.writeSampleFiles(dir);
        yaml = Files.readString(dir.resolve(ThresholdFiles.HPA));
    }

    @Test
    void manifestIsAnAutoscalingV2HpaForTheDeployment() {
        HorizontalPodAutoscaler hpa = STRICT.readValue(yaml, HorizontalPodAutoscaler.class);
        assertThat(hpa.getApiVersion()).isEqualTo("autoscaling/v2");
        assertThat(hpa.getKind()).isEqualTo("HorizontalPodAutoscaler");
        assertThat(hpa.getMetadata().getName()).isEqualTo("lms");
        HorizontalPodAutoscalerSpec spec = hpa.getSpec();
        assertThat(spec.getScaleTargetRef().getApiVersion()).isEqualTo("apps/v1");
        assertThat(spec.getScaleTargetRef().getKind()).isEqualTo("Deployment");
        assertThat(spec.getScaleTargetRef().getName()).isEqualTo("lms");
        // API validation: minReplicas ≥ 1, maxReplicas ≥ minReplicas.
        assertThat(spec.getMinReplicas()).isEqualTo(t.minCapacity()).isPositive();
        assertThat(spec.getMaxReplicas()).isEqualTo(t.maxCapacity()).isGreaterThanOrEqualTo(spec.getMinReplicas());
    }

    @Test
    void scalesOnCpuUtilisationOfTheRequest() {
        List<MetricSpec> metrics = STRICT.readValue(yaml, HorizontalPodAutoscaler.class).getSpec().getMetrics();
        assertThat(metrics).singleElement().satisfies(metric -> {
            assertThat(metric.getType()).isEqualTo("Resource");
            assertThat(metric.getResource().getName()).isEqualTo("cpu");
            assertThat(metric.getResource().getTarget().getType()).isEqualTo("Utilization");
            assertThat(metric.getResource().getTarget().getAverageUtilization())
                    .isEqualTo(t.hpa().cpuAverageUtilization()).isBetween(1, 100).isLessThan((int) t.cpuPercent());
        });
        assertThat(yaml).contains("requests.cpu to the quota measured, 500m");
    }

    @Test
    void behaviourMatchesTheDerivation() {
        HorizontalPodAutoscalerSpec spec = STRICT.readValue(yaml, HorizontalPodAutoscaler.class).getSpec();
        HPAScalingRules up = spec.getBehavior().getScaleUp();
        HPAScalingRules down = spec.getBehavior().getScaleDown();
        assertThat(up.getStabilizationWindowSeconds()).isZero();
        assertThat(up.getSelectPolicy()).isEqualTo("Max");
        assertThat(up.getPolicies()).extracting(HPAScalingPolicy::getType, HPAScalingPolicy::getValue, HPAScalingPolicy::getPeriodSeconds)
                .containsExactly(tuple("Percent", 100, 60),
                        tuple("Pods", t.scaleOut().adjustment(), 60));
        assertThat(down.getStabilizationWindowSeconds()).isEqualTo(300);
        assertThat(down.getPolicies()).extracting(HPAScalingPolicy::getType, HPAScalingPolicy::getValue, HPAScalingPolicy::getPeriodSeconds)
                .containsExactly(tuple("Pods", 1, 60));
        // The API's bounds (HPAScalingRules, HPAScalingPolicy): window 0..3600 s, period 1..1800 s, value > 0,
        // selectPolicy Max|Min|Disabled, type Pods|Percent.
        for (HPAScalingRules rules : List.of(up, down)) {
            assertThat(rules.getStabilizationWindowSeconds()).isBetween(0, 3600);
            assertThat(rules.getSelectPolicy()).isIn("Max", "Min", "Disabled");
            assertThat(rules.getPolicies()).allSatisfy(policy -> {
                assertThat(policy.getType()).isIn("Pods", "Percent");
                assertThat(policy.getValue()).isPositive();
                assertThat(policy.getPeriodSeconds()).isBetween(1, 1800);
            });
        }
    }

    @Test
    void aPropertyTheModelDoesNotHaveFailsTheRead() {
        assertThatThrownBy(() -> STRICT.readValue(yaml.replace("minReplicas:", "minReplica:"), HorizontalPodAutoscaler.class))
                .isInstanceOf(UnrecognizedPropertyException.class).hasMessageContaining("minReplica");
    }

    @Test
    void headerNamesTheRun() {
        assertThat(yaml.lines().findFirst()).get().asString().startsWith("# ");
        assertThat(yaml).contains(t.source());
    }
}
