package org.lmsharness.cli;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.lmsharness.capacity.CapacityCommand;
import org.lmsharness.capacity.CapacitySettings;
import org.lmsharness.common.Figures;
import org.lmsharness.reports.thresholds.ScalingInputs;
import org.lmsharness.reports.thresholds.ScalingOptions;
import org.lmsharness.simulations.run.LoadGenerator;
import org.lmsharness.topology.BootOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code lms-harness capacity}: the main job (docs/capacity.md). */
@Command(name = "capacity", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Boots a deployment, finds the highest load one, two, three … replicas sustain within the SLO, fits the scale-out model, "
                + "derives scaling thresholds and writes the report; then tears the deployment down. With --base-url it measures that deployment "
                + "as it is and boots nothing.", "Default preset: capacity. Exit status: 0 done, 1 failed while running, 2 bad input."})
public final class Capacity implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DeploymentOptions deployment;

    @Mixin
    TargetOptions target;

    @Mixin
    FaultProxyOption faultProxy;

    @Mixin
    SimulationOptions simulation;

    @Option(names = "--replicas", paramLabel = "N", defaultValue = "0",
            description = "Largest replica count to search; 0: as many as this host can honestly run (default: ${DEFAULT-VALUE}).")
    int replicas;

    @Option(names = "--cpus", paramLabel = "CORES", split = ",", defaultValue = "0",
            description = "CPU quota per replica, cores; 0: the preset's (default: ${DEFAULT-VALUE}). Several (0.25,0.5,1) compare instance sizes: "
                    + "one replica of each is searched, on --forks JVMs each, and sizes.html sets them side by side.")
    List<Double> cpus;

    @Option(names = "--price-per-hour", paramLabel = "CORES=PRICE", split = ",",
            description = "With several --cpus: what an instance of each size costs an hour (0.5=0.0208,1=0.0416), for the cost per million requests.")
    Map<Double, Double> pricesPerHour = new LinkedHashMap<>();

    @Option(names = "--repeats", paramLabel = "N", defaultValue = "3", description = "Passes required at the capacity rate (default: ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--forks", paramLabel = "N", defaultValue = "3",
            description = "JVMs one replica's capacity is searched on, each alone, as JMH forks: the report gives the median and the between-fork "
                    + "spread (default: ${DEFAULT-VALUE}; at most as many replicas as the host runs; 1 with --base-url).")
    int forks;

    @Option(names = "--jit-warm-up", paramLabel = "DURATION", defaultValue = "300s", converter = Converters.DurationConverter.class,
            description = "At most this much unmeasured load, without quotas, before the first step: it ends once the replicas' CPU per journey "
                    + "has settled and their JIT compilers use under a tenth of their CPU (default: ${DEFAULT-VALUE}).")
    Duration jitWarmUp;

    @Option(names = "--settle", paramLabel = "DURATION", defaultValue = "120s", converter = Converters.DurationConverter.class,
            description = "At most this much unmeasured load before each search, under the quota, at 80 %% of the rate expected to pass: it ends once "
                    + "the searched replicas' JIT compilers use under 3 %% of their CPU and their CPU per journey agrees with the round before "
                    + "within 5 %% (default: ${DEFAULT-VALUE}; 0s: none).")
    Duration settle;

    @Option(names = "--warm-up", paramLabel = "DURATION", defaultValue = "3s", converter = Converters.DurationConverter.class,
            description = "Unmeasured start of each step (default: ${DEFAULT-VALUE}).")
    Duration warmUp;

    @Option(names = "--measure", paramLabel = "DURATION", defaultValue = "6s", converter = Converters.DurationConverter.class,
            description = "Measured window of each step (default: ${DEFAULT-VALUE}).")
    Duration measure;

    @Option(names = "--tolerance", paramLabel = "FRACTION", defaultValue = "0.08",
            description = "Narrow until the failing rate is within this fraction above the passing one (default: ${DEFAULT-VALUE}).")
    double tolerance;

    @Option(names = "--start-rate", paramLabel = "JOURNEYS/S", defaultValue = "2", description = "Rate of the first step, journeys per second (default: ${DEFAULT-VALUE}).")
    double startRate;

    @Option(names = "--max-steps", paramLabel = "N", defaultValue = "16", description = "Steps allowed per replica count (default: ${DEFAULT-VALUE}).")
    int maxSteps;

    @Mixin
    SloOptions slo;

    @Mixin
    ScalingOptions scaling;

    @Mixin
    OutputOptions output;

    @Mixin
    HistoryOption history;

    @Mixin
    MonitoringOptions monitoring;

    /** The preset searched when none is given. */
    static final String DEFAULT_PRESET = "capacity";

    @Override
    public Integer call() {
        CapacitySettings settings = settings();
        target.requireAnswers(settings.baseUrls());
        simulation.apply();
        if (!settings.external()) deployment.preset(DEFAULT_PRESET); // a bad preset is refused now, not after the build of the run folder
        return CapacityCommand.run(settings);
    }

    /**
     * The quotas asked for: none (the preset's), one, or several sizes to compare. A size must leave this host
     * {@value CapacityCommand#HARNESS_RESERVE_CORES} core for the load generator, the edge and the database, or its figure would be theirs.
     */
    private List<Double> sizes() {
        if (cpus.size() == 1) {
            Checks.within(spec, "--cpus", cpus.get(0), 0, 64);
            if (!pricesPerHour.isEmpty()) throw new ParameterException(spec.commandLine(), "--price-per-hour needs several sizes in --cpus to compare");
            return cpus.get(0) == 0 ? List.of() : List.copyOf(cpus);
        }
        int cores = Runtime.getRuntime().availableProcessors();
        double largest = cores - CapacityCommand.HARNESS_RESERVE_CORES;
        for (double size : cpus) Checks.within(spec, "--cpus", size, 0.05, largest);
        if (cpus.stream().map(Figures::of).distinct().count() != cpus.size()) {
            throw new ParameterException(spec.commandLine(), "--cpus lists a size twice: " + cpus.stream().map(Figures::of).toList());
        }
        if (replicas > 1) throw new ParameterException(spec.commandLine(), "--replicas does not apply when --cpus compares sizes: one replica of each is searched");
        for (Map.Entry<Double, Double> price : pricesPerHour.entrySet()) {
            if (!cpus.contains(price.getKey())) throw new ParameterException(spec.commandLine(),
                    "--price-per-hour names " + Figures.of(price.getKey()) + " cores, which is not one of --cpus " + cpus.stream().map(Figures::of).toList());
            Checks.within(spec, "--price-per-hour", price.getValue(), 0, 1_000_000);
        }
        return cpus.stream().sorted().toList();
    }

    /** Every option checked and typed; nothing started yet. */
    CapacitySettings settings() {
        Checks.within(spec, "--replicas", replicas, 0, 64);
        List<Double> sizes = sizes();
        Checks.within(spec, "--repeats", repeats, 1, 20);
        Checks.within(spec, "--forks", forks, 1, 10);
        Checks.within(spec, "--jit-warm-up", jitWarmUp, Duration.ofHours(1));
        Checks.within(spec, "--settle", settle, Duration.ofHours(1));
        Checks.within(spec, "--warm-up", warmUp, Duration.ofHours(1));
        Checks.within(spec, "--measure", measure, Duration.ofHours(1));
        Checks.within(spec, "--tolerance", tolerance, 0.01, 0.5);
        Checks.within(spec, "--start-rate", startRate, 0.05, 1_000_000);
        Checks.within(spec, "--max-steps", maxSteps, 3 + repeats, 100);
        ScalingInputs planned = scaling.inputs(spec);
        List<String> urls = target.urls(spec);
        if (!urls.isEmpty() && (deployment.preset != null || replicas != 0 || !sizes.isEmpty())) {
            throw ExitException.badInput("--base-url measures a deployment as it is: --preset, --replicas and --cpus do not apply to it");
        }
        String tooFast = LoadGenerator.refusedBecause(startRate, simulation.requestsPerJourney());
        if (tooFast != null) throw ExitException.badInput("--start-rate " + tooFast);
        // Measured without fault proxies unless asked: on two cores each proxied hop costs CPU that
        // the replicas would otherwise get (docs/toxiproxy.md has the figure).
        BootOptions boot = faultProxy.boot(deployment, false);
        return new CapacitySettings(deployment.presetName(DEFAULT_PRESET), deployment.backend.label(), boot, monitoring.wanted(), urls, simulation.simulation, simulation.properties, replicas, sizes, pricesPerHour, repeats, forks,
                jitWarmUp, settle, warmUp, measure, tolerance, startRate, maxSteps, slo.slo(spec),
                planned, output.folder(), history.file(output));
    }
}
