package org.lmsharness.simulations;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.lmsharness.topology.Durations;

/**
 * Every run parameter, a system property with a default, checked before anything starts. A bad
 * value is reported as one line naming the property, what it must be, and what it was.
 *
 * @param profile        smoke, load, stress, spike, soak or stairs
 * @param baseUrls       the deployment to drive; empty: boot {@code preset} with the topology and tear it down
 * @param preset         topology preset booted when no base URL is given
 * @param ratePerSecond  arrival rate of new journeys, per second (load, soak; the base of spike; the start of stairs)
 * @param duration       how long the main phase lasts
 * @param warmUp         ramp before the measured phase, excluded from capacity figures
 * @param maxRatePerSecond  stress: the rate the ramp ends at
 * @param steps          stairs: number of levels
 * @param stepRatePerSecond stairs: rate added per level
 * @param mix            journey name → share in percent, summing to 100
 * @param students       how many generated student accounts to rotate over (student1..N@lms.test)
 * @param instructors    how many generated instructor accounts to rotate over (instructor1..N@lms.test)
 * @param paidCourses    how many paid courses the dataset has (every 4th course: 25 in S)
 * @param sloP95Millis   SLO: 95th percentile response time, ms
 * @param sloP99Millis   SLO: 99th percentile response time, ms
 * @param sloErrorPercent SLO: failed requests, percent of all
 */
public record Settings(String profile, List<String> baseUrls, String preset, double ratePerSecond, Duration duration, Duration warmUp,
                       double maxRatePerSecond, int steps, double stepRatePerSecond, Map<String, Double> mix, int students, int instructors, int paidCourses,
                       int sloP95Millis, int sloP99Millis, double sloErrorPercent) {

    public static final List<String> PROFILES = List.of("smoke", "load", "stress", "spike", "soak", "stairs");
    public static final List<String> JOURNEYS = List.of("browse", "student", "enrolAndPay", "instructor");
    public static final String DEFAULT_MIX = "browse:60,student:30,enrolAndPay:5,instructor:5";

    /** One line: the property, what it must be, what it was. */
    public static final class Invalid extends RuntimeException {
        Invalid(String property, String expected, Object actual) {
            super(property + " must be " + expected + ", got '" + actual + "'");
        }
    }

    public static Settings fromSystemProperties() {
        String profile = property("profile", "smoke").toLowerCase(Locale.ROOT);
        if (!PROFILES.contains(profile)) throw new Invalid("profile", "one of " + PROFILES, profile);
        List<String> baseUrls = Arrays.stream(property("baseUrl", "").split(",")).map(String::trim).filter(url -> !url.isEmpty()).toList();
        for (String url : baseUrls) requireHttpUrl(url);
        boolean longRun = profile.equals("soak");
        return new Settings(profile, baseUrls, property("preset", "single-box"),
                positive("rate", property("rate", "5")),
                duration("duration", property("duration", longRun ? "30m" : "60s")),
                duration("warmUp", property("warmUp", "10s")),
                positive("maxRate", property("maxRate", "50")),
                (int) positive("steps", property("steps", "5")),
                positive("stepRate", property("stepRate", "5")),
                mix(property("mix", DEFAULT_MIX)),
                (int) positive("students", property("students", "1000")),
                (int) positive("instructors", property("instructors", "20")),
                (int) positive("paidCourses", property("paidCourses", "25")),
                (int) positive("slo.p95", property("slo.p95", "500")),
                (int) positive("slo.p99", property("slo.p99", "1000")),
                percent("slo.errorPercent", property("slo.errorPercent", "1")));
    }

    private static String property(String name, String fallback) {
        String value = System.getProperty(name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    private static void requireHttpUrl(String url) {
        try {
            URI uri = URI.create(url);
            if (uri.getHost() == null || !(url.startsWith("http://") || url.startsWith("https://"))) throw new IllegalArgumentException();
        } catch (IllegalArgumentException e) {
            throw new Invalid("baseUrl", "an http(s) URL such as http://127.0.0.1:8080 (several separated by commas)", url);
        }
    }

    private static double positive(String name, String value) {
        try {
            double number = Double.parseDouble(value);
            if (number > 0 && Double.isFinite(number)) return number;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new Invalid(name, "a number above 0", value);
    }

    private static double percent(String name, String value) {
        try {
            double number = Double.parseDouble(value);
            if (number >= 0 && number <= 100) return number;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new Invalid(name, "a percentage within 0..100", value);
    }

    static Duration duration(String name, String value) {
        try {
            Duration duration = Durations.parse(value);
            if (!duration.isZero()) return duration;
        } catch (IllegalArgumentException ignored) {
            // reported below
        }
        throw new Invalid(name, "a positive duration such as 90s, 10m or 1h", value);
    }

    static Map<String, Double> mix(String value) {
        Map<String, Double> mix = new LinkedHashMap<>();
        for (String part : value.split(",")) {
            String[] pair = part.trim().split(":");
            if (pair.length != 2 || !JOURNEYS.contains(pair[0].trim())) {
                throw new Invalid("mix", "journey:percent pairs over " + JOURNEYS + " such as " + DEFAULT_MIX, value);
            }
            mix.put(pair[0].trim(), percent("mix." + pair[0].trim(), pair[1].trim()));
        }
        double total = mix.values().stream().mapToDouble(Double::doubleValue).sum();
        if (Math.abs(total - 100) > 0.001) throw new Invalid("mix", "shares that sum to 100", value + " (sum " + total + ")");
        return mix;
    }
}
