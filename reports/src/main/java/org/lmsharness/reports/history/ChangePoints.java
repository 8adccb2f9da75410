package org.lmsharness.reports.history;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Change points in a series of figures by E-divisive means (Matteson and James, "A nonparametric
 * approach for multiple change point analysis of multivariate data", JASA 2014), as MongoDB's
 * performance CI and Apache Otava (Hunter) use it: the split that maximises the energy distance
 * between the figures before and after it, kept when a permutation test finds it significant and
 * the means on either side differ by at least the minimum change; then each side is searched again.
 * Written here because no library on Maven Central implements it; the tests check it on series with
 * known steps and on steady noise.
 */
public final class ChangePoints {

    /**
     * A change between {@code index - 1} and {@code index}.
     *
     * @param index  the first figure after the change
     * @param before the mean of the segment before it
     * @param after  the mean of the segment after it
     * @param pValue the permutation test's p-value
     */
    public record ChangePoint(int index, double before, double after, double pValue) {
        /** after ÷ before − 1: +0.07 for 7 % higher. */
        public double change() {
            return after / before - 1;
        }
    }

    private final double minChange;
    private final double maxPValue;
    private final int permutations;
    private final Random random;

    /**
     * @param minChange    the smallest relative change of the mean that counts (0.05: 5 %)
     * @param maxPValue    the permutation test's threshold (0.001)
     * @param permutations how many permutations the test draws (at least 1 / maxPValue, so the threshold can be reached)
     * @param seed         the permutations' seed: the same history gives the same answer
     */
    public ChangePoints(double minChange, double maxPValue, int permutations, long seed) {
        this.minChange = minChange;
        this.maxPValue = maxPValue;
        this.permutations = permutations;
        this.random = new Random(seed);
    }

    /**
     * The finder for a threshold, with ten times the permutations the threshold needs (9,999 for p ≤ 0.001): with only 1 / p, one
     * permutation that ties the observed split (the same two groups in the other order score the same) was enough to hide a clean
     * +10 % step in 16 runs (p 0.002).
     */
    public static ChangePoints of(double minChange, double maxPValue) {
        return new ChangePoints(minChange, maxPValue, (int) Math.ceil(10 / maxPValue) - 1, 1);
    }

    public static final int MIN_SEGMENT = 3;

    public List<ChangePoint> find(double[] series) {
        List<ChangePoint> found = new ArrayList<>();
        search(series, 0, series.length, found);
        found.sort(Comparator.comparingInt(ChangePoint::index));
        return found;
    }

    private void search(double[] series, int from, int to, List<ChangePoint> found) {
        if (to - from < 2 * MIN_SEGMENT) return;
        double[] segment = Arrays.copyOfRange(series, from, to);
        Split best = bestSplit(segment);
        int exceeded = 0;
        double[] shuffled = segment.clone();
        for (int i = 0; i < permutations; i++) {
            shuffle(shuffled);
            if (bestSplit(shuffled).statistic() >= best.statistic()) exceeded++;
        }
        double p = (exceeded + 1.0) / (permutations + 1.0);
        if (p > maxPValue) return;
        int at = from + best.index();
        double before = mean(series, from, at);
        double after = mean(series, at, to);
        if (Math.abs(after / before - 1) >= minChange) found.add(new ChangePoint(at, before, after, p));
        search(series, from, at, found);
        search(series, at, to, found);
    }

    private record Split(int index, double statistic) {}

    /**
     * The split τ maximising Matteson and James's Q(τ, κ) over both τ and the end κ of the sample after it (α = 1): with
     * m = τ and k = κ − τ, Q = mk/(m + k) · (2/(mk) Σ|x − y| − 2/(m(m − 1)) Σ|x − x'| − 2/(k(k − 1)) Σ|y − y'|), each sample at
     * least {@link #MIN_SEGMENT} long. Letting the second sample end before the series does is what finds a step that goes up
     * and later comes back down. Row prefix sums of the distances make it O(n²).
     */
    static Split bestSplit(double[] z) {
        int n = z.length;
        double[][] prefix = new double[n][n + 1]; // prefix[k][i] = Σ_{j < i} |z_j − z_k|
        for (int k = 0; k < n; k++) for (int i = 0; i < n; i++) prefix[k][i + 1] = prefix[k][i] + Math.abs(z[i] - z[k]);
        Split best = new Split(-1, Double.NEGATIVE_INFINITY);
        double left = 0; // Σ over pairs within [0, τ)
        for (int tau = 1; tau <= n - MIN_SEGMENT; tau++) {
            left += prefix[tau - 1][tau - 1];
            if (tau < MIN_SEGMENT) continue;
            double between = 0, right = 0;
            for (int kappa = tau + 1; kappa <= n; kappa++) {
                int added = kappa - 1;
                between += prefix[added][tau];
                right += prefix[added][added] - prefix[added][tau];
                int m = tau, k = kappa - tau;
                if (k < MIN_SEGMENT) continue;
                double energy = 2 * between / ((double) m * k) - 2 * left / (m * (m - 1.0)) - 2 * right / (k * (k - 1.0));
                double q = (double) m * k / (m + k) * energy;
                if (q > best.statistic()) best = new Split(tau, q);
            }
        }
        return best;
    }

    private void shuffle(double[] values) {
        for (int i = values.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            double swap = values[i];
            values[i] = values[j];
            values[j] = swap;
        }
    }

    private static double mean(double[] values, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) sum += values[i];
        return sum / (to - from);
    }
}
