package org.lmsharness.common;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people write them on a command line: {@code 250ms}, {@code 90s}, {@code 10m}, {@code 1h}. */
public final class Durations {

    private static final Pattern TEXT = Pattern.compile("(\\d+)(ms|s|m|h)");

    private Durations() {}

    /** @throws IllegalArgumentException when the text is not a number followed by ms, s, m or h */
    public static Duration parse(String text) {
        Matcher m = TEXT.matcher(text.trim());
        if (!m.matches()) throw new IllegalArgumentException("not a duration: '" + text + "'");
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
    }

    /**
     * Sleeps, and says whether the whole pause passed: false when the thread was interrupted (its flag
     * set again), so that a caller's wait loop ends instead of spinning.
     */
    public static boolean pause(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * {@code millis} rounded up to whole seconds, at least one: Gatling injects a constant rate for whole seconds only
     * ({@code constantUsersPerSec(r).during(9.69 s)} stops arriving after 9 s), so every load window is made of whole seconds.
     */
    public static long wholeSeconds(long millis) {
        return Math.max(1_000, (millis + 999) / 1_000 * 1_000);
    }
}
