package org.lmsharness.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.lmsharness.autoscale.AutoscaleFiles;
import org.lmsharness.autoscale.DerivedPolicies;
import org.lmsharness.autoscale.DerivedRun;
import org.lmsharness.autoscale.ReplayCommand;
import org.lmsharness.autoscale.loop.LiveLoop;
import org.lmsharness.autoscale.policy.ScalingPolicy;
import org.lmsharness.autoscale.policy.TimeScale;
import org.lmsharness.autoscale.replay.Agreement;
import org.lmsharness.autoscale.replay.FleetModel;
import org.lmsharness.autoscale.replay.LoadTrace;
import org.lmsharness.autoscale.replay.Replay;
import org.lmsharness.autoscale.replay.Replayer;
import org.lmsharness.capacity.CapacityCommand;
import org.lmsharness.capacity.CapacitySettings;
import org.lmsharness.capacity.measure.CpuSampler;
import org.lmsharness.common.Figures;
import org.lmsharness.reports.model.CapacityModel;
import org.lmsharness.reports.run.CapacityRun;
import org.lmsharness.reports.run.RunFiles;
import org.lmsharness.reports.thresholds.ScalingOptions;
import org.lmsharness.reports.thresholds.Thresholds;
import org.lmsharness.simulations.run.GatlingRun;
import org.lmsharness.simulations.run.SimulationLog;
import org.lmsharness.simulations.run.SimulationParameters;
import org.lmsharness.topology.BootOptions;
import org.lmsharness.topology.Deployment;
import org.lmsharness.topology.ReplicaBoot;
import org.lmsharness.topology.preset.Preset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lms-harness autoscale}: a scaling policy derived by a capacity run, applied for real to a deployment it boots, under a
 * load trace Gatling drives; then the same policy replayed over the load Gatling offered, and the two compared window by window.
 */
@Command(name = "autoscale", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Boots a deployment with the replicas the trace's first second needs (at least the policy's minimum), drives it along a load trace (an exam-start spike by default) with "
                + "Gatling, and lets a scaling policy derived by a capacity run (AWS target tracking or step scaling, as AWS applies them) add and "
                + "remove replicas as the edge's request counts say; then judges the SLO window by window, replays the same policy over the load "
                + "offered, and says how closely the replay followed the real loop.",
                "Exit status: 0 the SLO held in every window, 1 failed while running, 2 bad input, 3 the SLO broke."})
public final class Autoscale implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--capacity-run", paramLabel = "DIR",
            description = "The capacity run whose thresholds and production model are used (default: the latest under --output).")
    Path capacityRun;

    @Option(names = "--policy", paramLabel = "KIND", defaultValue = "target-tracking",
            description = "target-tracking or step-scaling (on the edge's requests per target), or hpa (a Kubernetes HPA on the replicas' CPU, percent of"
                    + " their quota), as the capacity run derived it (default: ${DEFAULT-VALUE}).")
    String policy;

    @Option(names = "--trace", paramLabel = "PROFILE|FILE", defaultValue = "spike",
            description = "spike, ramp or fall (built in, shaped around --peak-load, holds compressed with the policy's clock), or a CSV of requests per minute (default: ${DEFAULT-VALUE}).")
    String trace;

    @Option(names = "--peak-load", paramLabel = "REQUESTS/S",
            description = "The built-in trace's peak, requests per second (default: what --max replicas carry at 85 %% of one replica's capacity).")
    Double peakLoad;

    @Option(names = "--time-compression", paramLabel = "FACTOR", defaultValue = "6",
            description = "Divide alarm periods, cooldowns and windows (and the trace's holds) by this factor so the scenario takes minutes; boots are not compressed (default: ${DEFAULT-VALUE}).")
    double compression;

    @Option(names = "--min", paramLabel = "N", defaultValue = "1", description = "Minimum capacity: replicas never removed, and at least as many booted (default: ${DEFAULT-VALUE}).")
    int min;

    @Option(names = "--max", paramLabel = "N", defaultValue = "3", description = "Maximum capacity: no more replicas than this host can honestly run (default: ${DEFAULT-VALUE}).")
    int max;

    @Option(names = "--target", paramLabel = "VALUE",
            description = "Another target value for the policy (requests per target per minute; for step scaling the scale-out alarm's threshold; for hpa"
                    + " the CPU utilisation, percent): to try a change.")
    Double target;

    @Option(names = "--warm-up", paramLabel = "SECONDS",
            description = "Another instance warm-up for the policy, seconds (default: the capacity run's measured time to ready).")
    Double warmUp;

    @Mixin
    DeploymentOptions deployment;

    @Mixin
    ScalingOptions scaling;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() throws Exception {
        Checks.within(spec, "--time-compression", compression, 1, 60);
        Checks.within(spec, "--min", min, 1, 8);
        Checks.within(spec, "--max", max, 1, 8);
        if (max < min) throw ExitException.badInput("--max must be at least --min, got " + max + " and " + min);
        if (!List.of("target-tracking", "step-scaling", "hpa").contains(policy)) {
            throw ExitException.badInput("--policy must be target-tracking, step-scaling or hpa, got " + policy);
        }
        if (target != null) Checks.within(spec, "--target", target, 1, 1_000_000);
        if (warmUp != null) Checks.within(spec, "--warm-up", warmUp, 0, 3600);
        if (peakLoad != null) Checks.within(spec, "--peak-load", peakLoad, 0.1, 100_000);
        TimeScale time = new TimeScale(compression);
        LoadTrace.Profile profile = LoadTrace.Profile.of(trace);
        if (profile == LoadTrace.Profile.DAY) throw ExitException.badInput("--trace day lasts 24 hours even compressed: lms-harness replay replays it");
        LoadTrace fromFile = null;
        if (profile == null) {
            try {
                fromFile = LoadTrace.csv(Path.of(trace));
            } catch (IllegalArgumentException e) {
                throw ExitException.badInput("--trace: " + e.getMessage());
            }
        }
        Path runFolder = capacityRun != null ? capacityRun : output.folder().resolve("latest");
        if (!Files.isRegularFile(runFolder.resolve(RunFiles.RUN_JSON))) throw ExitException.badInput(runFolder + ": no run.json (give --capacity-run, a capacity run's folder)");
        DerivedRun derived = DerivedRun.read(runFolder, scaling.inputs(spec));
        CapacityRun run = derived.run();
        CapacityModel model = derived.model();
        Thresholds thresholds = derived.thresholds();
        FleetModel fleet = derived.fleet();
        ScalingPolicy derivedPolicy = switch (policy) {
            case "step-scaling" -> DerivedPolicies.stepScaling(thresholds);
            case "hpa" -> DerivedPolicies.hpa(thresholds);
            default -> DerivedPolicies.targetTracking(thresholds);
        };
        ScalingPolicy chosen = derivedPolicy.withCapacity(min, max);
        if (target != null) chosen = chosen.withTarget(target);
        if (warmUp != null) chosen = chosen.withWarmup(warmUp);
        double peak = peakLoad != null ? peakLoad : Math.floor(0.85 * max * fleet.capacity());
        LoadTrace load = fromFile != null ? fromFile : LoadTrace.of(profile, peak, time);
        double requestsPerJourney = model.forked().medianRequestsPerSecond() / model.forked().medianJourneysPerSecond();

        Preset preset = deployment.preset("capacity");
        int start = new Replayer(fleet).startReplicas(load, chosen);
        preset = preset.withReplicas(start, preset.replicas().cpus());
        BootOptions boot = deployment.boot(BootOptions.DEFAULTS.faultProxies(), BootOptions.DEFAULTS.toxiproxyServer());
        Path folder = output.folder().resolve(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now()) + "-autoscale");
        System.out.printf("autoscale: %s%nautoscale: %s, %s s at ×%s compression, peak %s req/s; booting %s (%s) with %d replica%s%n", chosen.describe(),
                load.name(), Figures.of(load.durationSeconds()), Figures.of(compression), Figures.of(load.peak()), preset.name(), deployment.backend.label(), start,
                start == 1 ? "" : "s");
        LiveLoop.Result result;
        try (Deployment booted = deployment.backend(boot).start(preset, ReplicaBoot.AT_QUOTA, boot)) {
            warm(booted, fleet, requestsPerJourney, folder);
            // Gatling's run sends System.out to its own log: the scaling events go to the console as they happen.
            PrintStream console = System.out;
            result = LiveLoop.run(booted, chosen, time, load, requestsPerJourney, fleet, CapacitySettings.DEFAULT_SIMULATION, run.slo(), folder,
                    line -> console.println("autoscale: " + line));
        }
        ReplayCommand.Entry live = new ReplayCommand.Entry("live", chosen.kind(), result.live(), null, List.of());
        ReplayCommand.Entry modelled = new ReplayCommand.Entry("model", chosen.kind(), result.model(), null, List.of());
        AutoscaleFiles.write(folder, "autoscale.json", "autoscale", new ReplayCommand.Result(fleet.source(), fleet.describe(), compression,
                List.of(live, modelled), result.agreement(), result.harness()), fleet, time);
        print("live ", result.live().summary());
        print("model", result.model().summary());
        Agreement a = result.agreement();
        System.out.printf(Locale.ROOT, "autoscale: the model against the live loop over %d windows: replicas off by %.2f on average (at most %d), the same SLO verdict in %.0f %%"
                        + " of windows, first scale-out %s; scale-outs %d live, %d modelled%n", a.windows(), a.meanReplicaError(), a.maxReplicaError(),
                100 * a.verdictAgreement(), a.firstScaleOutSeconds() == null ? "not in both" : String.format(Locale.ROOT, "%+.0f s", a.firstScaleOutSeconds()),
                a.realScaleOuts(), a.modelScaleOuts());
        LiveLoop.HarnessCpu harness = LiveLoop.HarnessCpu.peak(result.harness());
        System.out.println(harness.missing() != null ? "autoscale: the harness's CPU: " + harness.missing() : String.format(Locale.ROOT,
                "autoscale: the harness's CPU, at most in a window: load generator %.2f core, edge %.2f, database %.2f; host %.0f %% busy",
                harness.loadGenerator(), harness.edge(), harness.database(), 100 * harness.hostBusy()));
        result.problems().forEach(problem -> System.out.println("autoscale: warning: " + problem));
        System.out.println("autoscale: page " + folder.resolve(AutoscaleFiles.REPLAY_HTML));
        return result.live().summary().sloKept() ? 0 : 3;
    }

    /**
     * The fleet a scenario starts with has been in service, so it is warmed first, not measured. A JVM held to its quota compiles
     * for minutes while its CPU per journey falls five- to tenfold (817 → 38 ms over 3½ minutes in a capacity run's warm-up), and
     * the first live runs, warmed one minute under the quota, broke the SLO at under half a replica's capacity; three replicas
     * warmed 150 s without their quotas and then eight rounds under them still compiled at 31–40 % of a quota (docs/autoscale.md
     * run 9). So, as the capacity search warms: rounds of {@value #UNTHROTTLED_ROUND_SECONDS} s without the quotas, from
     * {@value #START_JOURNEYS} journeys/s and steered towards {@value CapacityCommand#WARM_UP_HOST_BUSY} of the host busy (at most ×2 a round, never
     * above what the replicas carry), until no replica's JIT compilers used more than {@value #SETTLED_COMPILING} of its CPU in a
     * round (at most {@value #UNTHROTTLED_ROUNDS} rounds); then, under the quotas, rounds of {@value #ROUND_SECONDS} s at half
     * until none used more than {@value #SETTLED_COMPILING} of its quota (at most {@value #SETTLE_ROUNDS}). Starting at half of
     * what three replicas carry instead (21.6 journeys/s) kept the host 100 % busy and their compilers at 40–71 % of their CPU
     * for three minutes: cold JVMs flooded with requests queue more to compile than they can. Replicas the policy launches
     * later start cold, as new instances do.
     */
    private static void warm(Deployment booted, FleetModel fleet, double requestsPerJourney, Path folder) {
        int replicas = booted.replicas().size();
        double carried = Math.max(0.5, replicas * fleet.capacity() / requestsPerJourney);
        System.out.printf(Locale.ROOT, "autoscale: warming %d replica%s, not measured: without their CPU quotas from %s journeys/s until their JIT"
                + " compilers settle, then under them at %s journeys/s%n", replicas, replicas == 1 ? "" : "s", Figures.of(Math.min(carried, START_JOURNEYS)),
                Figures.of(carried / 2));
        Map<String, Long> pids = new LinkedHashMap<>();
        booted.replicas().forEach(replica -> pids.put(replica.id(), booted.pid(replica.id())));
        try (CpuSampler cpu = new CpuSampler(pids, Set.of(), pids.keySet())) {
            boolean settled = false;
            try (Deployment.QuotasLifted lifted = booted.liftCpuQuotas()) {
                double rate = Math.min(carried, START_JOURNEYS);
                for (int round = 1; round <= UNTHROTTLED_ROUNDS && !settled; round++) {
                    CpuSampler.Usage usage = round(booted, cpu, rate, UNTHROTTLED_ROUND_SECONDS, folder.resolve("warm-up-" + round));
                    double worst = pids.keySet().stream().mapToDouble(id -> usage.of(id) <= 0 ? 1 : usage.compiling().getOrDefault(id, 0.0) / usage.of(id))
                            .max().orElse(1);
                    System.out.printf(Locale.ROOT, "autoscale: warm-up without the quotas, round %d at %s journeys/s: %s%n", round, Figures.of(rate),
                            usage.missing() != null ? "no CPU figures (" + usage.missing() + ")"
                                    : String.format(Locale.ROOT, "up to %.0f %% of a replica's CPU compiling, host %.0f %% busy", 100 * worst, 100 * usage.hostBusy()));
                    if (usage.missing() != null) continue;
                    settled = round > 1 && worst <= SETTLED_COMPILING;
                    rate = Math.min(carried, Math.max(START_JOURNEYS, CapacityCommand.steeredTowardsBusyHost(rate, usage.hostBusy())));
                }
            }
            if (!settled) System.out.println("autoscale: warning: the replicas' JIT compilers had not settled without their quotas");
            for (int round = 1; round <= SETTLE_ROUNDS; round++) {
                CpuSampler.Usage usage = round(booted, cpu, carried / 2, ROUND_SECONDS, folder.resolve("warm-up-settle-" + round));
                double worst = pids.keySet().stream().mapToDouble(id -> {
                    double quota = booted.cpuQuota(id);
                    return quota <= 0 ? 0 : usage.compiling().getOrDefault(id, 0.0) / quota;
                }).max().orElse(0);
                System.out.printf(Locale.ROOT, "autoscale: warm-up under the quotas, round %d: %s%n", round, usage.missing() != null
                        ? "no CPU figures (" + usage.missing() + ")" : String.format(Locale.ROOT, "up to %.0f %% of a replica's quota compiling", 100 * worst));
                if (usage.missing() == null && worst <= SETTLED_COMPILING) return;
            }
        }
        System.out.println("autoscale: warning: the replicas' JIT compilers had not settled when the warm-up ended: the first windows may meet them");
    }

    private static final int UNTHROTTLED_ROUND_SECONDS = 10;
    private static final int ROUND_SECONDS = 30;
    /** The first rate of the rounds without quotas, the capacity search's start rate. */
    private static final double START_JOURNEYS = 2;
    /** Share of a replica's CPU (without quotas), then of its quota, its JIT compilers may use in a round for the fleet to count as warm. */
    private static final double SETTLED_COMPILING = CapacityCommand.WARM_UP_JIT_SETTLED;
    private static final int UNTHROTTLED_ROUNDS = 30;
    private static final int SETTLE_ROUNDS = 4;

    /** One round of warm-up load; the replicas' CPU over its last two thirds (the first third ramps and compiles what the rate changed). */
    private static CpuSampler.Usage round(Deployment booted, CpuSampler cpu, double journeys, int seconds, Path folder) {
        long start = load(booted, journeys, seconds, folder).runStart();
        return cpu.usage(start + 1_000L * seconds / 3, start + 1_000L * seconds);
    }

    private static SimulationLog load(Deployment booted, double journeys, int seconds, Path folder) {
        return GatlingRun.run(CapacitySettings.DEFAULT_SIMULATION, SimulationParameters.step(journeys, Duration.ofSeconds(1), Duration.ofSeconds(seconds),
                booted.clientUrls()).usersFrom(booted.datasetDir()).maxDuration(Duration.ofSeconds(seconds + 15)), folder, "autoscale: warm-up");
    }

    private static void print(String which, Replay.Summary s) {
        System.out.printf(Locale.ROOT, "autoscale: %s %s; %d out, %d in, up to %d replicas; %s replica-min (oracle %s); longest short of capacity %s s%n", which,
                s.sloKept() ? "SLO kept in all " + s.windows() + " windows" : "SLO broken in " + s.windowsViolated() + " of " + s.windows() + " windows",
                s.scaleOuts(), s.scaleIns(), s.maxReplicas(), Figures.of(s.replicaMinutes()), Figures.of(s.oracleReplicaMinutes()), Figures.of(s.longestShortSeconds()));
    }
}
