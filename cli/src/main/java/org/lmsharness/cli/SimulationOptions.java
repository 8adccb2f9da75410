package org.lmsharness.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.lmsharness.capacity.CapacitySettings;
import org.lmsharness.simulations.Load;
import org.lmsharness.simulations.LmsWorkload;
import picocli.CommandLine.Option;

/**
 * The simulation that generates the load, and its own parameters, checked here before any load
 * starts; they reach the simulation through {@code SimulationParameters#given}, with the harness's.
 */
final class SimulationOptions {

    /** Set by the harness for every step (profile, rate, target, SLO, windows): not the user's to give. */
    static final List<String> SET_BY_THE_HARNESS = List.of("profile", "rate", "baseUrl", "warmUp", "duration", "maxDuration", "maxRate", "steps",
            "stepRate", "trace", "slo.p95", "slo.p99", "slo.errorPercent");
    /** The LMS simulation's own parameters ({@link LmsWorkload}). */
    static final List<String> LMS_PARAMETERS = List.of("mix", "students", "instructors", "paidCourses", "password", "users", "clientFailover");

    @Option(names = "--simulation", paramLabel = "CLASS", defaultValue = CapacitySettings.DEFAULT_SIMULATION,
            description = "The Gatling simulation class that generates the load (default: ${DEFAULT-VALUE}).")
    String simulation;

    @Option(names = {"-P", "--simulation-property"}, paramLabel = "NAME=VALUE",
            description = "A parameter of the simulation, e.g. -P mix=browse:50,student:50,enrolAndPay:0,instructor:0 (the LMS simulation's: "
                    + "mix, students, instructors, paidCourses, password, users, clientFailover).")
    Map<String, String> properties = new LinkedHashMap<>();

    boolean lms() {
        return simulation.equals(CapacitySettings.DEFAULT_SIMULATION);
    }

    /** Checks the class and the parameters (the LMS simulation's fully). */
    void apply() {
        if (!simulation.matches("[\\p{L}_$][\\p{L}\\p{N}_$]*(\\.[\\p{L}_$][\\p{L}\\p{N}_$]*)*")) {
            throw ExitException.badInput("--simulation must be a class name such as " + CapacitySettings.DEFAULT_SIMULATION + ", got '" + simulation + "'");
        }
        try {
            Class.forName(simulation, false, SimulationOptions.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw ExitException.badInput("--simulation: no class " + simulation + " on the class path (put it under simulations/src/main/java)");
        }
        for (String name : properties.keySet()) {
            if (SET_BY_THE_HARNESS.contains(name)) throw ExitException.badInput("-P " + name + " is set by the harness for every step; see --help for its option");
            if (lms() && !LMS_PARAMETERS.contains(name)) {
                throw ExitException.badInput("-P " + name + " is not a parameter of the LMS simulation; it takes " + String.join(", ", LMS_PARAMETERS));
            }
        }
        if (lms()) {
            try {
                LmsWorkload.from(properties::get);
            } catch (Load.Invalid e) {
                throw ExitException.badInput("-P " + e.getMessage());
            }
        }
    }

    /** Requests per journey, for the load generator's limit: the LMS mix's as measured, one for a simulation we do not know. */
    double requestsPerJourney() {
        return lms() ? LmsWorkload.REQUESTS_PER_JOURNEY : 1;
    }
}
