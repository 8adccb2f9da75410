package org.lmsharness.capacity;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.lmsharness.reports.run.Slo;
import org.lmsharness.topology.Durations;
import org.lmsharness.topology.FaultProxies;

/**
 * The capacity run's parameters: system properties with defaults (as the simulations take theirs),
 * checked before anything boots. A bad one is reported as one line naming the property.
 *
 * @param preset          topology preset to boot (ignored with baseUrls)
 * @param backend         auto (containers when Docker answers, else local processes), local or containers
 * @param baseUrls        an existing deployment to measure instead of booting one; empty: boot the preset
 * @param simulation      the Gatling simulation class that generates the load
 * @param maxReplicas     largest replica count to search; 0: as many as this host can honestly run
 * @param cpus            CPU quota per replica in cores, overriding the preset's; 0: the preset's
 * @param repeats         passes required at the capacity rate
 * @param jitWarmUp       at most this much load before the first step, not measured, until the replicas' JIT settles
 * @param warmUp          unmeasured start of each step
 * @param measure         measured window of each step
 * @param tolerance       the search narrows until the failing rate is within this fraction above the passing one
 * @param startRate       journeys per second of the first step
 * @param maxSteps        steps allowed per replica count
 * @param slo             the objective a step must meet
 * @param peakRps         the peak load thresholds are planned for, requests per second; 0: derived from the measurements (ScalingInputs.MEASURED_PEAK)
 * @param growthPercentPerMinute load growth the thresholds must absorb while a new replica starts
 * @param zones           zones the fleet spreads over (for min/max capacity)
 * @param output          folder that holds the run folders and the {@code latest} link
 */
public record CapacitySettings(String preset, String backend, List<String> baseUrls, String simulation, int maxReplicas, double cpus,
                               int repeats, Duration jitWarmUp, Duration warmUp, Duration measure, double tolerance, double startRate, int maxSteps, Slo slo,
                               double peakRps, double growthPercentPerMinute, int zones, Path output) {

    public static final String DEFAULT_SIMULATION = "org.lmsharness.simulations.LmsSimulation";

    /** One line: the property, what it must be, what it was. */
    public static final class Invalid extends RuntimeException {
        Invalid(String property, String expected, Object actual) {
            super(property + " must be " + expected + ", got '" + actual + "'");
        }
    }

    public static CapacitySettings fromSystemProperties() {
        String backend = property("backend", "auto").toLowerCase(Locale.ROOT);
        if (!List.of("auto", "local", "containers").contains(backend)) throw new Invalid("backend", "auto, local or containers", backend);
        String faultProxy = System.getProperty(FaultProxies.MODE_PROPERTY, "off");
        try {
            FaultProxies.wanted(faultProxy);
        } catch (IllegalArgumentException e) {
            throw new Invalid(FaultProxies.MODE_PROPERTY, "on or off", faultProxy.trim());
        }
        List<String> baseUrls = Arrays.stream(property("baseUrl", "").split(",")).map(String::trim).filter(url -> !url.isEmpty()).toList();
        for (String url : baseUrls) {
            if (!url.matches("https?://[^/\\s]+.*")) throw new Invalid("baseUrl", "an http(s) URL such as http://127.0.0.1:8080 (several separated by commas)", url);
        }
        String simulation = property("simulation", DEFAULT_SIMULATION);
        if (!simulation.matches("[\\p{L}_$][\\p{L}\\p{N}_$]*(\\.[\\p{L}_$][\\p{L}\\p{N}_$]*)*")) throw new Invalid("simulation", "a class name such as " + DEFAULT_SIMULATION, simulation);
        int repeats = (int) number("repeats", "3", 1, 20);
        return new CapacitySettings(property("preset", "capacity"), backend, baseUrls, simulation,
                (int) number("replicas", "0", 0, 64),
                number("cpus", "0", 0, 64),
                repeats,
                duration("jitWarmUp", "90s"),
                duration("warmUp", "3s"),
                duration("measure", "6s"),
                number("tolerance", "0.08", 0.01, 0.5),
                number("startRate", "2", 0.05, 100_000),
                (int) number("maxSteps", "16", 3 + repeats, 100),
                new Slo(number("slo.p95", "500", 1, 600_000), number("slo.p99", "1000", 1, 600_000), number("slo.errorPercent", "1", 0, 100)),
                number("peakRps", "0", 0, 10_000_000),
                number("growth", "10", 0, 1000),
                (int) number("zones", "3", 1, 10),
                Path.of(property("output", "runs")).toAbsolutePath());
    }

    public boolean external() {
        return !baseUrls.isEmpty();
    }

    private static String property(String name, String fallback) {
        String value = System.getProperty(name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    private static double number(String name, String fallback, double min, double max) {
        String value = property(name, fallback);
        try {
            double number = Double.parseDouble(value);
            if (number >= min && number <= max) return number;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new Invalid(name, "a number within " + trim(min) + ".." + trim(max), value);
    }

    private static Duration duration(String name, String fallback) {
        String value = property(name, fallback);
        try {
            Duration duration = Durations.parse(value);
            if (!duration.isZero() && duration.compareTo(Duration.ofHours(1)) <= 0) return duration;
        } catch (IllegalArgumentException ignored) {
            // reported below
        }
        throw new Invalid(name, "a duration up to 1h such as 5s or 1m", value);
    }

    private static String trim(double number) {
        return number == Math.rint(number) ? Long.toString((long) number) : Double.toString(number);
    }
}
