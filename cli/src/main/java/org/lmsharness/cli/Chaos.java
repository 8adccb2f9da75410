package org.lmsharness.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.lmsharness.chaos.ChaosCommand;
import org.lmsharness.chaos.experiment.Catalogue;
import org.lmsharness.simulations.LmsWorkload;
import org.lmsharness.simulations.run.LoadGenerator;
import org.lmsharness.topology.BootOptions;
import org.lmsharness.topology.Release;
import org.lmsharness.topology.preset.Preset;
import org.lmsharness.topology.preset.Presets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lms-harness chaos}: the catalogue under load, or the single-point-of-failure audit (docs/chaos.md). */
@Command(name = "chaos", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Boots a preset with a fault proxy on every link and runs the chaos catalogue (or the experiments named) under a Gatling load "
                + "with writes, each checked against its steady-state hypothesis and against the database. With --audit it takes each component of "
                + "each preset down alone and says what survives, what degrades and what is a single point of failure.",
                "Default preset: multi-az. Exit status: 0 every hypothesis held (audit: every component measured), 3 a hypothesis broke, "
                        + "1 failed while running, 2 bad input."})
public final class Chaos implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DeploymentOptions deployment;

    @Option(names = "--experiments", paramLabel = "NAME", split = ",", defaultValue = "all",
            description = "all, or experiments of the catalogue separated by commas: " + "replica-slow, replica-freeze, replica-db-partition, db-latency, "
                    + "edge-bandwidth, payment-slow, payment-down, failed-release, rolling-update, self-healing, replica-crash, db-primary-loss, db-primary-loss-healed, db-primary-freeze-healed, "
                    + "db-both-lost, zone-outage, edge-loss "
                    + "(default: ${DEFAULT-VALUE}).")
    List<String> experiments = new ArrayList<>();

    @Option(names = "--release", paramLabel = "JAR",
            description = "The build rolling-update rolls out, a Spring Boot jar of the LMS, as a release named after its file "
                    + "(default: the deployment's own build, as release next).")
    Path release;

    @Option(names = "--audit", paramLabel = "PRESET", split = ",",
            description = "Run the single-point-of-failure audit of these presets instead (all: single-box, tiers, redundant-web, multi-az, dns-round-robin).")
    List<String> audit = new ArrayList<>();

    @Option(names = "--rate", paramLabel = "JOURNEYS/S",
            description = "Load under every experiment, journeys per second (default: --load-fraction of one replica's capacity in <output>/latest/capacity.json, "
                    + "else " + RateFromCapacityRun.DEFAULT_RATE + ").")
    Double rate;

    @Option(names = "--load-fraction", paramLabel = "FRACTION", defaultValue = "0.4",
            description = "Share of one replica's measured capacity to drive, without --rate (default: ${DEFAULT-VALUE}).")
    double loadFraction;

    @Mixin
    OutputOptions output;

    @Mixin
    MonitoringOptions monitoring;

    static final String DEFAULT_PRESET = "multi-az";

    @Override
    public Integer call() throws Exception {
        ChaosCommand.Settings settings = settings();
        System.out.printf("chaos: %s journeys/s%s%n", org.lmsharness.common.Figures.of(settings.rate()),
                rate == null ? " (from " + output.folder().resolve("latest/capacity.json") + " when there, else the default)" : "");
        return ChaosCommand.run(settings);
    }

    ChaosCommand.Settings settings() {
        // Network faults are toxics on the links' proxies: chaos always boots with them.
        BootOptions boot = deployment.boot(true, BootOptions.DEFAULTS.toxiproxyServer());
        Checks.within(spec, "--load-fraction", loadFraction, 0.01, 1);
        if (rate != null) Checks.within(spec, "--rate", rate, 0.01, 1_000_000);
        List<Preset> presets = new ArrayList<>();
        boolean audited = !audit.isEmpty();
        if (audited) {
            if (deployment.preset != null) throw ExitException.badInput("--audit names the presets it audits: --preset does not apply to it");
            for (String name : audit.contains("all") ? ChaosCommand.AUDITED : audit) presets.add(Presets.load(name.trim()));
        } else {
            presets.add(deployment.preset(DEFAULT_PRESET));
        }
        List<String> names = experiments.contains("all") ? Catalogue.NAMES : experiments.stream().map(String::trim).toList();
        for (String name : names) {
            if (!Catalogue.NAMES.contains(name)) throw ExitException.badInput("--experiments: no experiment named '" + name + "'"
                    + Suggestions.nearest(name, Catalogue.NAMES).map(near -> "; did you mean " + near + "?").orElse("; the catalogue: " + String.join(", ", Catalogue.NAMES)));
        }
        Release next = release == null ? Catalogue.NEXT_RELEASE : Release.ofJar(Checks.springBootJar("--release", release));
        double journeys = rate != null ? rate : RateFromCapacityRun.read(output.folder().resolve("latest").resolve("capacity.json"), loadFraction);
        String tooFast = LoadGenerator.refusedBecause(journeys, LmsWorkload.REQUESTS_PER_JOURNEY);
        if (tooFast != null) throw ExitException.badInput((rate != null ? "--rate " : "the rate from the last capacity run, ") + tooFast + "; give a lower --rate");
        return new ChaosCommand.Settings(presets, audited, deployment.backend(boot).label(), boot, names, next, journeys, monitoring.wanted(), output.folder());
    }
}
