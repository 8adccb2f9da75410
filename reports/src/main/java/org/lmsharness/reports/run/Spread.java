package org.lmsharness.reports.run;

import java.util.Collection;

/** A repeated measurement: how many, lowest, median, highest. */
public record Spread(int count, double min, double median, double max) {

    public static Spread of(Collection<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        if (sorted.length == 0) return new Spread(0, Double.NaN, Double.NaN, Double.NaN);
        int mid = sorted.length / 2;
        double median = sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
        return new Spread(sorted.length, sorted[0], median, sorted[sorted.length - 1]);
    }

    /** (max - min) / median, in percent: how far the repeats disagree. */
    public double rangePercent() {
        return median == 0 ? 0 : 100 * (max - min) / median;
    }

    @Override
    public String toString() {
        return count == 1 ? format(median) : format(median) + " (" + format(min) + "–" + format(max) + ", n=" + count + ")";
    }

    private static String format(double value) {
        return Math.abs(value) >= 100 ? String.format("%.0f", value) : String.format("%.1f", value);
    }
}
