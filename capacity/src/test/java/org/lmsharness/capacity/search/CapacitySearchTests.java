package org.lmsharness.capacity.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleFunction;
import org.junit.jupiter.api.Test;
import org.lmsharness.reports.run.Drift;
import org.lmsharness.reports.run.Latency;
import org.lmsharness.reports.run.ReplicaSearch;
import org.lmsharness.reports.run.Step;
import org.lmsharness.reports.run.Step.Outcome;

/** The search's logic against systems whose capacity is known: it must find it, within the tolerance, in bounded steps. */
class CapacitySearchTests {

    private static final CapacitySearch SEARCH = new CapacitySearch(new CapacitySearch.Settings(2, 0.05, 3, 14));

    /** A replica of 0.5 core whose journeys cost 0.02 core-seconds each: saturated at 25 journeys/s, SLO kept up to {@code capacity}. */
    private static Probe system(double capacity, List<Double> tried) {
        return probe(rate -> rate <= capacity ? Outcome.PASS : Outcome.FAIL, tried);
    }

    private static Probe probe(DoubleFunction<Outcome> outcome, List<Double> tried) {
        return probe(outcome, tried, 0);
    }

    /** @param driftPerStep how much dearer each journey gets with every step (0.03: 3 % per step) */
    private static Probe probe(DoubleFunction<Outcome> outcome, List<Double> tried, double driftPerStep) {
        return (replicas, rate, phase) -> {
            tried.add(rate);
            double cpu = Math.min(0.5, rate * 0.02 * Math.pow(1 + driftPerStep, tried.size()));
            return new Step(tried.size(), replicas, phase, new Step.Throughput(rate, rate * 5, rate * 5, rate * 5, 500, 0, Map.of(), rate * 5 * 0.02),
                    new Latency(10, 50, 80, 120, 20), null, new Step.Cpu(Map.of("replica-1", cpu), 0.5, 0.05, 0.01, 0.02, 0.4),
                    new Step.Verdict(outcome.apply(rate), "test", true), new Step.Window(0, 10_000));
        };
    }

    @Test
    void findsTheCapacityWithinTheToleranceAndRepeatsIt() {
        List<Double> tried = new ArrayList<>();
        ReplicaSearch result = SEARCH.run(1, system(21.3, tried), CapacitySearch.Estimate.NONE, 0.5);

        assertThat(result.capacity()).isNotNull();
        assertThat(result.capacity().journeysPerSecond()).isLessThanOrEqualTo(21.3).isGreaterThan(21.3 / 1.05);
        assertThat(result.capacity().failingJourneysPerSecond()).isGreaterThan(21.3).isLessThanOrEqualTo(result.capacity().journeysPerSecond() * 1.05);
        assertThat(result.capacity().requestsPerSecond().count()).isEqualTo(3);
        assertThat(tried).hasSizeLessThanOrEqualTo(14);
        assertThat(result.steps().get(0).phase()).isEqualTo("calibrate");
    }

    @Test
    void aSaturationEstimateFromTheWarmUpShortensTheSearch() {
        List<Double> tried = new ArrayList<>();
        ReplicaSearch result = SEARCH.run(1, system(21.3, tried), new CapacitySearch.Estimate(null, 25.0, true), 0.5);

        assertThat(result.capacity().journeysPerSecond()).isBetween(21.3 / 1.05, 21.3);
        assertThat(tried.get(0)).isEqualTo(12.5);
        assertThat(tried.get(1)).isEqualTo(21.3);
        assertThat(tried).hasSizeLessThanOrEqualTo(12); // each failure near the bound is confirmed (2 of 3)
    }

    @Test
    void aHintFromSmallerCountsStartsNearTheAnswer() {
        List<Double> tried = new ArrayList<>();
        ReplicaSearch result = SEARCH.run(2, system(40, tried), new CapacitySearch.Estimate(42.0, null, false), 0.5);

        assertThat(result.capacity().journeysPerSecond()).isBetween(40 / 1.05, 40.0);
        assertThat(tried.get(0)).isEqualTo(37.8);
        assertThat(tried).hasSizeLessThanOrEqualTo(9); // with the recheck
    }

    @Test
    void aSteadySystemIsRecheckedAtTheLowestPassingRateAndFoundSteady() {
        List<Double> tried = new ArrayList<>();
        ReplicaSearch result = SEARCH.run(1, system(21.3, tried), new CapacitySearch.Estimate(null, 25.0, true), 0.5);

        Step recheck = result.steps().get(result.steps().size() - 1);
        assertThat(recheck.phase()).isEqualTo("recheck");
        assertThat(recheck.offeredJourneysPerSecond()).isEqualTo(12.5).isEqualTo(tried.get(0));
        assertThat(result.drift()).isNotNull().satisfies(drift -> {
            assertThat(drift.drifted()).isFalse();
            assertThat(drift.decidedBy()).isEqualTo(Drift.DEMAND);
            assertThat(drift.changePercent()).isCloseTo(0, within(0.01));
            assertThat(drift.firstStep()).isEqualTo(1);
        });
        assertThat(result.reliable()).isTrue();
        assertThat(result.verdict()).doesNotContain("UNRELIABLE");
    }

    @Test
    void aSystemThatGetsDearerAsItRunsKeepsItsFigureMarkedUnreliable() {
        List<Double> tried = new ArrayList<>();
        // 3 % more CPU per journey with every step: after a dozen steps the low rate costs a third more.
        ReplicaSearch result = SEARCH.run(1, probe(rate -> rate <= 21.3 ? Outcome.PASS : Outcome.FAIL, tried, 0.03),
                new CapacitySearch.Estimate(null, 25.0, true), 0.5);

        assertThat(result.capacity()).isNotNull();
        assertThat(result.drift().drifted()).isTrue();
        assertThat(result.drift().changePercent()).isGreaterThan(Drift.LIMIT_PERCENT);
        assertThat(result.reliable()).isFalse();
        assertThat(result.verdict()).contains("UNRELIABLE", "replica CPU per request +", "the target drifted");
    }

    @Test
    void aSaturationEstimateWithoutALowPointStartsAtEightyFivePercentOfIt() {
        List<Double> tried = new ArrayList<>();
        ReplicaSearch result = SEARCH.run(3, system(60, tried), new CapacitySearch.Estimate(null, 75.0, false), 0.5);

        assertThat(tried.get(0)).isEqualTo(63.8);
        assertThat(result.steps().get(0).phase()).isEqualTo("bracket");
        assertThat(result.capacity().journeysPerSecond()).isBetween(60 / 1.05, 60.0);
        assertThat(tried).hasSizeLessThanOrEqualTo(10);
    }

    @Test
    void aHintWithALowPointTakesHalfTheHintFirst() {
        List<Double> tried = new ArrayList<>();
        ReplicaSearch result = SEARCH.run(1, system(20, tried), new CapacitySearch.Estimate(21.0, null, true), 0.5);

        assertThat(tried.subList(0, 2)).containsExactly(10.5, 18.9);
        assertThat(result.capacity().journeysPerSecond()).isBetween(20 / 1.05, 20.0);
    }

    @Test
    void aFailedRepeatMovesTheCapacityDown() {
        List<Double> tried = new ArrayList<>();
        int[] atTwenty = {0};
        // 20 journeys/s passes once, then fails: the capacity must end below 20.
        ReplicaSearch result = SEARCH.run(1, probe(rate -> {
            if (rate < 20) return Outcome.PASS;
            if (rate == 20.0 && atTwenty[0]++ == 0) return Outcome.PASS;
            return Outcome.FAIL;
        }, tried), new CapacitySearch.Estimate(40.0, null, false), 0.5);

        assertThat(result.capacity()).isNotNull();
        assertThat(result.capacity().journeysPerSecond()).isLessThan(20);
        assertThat(result.steps()).extracting(Step::phase).contains("repeat");
    }

    @Test
    void aSaturatedHarnessIsNeverTakenForABound() {
        List<Double> tried = new ArrayList<>();
        ReplicaSearch result = SEARCH.run(1, probe(rate -> rate < 10 ? Outcome.PASS : Outcome.INVALID, tried), CapacitySearch.Estimate.NONE, 0.5);

        assertThat(result.capacity()).isNull();
        assertThat(result.verdict()).startsWith("no valid bound found").contains("INVALID");
    }

    @Test
    void aSearchOutOfStepsSaysSoAndInventsNoBound() {
        List<Double> tried = new ArrayList<>();
        ReplicaSearch result = new CapacitySearch(new CapacitySearch.Settings(1, 0.05, 3, 6)).run(1, system(1_000, tried), CapacitySearch.Estimate.NONE, 0.5);

        assertThat(result.capacity()).isNull();
        assertThat(result.verdict()).startsWith("no valid bound found").contains("step budget (6) ran out");
    }

    @Test
    void aSystemThatNeverPassesHasNoCapacity() {
        List<Double> tried = new ArrayList<>();
        ReplicaSearch result = SEARCH.run(1, probe(rate -> Outcome.FAIL, tried), CapacitySearch.Estimate.NONE, 0.5);

        assertThat(result.capacity()).isNull();
        assertThat(result.verdict()).startsWith("no valid bound found: no step passed");
        assertThat(tried).hasSizeLessThanOrEqualTo(14);
    }

    @Test
    void ratesAreRoundedToThreeSignificantDigits() {
        assertThat(CapacitySearch.round(21.349)).isEqualTo(21.3);
        assertThat(CapacitySearch.round(0.123456)).isEqualTo(0.123);
        assertThat(CapacitySearch.round(1234.5)).isEqualTo(1230.0);
    }
}
