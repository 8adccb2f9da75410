package org.lmsharness.simulations;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.incrementUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.nothingFor;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;

import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.OpenInjectionStep;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.lmsharness.common.Durations;

/**
 * The harness's side of any simulation: target, injection profile and SLO, all from system
 * properties, so that one simulation file (ours or a user's) runs under every profile and under the
 * capacity search unchanged. The fixed shape a simulation follows:
 *
 * <pre>
 *   Load load = Load.fromSystemPropertiesOrExit();
 *   ScenarioBuilder journeys = scenario("shop").exec(...);      // one virtual user = one journey
 *   { setUp(load.inject(journeys)).protocols(http.baseUrls(load.baseUrls())).assertions(load.slo()).maxDuration(load.maxDuration()); }
 * </pre>
 *
 * @param profile          smoke, load, stress, spike, soak, stairs, or step (the capacity search's: one constant rate throughout)
 * @param baseUrls         the deployment to drive (one URL per edge); a simulation boots nothing
 * @param ratePerSecond    arrival rate of new journeys, per second (load, soak; the base of spike; the start of stairs)
 * @param duration         how long the main phase lasts
 * @param warmUp           ramp before the measured phase (load, soak), excluded from capacity figures
 * @param maxRatePerSecond stress: the rate the ramp ends at
 * @param steps            stairs: number of levels
 * @param stepRatePerSecond stairs: rate added per level
 * @param sloP95Millis     SLO: 95th percentile response time, ms
 * @param sloP99Millis     SLO: 99th percentile response time, ms
 * @param sloErrorPercent  SLO: failed requests, percent of all
 */
public record Load(Profile profile, List<String> baseUrls, double ratePerSecond, Duration duration, Duration warmUp,
                   double maxRatePerSecond, int steps, double stepRatePerSecond, int sloP95Millis, int sloP99Millis, double sloErrorPercent) {

    /** One line: the property, what it must be, what it was. */
    public static final class Invalid extends RuntimeException {
        public Invalid(String property, String expected, Object actual) {
            super(property + " must be " + expected + ", got '" + actual + "'");
        }
    }

    public static Load fromSystemProperties() {
        Profile profile = Profile.of(property("profile", Profile.SMOKE.label()));
        List<String> baseUrls = Arrays.stream(property("baseUrl", "").split(",")).map(String::trim).filter(url -> !url.isEmpty()).toList();
        if (baseUrls.isEmpty()) throw new Invalid("baseUrl", "the URL of the deployment to drive (lms-harness simulate --preset NAME boots one)", "");
        for (String url : baseUrls) requireHttpUrl(url);
        return new Load(profile, baseUrls,
                positive("rate", property("rate", "5")),
                duration("duration", property("duration", profile == Profile.SOAK ? "30m" : "60s")),
                duration("warmUp", property("warmUp", "10s")),
                positive("maxRate", property("maxRate", "50")),
                (int) positive("steps", property("steps", "5")),
                positive("stepRate", property("stepRate", "5")),
                (int) positive("slo.p95", property("slo.p95", "500")),
                (int) positive("slo.p99", property("slo.p99", "1000")),
                percent("slo.errorPercent", property("slo.errorPercent", "1")));
    }

    /** For a simulation's static initialiser: a bad parameter or an unreachable target ends the run with one line and status 1. */
    public static Load fromSystemPropertiesOrExit() {
        try {
            Load load = fromSystemProperties();
            for (String url : load.baseUrls()) requireReachable(url);
            return load;
        } catch (Invalid e) {
            exit(e.getMessage());
            throw e;
        }
    }

    /** Prints one line and ends the JVM with status 1 (2 would read as "assertions failed"). */
    public static void exit(String message) {
        System.err.println("simulation: " + message);
        System.exit(1);
    }

    /** The scenario under this profile: smoke runs it once; the others inject an open model (arrival rate), so a slow system cannot slow the load down. */
    public PopulationBuilder inject(ScenarioBuilder scenario) {
        return profile == Profile.SMOKE ? scenario.injectOpen(atOnceUsers(1)) : scenario.injectOpen(injection());
    }

    public OpenInjectionStep[] injection() {
        List<OpenInjectionStep> steps = new ArrayList<>();
        switch (profile) {
            case LOAD, SOAK -> {
                steps.add(rampUsersPerSec(Math.max(0.1, ratePerSecond / 10)).to(ratePerSecond).during(warmUp));
                steps.add(constantUsersPerSec(ratePerSecond).during(duration));
            }
            case STRESS -> steps.add(rampUsersPerSec(Math.max(0.1, ratePerSecond / 10)).to(maxRatePerSecond).during(duration));
            // The capacity search's: no ramp, so the measured window is a fixed offset from the first arrival.
            case STEP -> steps.add(constantUsersPerSec(ratePerSecond).during(warmUp.plus(duration)));
            case SPIKE -> { // exam start: ×10 within 30 s
                steps.add(constantUsersPerSec(ratePerSecond).during(Duration.ofSeconds(30)));
                steps.add(rampUsersPerSec(ratePerSecond).to(10 * ratePerSecond).during(Duration.ofSeconds(30)));
                steps.add(constantUsersPerSec(10 * ratePerSecond).during(Duration.ofSeconds(30)));
                steps.add(constantUsersPerSec(ratePerSecond).during(Duration.ofSeconds(30)));
            }
            case STAIRS -> steps.add(incrementUsersPerSec(stepRatePerSecond).times(this.steps)
                    .eachLevelLasting(duration).separatedByRampsLasting(Duration.ofSeconds(5)).startingFrom(ratePerSecond));
            case TRACE -> steps.addAll(traceSteps(traceRates()));
            case SMOKE -> throw new IllegalStateException("smoke has no injection profile");
        }
        return steps.toArray(OpenInjectionStep[]::new);
    }

    /** The trace's rates, journeys per second for each second, from the file the {@code trace} property names. */
    static double[] traceRates() {
        String file = property("trace", null);
        if (file == null) throw new Invalid("trace", "the file of arrival rates, one per second, that the trace profile follows", "");
        try {
            double[] rates = java.nio.file.Files.readAllLines(java.nio.file.Path.of(file)).stream().map(String::strip).filter(line -> !line.isEmpty())
                    .mapToDouble(line -> rateOf(line)).toArray();
            if (rates.length == 0) throw new Invalid("trace", "a file with one rate per line", file + " (empty)");
            return rates;
        } catch (java.io.IOException e) {
            throw new Invalid("trace", "a readable file of arrival rates", file + ": " + e.getMessage());
        }
    }

    private static double rateOf(String line) {
        try {
            double rate = Double.parseDouble(line);
            if (rate >= 0 && Double.isFinite(rate)) return rate;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new Invalid("trace", "rates of 0 or more, one per line", line);
    }

    /** A second at a time; seconds of one rate in a row become one step (Gatling holds a constant rate for whole seconds). */
    static List<OpenInjectionStep> traceSteps(double[] rates) {
        List<OpenInjectionStep> steps = new ArrayList<>();
        int i = 0;
        while (i < rates.length) {
            int j = i;
            while (j < rates.length && rates[j] == rates[i]) j++;
            Duration held = Duration.ofSeconds(j - i);
            steps.add(rates[i] > 0 ? constantUsersPerSec(rates[i]).during(held) : nothingFor(held));
            i = j;
        }
        return steps;
    }

    /** The SLO as Gatling assertions, so that {@code gatling:test} exits non-zero when it breaks; smoke: no request may fail. */
    public List<Assertion> slo() {
        if (profile == Profile.SMOKE) return List.of(global().failedRequests().count().is(0L));
        return List.of(
                global().responseTime().percentile(95.0).lte(sloP95Millis),
                global().responseTime().percentile(99.0).lte(sloP99Millis),
                global().failedRequests().percent().lte(sloErrorPercent));
    }

    /** Every run stops by itself: after {@code -DmaxDuration} when given, else the profile's length plus a grace for in-flight journeys. */
    public Duration maxDuration() {
        String given = System.getProperty("maxDuration");
        if (given != null && !given.isBlank()) return duration("maxDuration", given.trim());
        Duration planned = switch (profile) {
            case SMOKE -> Duration.ZERO;
            case LOAD, SOAK, STEP -> warmUp.plus(duration);
            case STRESS -> duration;
            case SPIKE -> Duration.ofSeconds(120);
            case STAIRS -> duration.plusSeconds(5).multipliedBy(steps);
            case TRACE -> Duration.ofSeconds(traceRates().length);
        };
        return planned.plusSeconds(60);
    }

    // --- parsing ----------------------------------------------------------------------------------

    static String property(String name, String fallback) {
        return valueOr(System.getProperty(name), fallback);
    }

    /** A parameter's value, trimmed; {@code fallback} when it was not given or is blank. */
    static String valueOr(String value, String fallback) {
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

    /** Any HTTP answer will do (even 404): it proves something listens there. */
    public static void requireReachable(String url) {
        try {
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build()
                    .send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Invalid("baseUrl", "reachable", url + ": interrupted");
        } catch (Exception e) {
            throw new Invalid("baseUrl", "reachable", url + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        }
    }

    static double positive(String name, String value) {
        try {
            double number = Double.parseDouble(value);
            if (number > 0 && Double.isFinite(number)) return number;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new Invalid(name, "a number above 0", value);
    }

    static double percent(String name, String value) {
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
}
