package org.lmsharness.reports.html;

import java.util.Locale;
import java.util.function.DoubleFunction;
import org.lmsharness.reports.run.Spread;

/** How the report prints numbers: the same figure always reads the same, whatever the machine's locale. */
final class Numbers {

    static final String NONE = "—";

    private Numbers() {}

    /** Rates (req/s, journeys/s): whole above 100, one decimal below. */
    static String rate(double value) {
        if (!Double.isFinite(value)) return NONE;
        return Math.abs(value) >= 100 ? format("%.0f", value) : format("%.1f", value);
    }

    /** Milliseconds, same rule as rates. */
    static String millis(double value) {
        return rate(value);
    }

    /** Cores, two decimals. */
    static String cores(double value) {
        return Double.isFinite(value) ? format("%.2f", value) : NONE;
    }

    /** Percent with one decimal, signed when asked. */
    static String percent(double value, boolean signed) {
        return Double.isFinite(value) ? format(signed ? "%+.1f %%" : "%.1f %%", value) : NONE;
    }

    /** Model parameters (σ, κ, R²): three significant digits, 0 as "0". */
    static String parameter(double value) {
        if (!Double.isFinite(value)) return NONE;
        return value == 0 ? "0" : format("%.3g", value);
    }

    /** A repeated measurement as "median (min–max, n=3)", like {@link Spread#toString()} but locale-free. */
    static String spread(Spread spread) {
        return spread(spread, Numbers::rate);
    }

    static String spread(Spread spread, DoubleFunction<String> format) {
        if (spread == null || spread.count() == 0) return NONE;
        return spread.count() == 1 ? format.apply(spread.median()) : format.apply(spread.median())
                + " (" + format.apply(spread.min()) + "–" + format.apply(spread.max()) + ", n=" + spread.count() + ")";
    }

    static String format(String pattern, Object... values) {
        return String.format(Locale.ROOT, pattern, values);
    }
}
