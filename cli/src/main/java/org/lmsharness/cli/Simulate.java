package org.lmsharness.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.lmsharness.capacity.measure.StepWindow;
import org.lmsharness.common.Figures;
import org.lmsharness.reports.run.Slo;
import org.lmsharness.simulations.Profile;
import org.lmsharness.simulations.run.GatlingRun;
import org.lmsharness.simulations.run.LoadGenerator;
import org.lmsharness.simulations.run.SimulationLog;
import org.lmsharness.simulations.run.SimulationParameters;
import org.lmsharness.topology.BootOptions;
import org.lmsharness.topology.Deployment;
import org.lmsharness.topology.preset.Preset;
import org.lmsharness.topology.ReplicaBoot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lms-harness simulate}: one run of a simulation under one injection profile, as
 * {@code gatling:test} runs it, against a deployment this command boots (and tears down) or one given
 * by its URLs. Simulations only speak HTTP: booting is the harness's part.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs a simulation once under an injection profile (smoke: every journey once) against a deployment it boots from a preset, "
                + "or against --base-url, and judges the simulation's SLO assertions as gatling:test does; then tears the deployment down.",
                "Default preset: single-box. Exit status: 0 the assertions held, 1 failed while running, 2 bad input, 3 the assertions broke."})
public final class Simulate implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DeploymentOptions deployment;

    @Mixin
    TargetOptions target;

    @Mixin
    SimulationOptions simulation;

    @Option(names = "--profile", paramLabel = "NAME", defaultValue = "smoke", converter = Converters.ProfileConverter.class,
            description = "smoke (every journey once), load, stress, spike, soak, stairs or step (docs/simulations.md; default: ${DEFAULT-VALUE}).")
    Profile profile;

    @Option(names = "--rate", paramLabel = "JOURNEYS/S", defaultValue = "5",
            description = "New journeys per second (load, soak, step; the base of spike, the start of stairs; default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--duration", paramLabel = "DURATION", defaultValue = "60s", converter = Converters.DurationConverter.class,
            description = "Length of the main phase (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--warm-up", paramLabel = "DURATION", defaultValue = "10s", converter = Converters.DurationConverter.class,
            description = "Ramp before the main phase (load, soak; default: ${DEFAULT-VALUE}).")
    Duration warmUp;

    @Option(names = "--max-rate", paramLabel = "JOURNEYS/S", defaultValue = "50", description = "stress: the rate the ramp ends at (default: ${DEFAULT-VALUE}).")
    double maxRate;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "5", description = "stairs: how many levels (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--step-rate", paramLabel = "JOURNEYS/S", defaultValue = "5", description = "stairs: the rate each level adds (default: ${DEFAULT-VALUE}).")
    double stepRate;

    @Mixin
    SloOptions slo;

    @Mixin
    OutputOptions output;

    static final String DEFAULT_PRESET = "single-box";

    @Override
    public Integer call() throws Exception {
        List<String> urls = target.urls(spec);
        checkLoad();
        Slo objective = slo.slo(spec);
        if (!urls.isEmpty() && deployment.preset != null) throw ExitException.badInput("--base-url drives a deployment as it is: --preset does not apply to it");
        target.requireAnswers(urls);
        BootOptions boot = deployment.boot(BootOptions.DEFAULTS.faultProxies(), BootOptions.DEFAULTS.toxiproxyServer());
        simulation.apply();
        Preset preset = urls.isEmpty() ? deployment.preset(DEFAULT_PRESET) : null;
        Path folder = output.folder().resolve(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now())
                + "-simulate-" + profile.label());
        if (preset == null) return run(parameters(urls, objective), objective, folder);
        System.out.printf("simulate: booting %s (%s)%n", preset.name(), deployment.backend.label());
        long started = System.nanoTime();
        try (Deployment booted = deployment.backend.start(preset, ReplicaBoot.QUOTA_LIFTED_UNTIL_READY, boot)) {
            System.out.printf("simulate: %s up in %.1f s%n", preset.name(), (System.nanoTime() - started) / 1e9);
            SimulationParameters onIt = parameters(booted.clientUrls(), objective).usersFrom(booted.datasetDir())
                    .clientFailover(booted.edgeUrl().isPresent() && booted.clientUrls().size() > 1);
            return run(onIt, objective, folder);
        }
    }

    /** The load options checked, once, before anything starts: each within its bounds, the highest rate one the load generator can produce. */
    private void checkLoad() {
        if (profile == Profile.TRACE) throw ExitException.badInput("--profile trace follows a file of rates that lms-harness autoscale writes; give another profile");
        Checks.within(spec, "--rate", rate, 0.01, 1_000_000);
        Checks.within(spec, "--max-rate", maxRate, 0.01, 1_000_000);
        Checks.within(spec, "--step-rate", stepRate, 0.01, 1_000_000);
        Checks.within(spec, "--steps", steps, 1, 100);
        Checks.within(spec, "--duration", duration, Duration.ofHours(24));
        Checks.within(spec, "--warm-up", warmUp, Duration.ofHours(1));
        double highest = switch (profile) {
            case STRESS -> maxRate;
            case SPIKE -> rate * 10;
            case STAIRS -> rate + (steps - 1) * stepRate;
            default -> rate;
        };
        String tooFast = profile == Profile.SMOKE ? null : LoadGenerator.refusedBecause(highest, simulation.requestsPerJourney());
        if (tooFast != null) throw ExitException.badInput("--profile " + profile.label() + " reaches " + Checks.plain(highest) + " journeys/s: " + tooFast);
    }

    /** The run's parameters against these URLs (options checked by {@link #checkLoad}). */
    private SimulationParameters parameters(List<String> urls, Slo objective) {
        return SimulationParameters.profile(profile, rate, warmUp, duration, urls).maxRate(maxRate).stairs(steps, stepRate)
                .slo(objective.p95Millis(), objective.p99Millis(), objective.errorPercent()).given(simulation.properties);
    }

    private int run(SimulationParameters parameters, Slo objective, Path folder) {
        System.out.printf("simulate: %s, profile %s; Gatling's results in %s%n", simulation.simulation, profile.label(), folder);
        GatlingRun.Outcome outcome = GatlingRun.runAsserted(simulation.simulation, parameters, folder, "lms-harness simulate");
        SimulationLog log = outcome.log();
        long from = log.requests().stream().mapToLong(SimulationLog.Request::start).min().orElse(0);
        long to = log.requests().stream().mapToLong(SimulationLog.Request::start).max().orElse(from) + 1;
        StepWindow run = StepWindow.of(log, from, to, List.of(), objective);
        System.out.printf(Locale.ROOT, "simulate: %s requests in %s journeys, %s failed (%.2f %%); p50 %s ms, p95 %s ms, p99 %s ms, max %s ms%n",
                Figures.of(run.requests()), Figures.of(log.journeyStarts().size()), Figures.of(run.failed()),
                run.requests() == 0 ? 0 : 100.0 * run.failed() / run.requests(), Figures.of(run.client().p50()), Figures.of(run.client().p95()),
                Figures.of(run.client().p99()), Figures.of(run.client().max()));
        if (!run.errors().isEmpty()) {
            System.out.println("simulate: failures: " + run.errors().entrySet().stream().map(e -> e.getValue() + " × " + e.getKey()).collect(Collectors.joining("; ")));
        }
        String bar = profile == Profile.SMOKE ? "no request may fail"
                : String.format(Locale.ROOT, "p95 ≤ %s ms, p99 ≤ %s ms, errors ≤ %s %%", Checks.plain(objective.p95Millis()), Checks.plain(objective.p99Millis()),
                        Checks.plain(objective.errorPercent()));
        System.out.println("simulate: the simulation's assertions " + (outcome.assertionsHeld() ? "held" : "broke") + " (" + bar + ")");
        return outcome.assertionsHeld() ? 0 : 3;
    }
}
