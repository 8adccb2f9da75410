package org.lmsharness.simulations;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The injection profiles every simulation runs under ({@link Load}; docs/simulations.md). */
public enum Profile {
    /** Every journey once: no request may fail. */
    SMOKE,
    /** A ramp over the warm-up, then a constant arrival rate. */
    LOAD,
    /** A ramp from a tenth of the rate to the maximum rate. */
    STRESS,
    /** An exam start: the rate, ×10 within 30 s, held, and back. */
    SPIKE,
    /** As load, for 30 minutes by default. */
    SOAK,
    /** Levels of rising rate, each held. */
    STAIRS,
    /** The capacity search's: one constant rate from the first arrival, so its measured window is a fixed offset. */
    STEP,
    /** Arrival rates second by second from a file, one rate per line: the autoscaler's scenarios (lms-harness autoscale writes it). */
    TRACE;

    /** As properties and options spell it: {@code smoke}, {@code load} … */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Every label, in this order. */
    public static List<String> labels() {
        return Arrays.stream(values()).map(Profile::label).toList();
    }

    /** The profile a label names, any case; a label that names none is refused. */
    public static Profile of(String label) {
        try {
            return valueOf(label.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new Load.Invalid("profile", "one of " + String.join(", ", labels()), label);
        }
    }
}
