package org.lmsharness.simulations.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.lmsharness.simulations.Profile;

/**
 * What the harness hands a simulation for one run, typed. Gatling simulations read system
 * properties ({@code Load}, {@code LmsWorkload}, {@code WriteLedger}): this is the one place that
 * writes them, so the capacity search, the chaos experiments and the tests cannot spell one two ways.
 */
public final class SimulationParameters {

    private final Map<String, String> properties = new LinkedHashMap<>();

    private SimulationParameters(Profile profile, double journeysPerSecond, Duration warmUp, Duration duration, List<String> baseUrls) {
        properties.put("profile", profile.label());
        properties.put("rate", Double.toString(journeysPerSecond));
        properties.put("warmUp", warmUp.toMillis() + "ms");
        properties.put("duration", duration.toMillis() + "ms");
        properties.put("baseUrl", String.join(",", baseUrls));
    }

    /** The capacity search's: one constant rate from the first arrival, {@code warmUp} then {@code window}. */
    public static SimulationParameters step(double journeysPerSecond, Duration warmUp, Duration window, List<String> baseUrls) {
        return new SimulationParameters(Profile.STEP, journeysPerSecond, warmUp, window, baseUrls);
    }

    /** A ramp over {@code warmUp} to a constant rate held for {@code duration}. */
    public static SimulationParameters load(double journeysPerSecond, Duration warmUp, Duration duration, List<String> baseUrls) {
        return new SimulationParameters(Profile.LOAD, journeysPerSecond, warmUp, duration, baseUrls);
    }

    /** Any profile: smoke runs each journey once, the others inject {@code journeysPerSecond}. */
    public static SimulationParameters profile(Profile profile, double journeysPerSecond, Duration warmUp, Duration duration, List<String> baseUrls) {
        return new SimulationParameters(profile, journeysPerSecond, warmUp, duration, baseUrls);
    }

    /**
     * The trace profile: arrivals follow {@code journeysPerSecond}, one rate per second, written to {@code file} for the
     * simulation to read.
     */
    public static SimulationParameters trace(double[] journeysPerSecond, Path file, List<String> baseUrls) {
        StringBuilder lines = new StringBuilder();
        for (double rate : journeysPerSecond) lines.append(rate).append('\n');
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, lines);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(file + ": cannot write the trace", e);
        }
        SimulationParameters parameters = new SimulationParameters(Profile.TRACE, 1, Duration.ofSeconds(1), Duration.ofSeconds(journeysPerSecond.length), baseUrls);
        parameters.properties.put("trace", file.toAbsolutePath().toString());
        return parameters;
    }

    /** stress: the rate its ramp ends at. */
    public SimulationParameters maxRate(double journeysPerSecond) {
        properties.put("maxRate", Double.toString(journeysPerSecond));
        return this;
    }

    /** stairs: how many levels, and the rate each adds. */
    public SimulationParameters stairs(int steps, double journeysPerSecondPerStep) {
        properties.put("steps", Integer.toString(steps));
        properties.put("stepRate", Double.toString(journeysPerSecondPerStep));
        return this;
    }

    /** The SLO the simulation asserts: p95 and p99 in ms, failed requests in percent. */
    public SimulationParameters slo(double p95Millis, double p99Millis, double errorPercent) {
        properties.put("slo.p95", Long.toString(Math.round(p95Millis)));
        properties.put("slo.p99", Long.toString(Math.round(p99Millis)));
        properties.put("slo.errorPercent", Double.toString(errorPercent));
        return this;
    }

    /** The LMS simulation's accounts: the users.csv a booted deployment exported into its dataset folder, when there is one. */
    public SimulationParameters usersFrom(Path datasetFolder) {
        Path users = datasetFolder == null ? null : datasetFolder.resolve("users.csv");
        if (users != null && Files.isReadable(users)) properties.put("users", users.toString());
        return this;
    }

    /** The LMS simulation as a duet: one side per base URL, in order, each with the whole profile at the same instants (LmsWorkload). */
    public SimulationParameters sides(List<String> names) {
        properties.put("sides", String.join(",", names));
        return this;
    }

    /** The simulation's own parameters as the user gave them ({@code -P name=value}), checked by the command line. */
    public SimulationParameters given(Map<String, String> parameters) {
        properties.putAll(parameters);
        return this;
    }

    /** The LMS simulation's journey mix, e.g. {@code browse:40,student:40,enrolAndPay:10,instructor:10}. */
    public SimulationParameters mix(String mix) {
        properties.put("mix", mix);
        return this;
    }

    /** With several edges, the clients probe each and fail over between them. */
    public SimulationParameters clientFailover(boolean failOver) {
        properties.put("clientFailover", Boolean.toString(failOver));
        return this;
    }

    /** The file where the simulation writes one line per acknowledged write. */
    public SimulationParameters ledger(Path file) {
        properties.put("ledger", file.toString());
        return this;
    }

    /** A request still open this long fails rather than keeps the run waiting. */
    public SimulationParameters requestTimeout(Duration timeout) {
        properties.put("gatling.http.requestTimeout", Long.toString(timeout.toMillis()));
        return this;
    }

    /** The run stops after this long whatever is still running. */
    public SimulationParameters maxDuration(Duration limit) {
        properties.put("maxDuration", limit.toMillis() + "ms");
        return this;
    }

    /** As system properties, for {@link GatlingRun}. */
    Map<String, String> systemProperties() {
        return Map.copyOf(properties);
    }
}
