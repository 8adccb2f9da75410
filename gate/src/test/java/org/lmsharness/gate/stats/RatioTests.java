package org.lmsharness.gate.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.hipparchus.stat.inference.MannWhitneyUTest;
import org.hipparchus.stat.inference.WilcoxonSignedRankTest;
import org.junit.jupiter.api.Test;

/**
 * The ratio's estimate and interval against answers known beforehand: the null distributions'
 * counts worked out by hand, the critical values in published tables, and the interval as the
 * inversion of the exact test Hipparchus computes independently.
 */
class RatioTests {

    @Test
    void signedRankCountsMatchTheSubsetsCountedByHand() {
        // Subsets of {1..9} with sum 0..6: {}, {1}, {2}, {3},{1,2}, {4},{1,3}, {5},{1,4},{2,3}, {6},{1,5},{2,4},{1,2,3}.
        double[] counts = Ratio.signedRankCounts(9);
        assertThat(Arrays.copyOf(counts, 7)).containsExactly(1, 1, 1, 2, 2, 3, 4);
        assertThat(Arrays.stream(counts).sum()).isEqualTo(512);
        assertThat(counts).hasSize(46);
    }

    @Test
    void mannWhitneyCountsMatchTheOrderingsCountedByHand() {
        // Two samples of 5: C(10, 5) = 252 orderings; U = 0, 1, 2, 3 in 1, 1, 2, 3 of them (partitions of u into at most 5 parts of at most 5).
        double[] counts = Ratio.mannWhitneyCounts(5, 5);
        assertThat(Arrays.copyOf(counts, 4)).containsExactly(1, 1, 2, 3);
        assertThat(Arrays.stream(counts).sum()).isEqualTo(252);
        // Unequal sizes: C(7, 3) = 35 orderings of 3 and 4 values, U from 0 to 12, symmetric.
        double[] unequal = Ratio.mannWhitneyCounts(3, 4);
        assertThat(Arrays.stream(unequal).sum()).isEqualTo(35);
        for (int u = 0; u <= 12; u++) assertThat(unequal[u]).isEqualTo(unequal[12 - u]);
    }

    @Test
    void nineRoundsGiveTheTablesNinetySixPercentIntervalFromTheSixthWalshAverages() {
        // Tables of the signed-rank statistic: n = 9, two-sided 0.05, reject at T ≤ 5 (P = 10/512), so the interval runs from
        // the 6th smallest to the 6th largest of the 45 Walsh averages, with coverage 1 − 20/512 = 96.1 %.
        double[] baseline = {100, 100, 100, 100, 100, 100, 100, 100, 100};
        double[] candidate = {101, 103, 104, 106, 107, 109, 111, 112, 115};
        Ratio ratio = Ratio.paired(candidate, baseline, 0.95);

        double[] logs = Arrays.stream(candidate).map(c -> Math.log(c / 100)).toArray();
        double[] walsh = new double[45];
        int w = 0;
        for (int i = 0; i < 9; i++) for (int j = i; j < 9; j++) walsh[w++] = (logs[i] + logs[j]) / 2;
        Arrays.sort(walsh);
        assertThat(ratio.confidence()).isCloseTo(1 - 20.0 / 512, within(1e-12));
        assertThat(ratio.low()).isCloseTo(Math.exp(walsh[5]), within(1e-12));
        assertThat(ratio.high()).isCloseTo(Math.exp(walsh[39]), within(1e-12));
        assertThat(ratio.estimate()).isCloseTo(Math.exp(walsh[22]), within(1e-12)); // the median of 45
        assertThat(ratio.estimate()).isBetween(ratio.low(), ratio.high());
    }

    @Test
    void twoSamplesOfFiveGiveTheTablesIntervalFromTheThirdDifferences() {
        // Tables of Mann–Whitney U: m = n = 5, two-sided 0.05, reject at U ≤ 2 (P = 4/252): from the 3rd smallest to the 3rd
        // largest of the 25 differences, coverage 1 − 8/252 = 96.8 %.
        double[] baseline = {10, 11, 12, 13, 14};
        double[] candidate = {12, 13, 14, 15, 16};
        Ratio ratio = Ratio.unpaired(candidate, baseline, 0.95);
        double[] differences = new double[25];
        int d = 0;
        for (double c : candidate) for (double b : baseline) differences[d++] = Math.log(c) - Math.log(b);
        Arrays.sort(differences);
        assertThat(ratio.confidence()).isCloseTo(1 - 8.0 / 252, within(1e-12));
        assertThat(ratio.low()).isCloseTo(Math.exp(differences[2]), within(1e-12));
        assertThat(ratio.high()).isCloseTo(Math.exp(differences[22]), within(1e-12));
        assertThat(ratio.estimate()).isCloseTo(Math.exp(differences[12]), within(1e-12));
    }

    /**
     * The interval is the set of ratios the exact test does not reject: the rounds divided by a ratio just inside either
     * end keep Hipparchus's exact two-sided p-value above 1 − coverage; just outside, at or below it.
     */
    @Test
    void thePairedIntervalIsWhereHipparchussExactSignedRankTestDoesNotReject() {
        Random random = new Random(20261206);
        WilcoxonSignedRankTest test = new WilcoxonSignedRankTest();
        for (int rounds : new int[] {6, 8, 12, 20}) {
            double[] baseline = new double[rounds];
            double[] candidate = new double[rounds];
            for (int i = 0; i < rounds; i++) {
                baseline[i] = 40 * Math.exp(0.05 * random.nextGaussian());
                candidate[i] = baseline[i] * 1.06 * Math.exp(0.03 * random.nextGaussian());
            }
            Ratio ratio = Ratio.paired(candidate, baseline, 0.95);
            double alpha = 1 - ratio.confidence();
            for (double end : new double[] {ratio.low(), ratio.high()}) {
                double inward = end == ratio.low() ? 1 + 1e-9 : 1 - 1e-9;
                assertThat(pairedP(test, candidate, baseline, end * inward)).as("%d rounds, just inside %f", rounds, end).isGreaterThan(alpha);
                assertThat(pairedP(test, candidate, baseline, end / inward)).as("%d rounds, just outside %f", rounds, end).isLessThanOrEqualTo(alpha + 1e-12);
            }
        }
    }

    @Test
    void theUnpairedIntervalIsWhereHipparchussExactMannWhitneyTestDoesNotReject() {
        Random random = new Random(4);
        MannWhitneyUTest test = new MannWhitneyUTest();
        for (int[] sizes : new int[][] {{5, 5}, {6, 9}, {10, 10}}) {
            double[] baseline = random.doubles(sizes[0]).map(u -> 100 * Math.exp(0.1 * u)).toArray();
            double[] candidate = random.doubles(sizes[1]).map(u -> 112 * Math.exp(0.1 * u)).toArray();
            Ratio ratio = Ratio.unpaired(candidate, baseline, 0.95);
            double alpha = 1 - ratio.confidence();
            for (double end : new double[] {ratio.low(), ratio.high()}) {
                double inward = end == ratio.low() ? 1 + 1e-9 : 1 - 1e-9;
                assertThat(unpairedP(test, candidate, baseline, end * inward)).as("%s, just inside", Arrays.toString(sizes)).isGreaterThan(alpha);
                assertThat(unpairedP(test, candidate, baseline, end / inward)).as("%s, just outside", Arrays.toString(sizes)).isLessThanOrEqualTo(alpha + 1e-12);
            }
        }
    }

    @Test
    void tooFewRoundsLeaveTheRatioUnbounded() {
        // Five rounds: the most extreme signed-rank outcome has P = 1/32 > 0.025, so no 95 % interval exists.
        Ratio ratio = Ratio.paired(new double[] {2, 2, 2, 2, 2}, new double[] {1, 1, 1, 1, 1}, 0.95);
        assertThat(ratio.bounded()).isFalse();
        assertThat(ratio.estimate()).isCloseTo(2, within(1e-12));
        assertThat(Verdict.of(ratio, 0.05)).isEqualTo(Verdict.UNKNOWN);
        assertThat(Ratio.paired(new double[] {2, 2, 2, 2, 2, 2}, new double[] {1, 1, 1, 1, 1, 1}, 0.95).bounded()).isTrue();
    }

    @Test
    void badFiguresAreRefusedWithTheReason() {
        assertThatThrownBy(() -> Ratio.paired(new double[] {1, 2}, new double[] {1}, 0.95)).hasMessageContaining("as many");
        assertThatThrownBy(() -> Ratio.paired(new double[] {0}, new double[] {1}, 0.95)).hasMessageContaining("positive");
        assertThatThrownBy(() -> Ratio.unpaired(new double[] {Double.NaN}, new double[] {1}, 0.95)).hasMessageContaining("positive");
        assertThatThrownBy(() -> Ratio.paired(new double[] {1}, new double[] {1}, 1.0)).hasMessageContaining("confidence");
    }

    @Test
    void verdictsFollowWhereTheWholeIntervalLies() {
        assertThat(Verdict.of(new Ratio(1.10, 1.07, 1.13, 0.96, 9), 0.05)).isEqualTo(Verdict.REGRESSION);
        assertThat(Verdict.of(new Ratio(1.00, 0.98, 1.03, 0.96, 9), 0.05)).isEqualTo(Verdict.PASS);
        assertThat(Verdict.of(new Ratio(1.04, 1.01, 1.08, 0.96, 9), 0.05)).isEqualTo(Verdict.UNKNOWN);
        assertThat(Verdict.of(new Ratio(0.80, 0.70, 0.90, 0.96, 9), 0.05)).as("faster is a pass").isEqualTo(Verdict.PASS);
        assertThat(Verdict.worst(java.util.List.of(Verdict.PASS, Verdict.UNKNOWN))).isEqualTo(Verdict.UNKNOWN);
        assertThat(Verdict.worst(java.util.List.of(Verdict.UNKNOWN, Verdict.REGRESSION, Verdict.PASS))).isEqualTo(Verdict.REGRESSION);
        assertThat(Verdict.worst(java.util.List.of(Verdict.PASS, Verdict.PASS))).isEqualTo(Verdict.PASS);
        assertThat(Verdict.REGRESSION.exitCode()).isEqualTo(1);
        assertThat(Verdict.UNKNOWN.exitCode()).isEqualTo(3);
    }

    /** Exact two-sided p of the rounds' log ratios shifted by {@code ratio} (Hipparchus takes the differences x − y). */
    private static double pairedP(WilcoxonSignedRankTest test, double[] candidate, double[] baseline, double ratio) {
        double[] x = new double[candidate.length];
        double[] y = new double[candidate.length];
        for (int i = 0; i < x.length; i++) x[i] = Math.log(candidate[i] / baseline[i]) - Math.log(ratio);
        return test.wilcoxonSignedRankTest(x, y, true);
    }

    private static double unpairedP(MannWhitneyUTest test, double[] candidate, double[] baseline, double ratio) {
        double[] shifted = Arrays.stream(candidate).map(c -> Math.log(c / ratio)).toArray();
        double[] logs = Arrays.stream(baseline).map(Math::log).toArray();
        return test.mannWhitneyUTest(shifted, logs, true);
    }
}
