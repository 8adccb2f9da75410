package org.lmsharness.maven;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * {@code lms-harness:capacity}: the capacity search, model, thresholds and report for the project's
 * simulation, against the project's deployment ({@code baseUrls}) or the LMS booted from a preset.
 * Every parameter is the command line's option of the same name (docs/capacity.md has the table).
 */
@Mojo(name = "capacity", defaultPhase = LifecyclePhase.INTEGRATION_TEST, requiresDependencyResolution = ResolutionScope.TEST, threadSafe = true)
public class CapacityMojo extends HarnessMojo {

    /** The simulation class, in the project's src/test/java. */
    @Parameter(property = "lms.simulation")
    String simulation;

    /** The deployment to measure, as it is; several edges allowed. Empty: boot the LMS from {@code preset}. */
    @Parameter(property = "lms.baseUrls")
    List<String> baseUrls = new ArrayList<>();

    /** How long to wait for {@code baseUrls} to answer before the first step (an app started just before, say). */
    @Parameter(property = "lms.waitForTarget")
    String waitForTarget;

    @Parameter(property = "lms.preset")
    String preset;

    @Parameter(property = "lms.backend")
    String backend;

    @Parameter(property = "lms.replicas")
    Integer replicas;

    /** CPU quota per replica, cores; several (0.25, 0.5, 1) compare instance sizes, one replica of each. */
    @Parameter(property = "lms.cpus")
    List<Double> cpus = new ArrayList<>();

    /** With several {@code cpus}: what an instance of each size costs an hour, each as CORES=PRICE (0.5=0.0208): a map's keys could not be numbers in XML. */
    @Parameter(property = "lms.pricesPerHour")
    List<String> pricesPerHour = new ArrayList<>();

    /** JVMs one replica's capacity is searched on, each alone. */
    @Parameter(property = "lms.forks")
    Integer forks;

    @Parameter(property = "lms.sloP95")
    Double sloP95;

    @Parameter(property = "lms.sloP99")
    Double sloP99;

    @Parameter(property = "lms.sloErrorPercent")
    Double sloErrorPercent;

    /** Parameters of the simulation (the command line's {@code -P name=value}). */
    @Parameter
    Map<String, String> simulationProperties = new LinkedHashMap<>();

    @Override
    String command() {
        return "capacity";
    }

    @Override
    boolean bootsTheLms() {
        return baseUrls.isEmpty();
    }

    @Override
    void addOptions(List<String> args) {
        option(args, "--simulation", simulation);
        option(args, "--base-url", baseUrls);
        option(args, "--wait-for-target", waitForTarget);
        option(args, "--preset", preset);
        option(args, "--backend", backend);
        option(args, "--replicas", replicas);
        option(args, "--cpus", cpus);
        option(args, "--price-per-hour", pricesPerHour);
        option(args, "--forks", forks);
        option(args, "--slo-p95", sloP95);
        option(args, "--slo-p99", sloP99);
        option(args, "--slo-error-percent", sloErrorPercent);
        simulationProperties(args, simulationProperties);
    }
}
