package org.lmsharness.capacity;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.lmsharness.reports.run.Slo;
import org.lmsharness.reports.thresholds.ScalingInputs;
import org.lmsharness.topology.BootOptions;

/**
 * The capacity run's parameters, each an option of {@code lms-harness capacity} with its default,
 * checked there before anything boots.
 *
 * @param preset          topology preset to boot (ignored with baseUrls)
 * @param backend         auto (containers when Docker answers, else local processes), local or containers
 * @param boot            how the back end boots the preset: images, fault proxies (off unless asked: they bend the figures)
 * @param monitoring      start Prometheus beside the run
 * @param baseUrls        an existing deployment to measure instead of booting one; empty: boot the preset
 * @param simulation      the Gatling simulation class that generates the load
 * @param simulationParameters its own parameters as given ({@code -P}, e.g. the LMS mix), handed to every step; capacity.json records the mix
 * @param maxReplicas     largest replica count to search; 0: as many as this host can honestly run
 * @param cpus            CPU quota per replica in cores, overriding the preset's; empty: the preset's; several: instance sizes compared,
 *                        one replica of each searched
 * @param pricesPerHour   what an instance of each size costs an hour (cores → price), for the cost per million requests; may be empty
 * @param repeats         passes required at the capacity rate
 * @param forks           JVMs one replica's capacity is searched on, each alone (the replicas booted; more are booted if needed)
 * @param jitWarmUp       at most this much load before the first step, not measured, until the replicas' JIT settles
 * @param settle          at most this much load under the quota before each search, not measured, until the searched replicas' JIT settles there
 * @param warmUp          unmeasured start of each step
 * @param measure         measured window of each step
 * @param tolerance       the search narrows until the failing rate is within this fraction above the passing one
 * @param startRate       journeys per second of the first step
 * @param maxSteps        steps allowed per replica count
 * @param slo             the objective a step must meet
 * @param scaling         what the thresholds and the production model plan for: the peak, its growth, the zones, the database's cores
 * @param output          folder that holds the run folders and the {@code latest} link
 * @param history         the history file each run appends its record to (JSON lines; {@code lms-harness history} reads it)
 */
public record CapacitySettings(String preset, String backend, BootOptions boot, boolean monitoring, List<String> baseUrls, String simulation,
                               java.util.Map<String, String> simulationParameters, int maxReplicas, List<Double> cpus, java.util.Map<Double, Double> pricesPerHour,
                               int repeats, int forks, Duration jitWarmUp, Duration settle, Duration warmUp, Duration measure, double tolerance, double startRate, int maxSteps, Slo slo,
                               ScalingInputs scaling, Path output, Path history) {

    public static final String DEFAULT_SIMULATION = "org.lmsharness.simulations.LmsSimulation";

    public CapacitySettings {
        cpus = List.copyOf(cpus);
        simulationParameters = java.util.Map.copyOf(simulationParameters);
        pricesPerHour = java.util.Map.copyOf(pricesPerHour);
    }

    public boolean external() {
        return !baseUrls.isEmpty();
    }

    /** Several instance sizes to compare: one replica of each searched, instead of replica counts. */
    public boolean comparesSizes() {
        return cpus.size() > 1;
    }
}
