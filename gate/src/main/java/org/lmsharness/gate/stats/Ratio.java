package org.lmsharness.gate.stats;

import java.util.Arrays;
import org.hipparchus.stat.descriptive.rank.Median;

/**
 * How many times the candidate's figure is the baseline's (CPU per journey, a p95), with a
 * distribution-free confidence interval: {@code 1.07 [1.03, 1.11]} reads "7 % more, between 3 and
 * 11 % more at this confidence".
 *
 * <p>Figures are compared as logarithms, so that a ratio and its inverse are symmetric and a shift of
 * the logarithms is a ratio. The estimate is Hodges–Lehmann's and the interval the one that inverts
 * the rank test (Hollander, Wolfe and Chicken, <i>Nonparametric Statistical Methods</i>, 3rd ed.,
 * sections 3.2 and 4.3): no assumption of normality, which latencies and per-round costs on a shared
 * host do not meet, and one outlying round moves neither much.
 *
 * <ul>
 *   <li>{@link #paired}: rounds that measured both sides at the same instants (the duet). Per round
 *       the log ratio; the estimate is the median of its Walsh averages, the interval their order
 *       statistics at the exact Wilcoxon signed-rank critical values. Noise common to a round (the
 *       host busy for both) cancels in the ratio, which is why the gate runs both sides at once.</li>
 *   <li>{@link #unpaired}: two independent samples; the median of all pairwise log differences, the
 *       interval at the exact Mann–Whitney critical values.</li>
 * </ul>
 *
 * Hipparchus has both tests' p-values but neither estimate nor interval, so these are written here;
 * the tests check each interval against Hipparchus's exact p-values.
 *
 * @param estimate   the Hodges–Lehmann estimate of candidate ÷ baseline
 * @param low        the interval's lower end; 0 when too few rounds bound it at this confidence
 * @param high       the interval's upper end; positive infinity when too few rounds bound it
 * @param confidence the interval's exact coverage (at least the confidence asked, the discrete
 *                   distribution's nearest step above it), or 0 when it is unbounded
 * @param n          rounds (paired) or the smaller sample (unpaired)
 */
public record Ratio(double estimate, double low, double high, double confidence, int n) {

    /** Both ends finite: enough rounds to bound the ratio at the confidence asked. */
    public boolean bounded() {
        return low > 0 && Double.isFinite(high);
    }

    /** Candidate ÷ baseline from rounds that measured both at once; {@code candidate[i]} beside {@code baseline[i]}. */
    public static Ratio paired(double[] candidate, double[] baseline, double confidence) {
        if (candidate.length != baseline.length) {
            throw new IllegalArgumentException("paired rounds need as many candidate figures as baseline ones: " + candidate.length + " and " + baseline.length);
        }
        checkConfidence(confidence);
        int n = candidate.length;
        double[] logRatios = new double[n];
        for (int i = 0; i < n; i++) logRatios[i] = Math.log(positive(candidate[i]) / positive(baseline[i]));
        double[] walsh = new double[n * (n + 1) / 2];
        int w = 0;
        for (int i = 0; i < n; i++) for (int j = i; j < n; j++) walsh[w++] = (logRatios[i] + logRatios[j]) / 2;
        Arrays.sort(walsh);
        return fromOrderStatistics(walsh, signedRankCounts(n), confidence, n);
    }

    /** Candidate ÷ baseline from two independent samples (sizes may differ). */
    public static Ratio unpaired(double[] candidate, double[] baseline, double confidence) {
        checkConfidence(confidence);
        int m = baseline.length;
        int n = candidate.length;
        double[] differences = new double[m * n];
        int d = 0;
        for (double c : candidate) for (double b : baseline) differences[d++] = Math.log(positive(c)) - Math.log(positive(b));
        Arrays.sort(differences);
        return fromOrderStatistics(differences, mannWhitneyCounts(m, n), confidence, Math.min(m, n));
    }

    /**
     * The estimate is the median of the sorted values; the interval runs from the k-th smallest to
     * the k-th largest, k the largest with P(statistic ≤ k − 1) ≤ (1 − confidence) / 2 under the
     * null distribution given by {@code counts} (counts[t]: arrangements whose statistic is t).
     */
    private static Ratio fromOrderStatistics(double[] sorted, double[] counts, double confidence, int n) {
        if (sorted.length == 0) throw new IllegalArgumentException("no rounds to compare");
        double estimate = Math.exp(new Median().evaluate(sorted));
        double total = Arrays.stream(counts).sum();
        double tail = (1 - confidence) / 2;
        double below = 0; // P(statistic ≤ k − 1)
        int k = 0;
        while (k < counts.length && below + counts[k] / total <= tail) below += counts[k++] / total;
        if (k == 0) return new Ratio(estimate, 0, Double.POSITIVE_INFINITY, 0, n);
        return new Ratio(estimate, Math.exp(sorted[k - 1]), Math.exp(sorted[sorted.length - k]), 1 - 2 * below, n);
    }

    /** counts[t]: subsets of the ranks 1..n whose sum is t (the signed-rank statistic's null distribution, times 2^n). */
    static double[] signedRankCounts(int n) {
        int max = n * (n + 1) / 2;
        double[] counts = new double[max + 1];
        counts[0] = 1;
        for (int rank = 1; rank <= n; rank++) for (int t = max; t >= rank; t--) counts[t] += counts[t - rank];
        return counts;
    }

    /** counts[u]: orderings of m and n values whose Mann–Whitney U is u (its null distribution, times C(m + n, m)). */
    static double[] mannWhitneyCounts(int m, int n) {
        // ways[j][u] for i values of the first sample and j of the second, built up over i: f(i, j, u) = f(i - 1, j, u - j) + f(i, j - 1, u).
        double[][] ways = new double[n + 1][m * n + 1];
        for (int j = 0; j <= n; j++) ways[j][0] = 1; // i = 0: only U = 0
        for (int i = 1; i <= m; i++) {
            double[][] next = new double[n + 1][m * n + 1];
            next[0][0] = 1;
            for (int j = 1; j <= n; j++) {
                for (int u = 0; u <= i * j; u++) {
                    next[j][u] = (u >= j ? ways[j][u - j] : 0) + next[j - 1][u];
                }
            }
            ways = next;
        }
        return ways[n];
    }

    private static double positive(double figure) {
        if (!(figure > 0) || !Double.isFinite(figure)) throw new IllegalArgumentException("a figure to compare must be positive and finite: " + figure);
        return figure;
    }

    private static void checkConfidence(double confidence) {
        if (!(confidence > 0 && confidence < 1)) throw new IllegalArgumentException("confidence must lie between 0 and 1: " + confidence);
    }
}
