package org.lmsharness.common;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * Figures as people write them on a console: three significant digits, thousands grouped, never an
 * exponent ({@code 24,000}, {@code 13.2}, {@code 0.125}), the same whatever the machine's locale.
 */
public final class Figures {

    private static final MathContext THREE_DIGITS = new MathContext(3, RoundingMode.HALF_EVEN);

    private Figures() {}

    /** A rate or any other measured figure: three significant digits, grouped ({@code 24,000 journeys/s}, {@code 9.75}). */
    public static String of(double value) {
        if (!Double.isFinite(value)) return Double.toString(value);
        if (value == 0) return "0";
        BigDecimal rounded = new BigDecimal(value).round(THREE_DIGITS).stripTrailingZeros();
        int decimals = Math.max(0, rounded.scale());
        return String.format(Locale.ROOT, "%,." + decimals + "f", rounded);
    }
}
