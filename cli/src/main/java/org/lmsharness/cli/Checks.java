package org.lmsharness.cli;

import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Range checks on typed options: one line naming the option, what it must be and what it was. */
final class Checks {

    /** An http(s) URL with a host: what every URL option takes. */
    static final String HTTP_URL = "https?://[^/\\s]+.*";

    private Checks() {}

    static void within(CommandSpec spec, String option, double value, double min, double max) {
        if (!(value >= min && value <= max)) throw new ParameterException(spec.commandLine(),
                option + " must be a number within " + plain(min) + ".." + plain(max) + ", got " + plain(value));
    }

    static void within(CommandSpec spec, String option, Duration value, Duration max) {
        if (value.isZero() || value.isNegative() || value.compareTo(max) > 0) throw new ParameterException(spec.commandLine(),
                option + " must be a duration above 0 and up to " + max.toMinutes() + "m, got " + value.toMillis() + "ms");
    }

    static String plain(double number) {
        return number == Math.rint(number) && Math.abs(number) < 1e15 ? Long.toString((long) number) : Double.toString(number);
    }
}
