package org.lmsharness.reports.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lmsharness.reports.SampleRuns;
import org.lmsharness.reports.run.CapacityRun;

class SizeComparisonTests {

    /** One replica at 0.25, 0.5 and 1 core, its capacity 30, 55 and 80 req/s: 120, 110 and 80 req/s per core. */
    static SizeComparison threeSizes(Map<Double, Double> prices) {
        return SizeComparison.of(List.of(
                new SizeComparison.SizeRun(1.0, "1-cores", oneReplica(80), "80 req/s"),
                new SizeComparison.SizeRun(0.25, "0.25-cores", oneReplica(30), "30 req/s"),
                new SizeComparison.SizeRun(0.5, "0.5-cores", oneReplica(55), "55 req/s")), prices);
    }

    private static CapacityRun oneReplica(double capacity) {
        CapacityRun sample = SampleRuns.threeCounts(capacity);
        return new CapacityRun(sample.conditions(), sample.slo(), List.of(sample.searches().get(0).asFork(1, "replica-1")), sample.readySeconds(),
                sample.wallSeconds(), sample.warnings());
    }

    @Test
    void eachSizeGetsItsCapacityPerCoreAndTheAnswersNameTheBestAndHowCapacityGrows() {
        SizeComparison comparison = threeSizes(Map.of());
        assertThat(comparison.sizes()).extracting(SizeComparison.Size::cores).containsExactly(0.25, 0.5, 1.0);
        for (SizeComparison.Size size : comparison.sizes()) {
            assertThat(size.requestsPerSecondPerCore()).isCloseTo(size.requestsPerSecond() / size.cores(), within(1e-9));
            assertThat(size.lowRequestsPerSecond()).isLessThanOrEqualTo(size.requestsPerSecond());
            assertThat(size.highRequestsPerSecond()).isGreaterThan(size.requestsPerSecond());
            assertThat(size.costPerMillionRequests()).as("no price given").isNull();
            assertThat(size.reliable()).isTrue();
        }
        List<String> answers = comparison.answers();
        assertThat(answers.get(0)).startsWith("Capacity per core is highest at 0.25 cores");
        double quarterToHalf = comparison.sizes().get(1).requestsPerSecond() / comparison.sizes().get(0).requestsPerSecond();
        assertThat(quarterToHalf).isBetween(1.6, 2.0);
        assertThat(answers).anySatisfy(answer -> assertThat(answer).startsWith("From 0.5 to 1 cores (×2): capacity ×1.4")
                .contains("% of linear", "more, smaller replicas (horizontal)"));
        assertThat(answers).noneMatch(answer -> answer.startsWith("Cheapest"));
    }

    @Test
    void pricesGiveTheCostPerMillionRequestsAtCapacity() {
        SizeComparison comparison = threeSizes(Map.of(0.25, 0.0104, 0.5, 0.0208, 1.0, 0.0416));
        SizeComparison.Size quarter = comparison.sizes().get(0);
        assertThat(quarter.costPerMillionRequests()).isCloseTo(0.0104 / (quarter.requestsPerSecond() * 3600) * 1e6, within(1e-12));
        // The price doubles with the size; capacity per core falls: the smallest is the cheapest per request.
        assertThat(comparison.answers()).anySatisfy(answer -> assertThat(answer).startsWith("Cheapest per million requests at capacity: 0.25 cores"));
    }

    @Test
    void aSizeWithoutACapacityIsShownAndLeftOutOfTheAnswers() {
        CapacityRun none = SampleRuns.threeCounts(30);
        CapacityRun failed = new CapacityRun(none.conditions(), none.slo(), List.of(), none.readySeconds(), none.wallSeconds(), none.warnings());
        SizeComparison comparison = SizeComparison.of(List.of(new SizeComparison.SizeRun(0.25, "0.25-cores", failed, "no valid bound found"),
                new SizeComparison.SizeRun(0.5, "0.5-cores", oneReplica(55), "55 req/s")), Map.of(0.25, 0.01));
        assertThat(comparison.sizes().get(0).requestsPerSecond()).isNull();
        assertThat(comparison.sizes().get(0).costPerMillionRequests()).isNull();
        assertThat(comparison.answers()).first().asString().startsWith("0.25 cores: no capacity found (no valid bound found)");
        assertThat(comparison.answers()).anySatisfy(answer -> assertThat(answer).startsWith("Capacity per core is highest at 0.5 cores"));
    }
}
