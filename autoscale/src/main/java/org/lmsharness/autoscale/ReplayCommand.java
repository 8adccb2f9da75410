package org.lmsharness.autoscale;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import org.lmsharness.autoscale.policy.ScalingPolicy;
import org.lmsharness.autoscale.policy.TimeScale;
import org.lmsharness.autoscale.replay.Advice;
import org.lmsharness.autoscale.replay.FleetModel;
import org.lmsharness.autoscale.replay.LoadTrace;
import org.lmsharness.autoscale.replay.Replay;
import org.lmsharness.autoscale.replay.Replayer;
import org.lmsharness.autoscale.replay.Sweep;
import org.lmsharness.common.Figures;
import org.lmsharness.reports.model.CapacityModel;
import org.lmsharness.reports.run.CapacityRun;
import org.lmsharness.reports.run.RunFiles;
import org.lmsharness.reports.thresholds.ScalingInputs;
import org.lmsharness.reports.thresholds.ScalingOptions;
import org.lmsharness.reports.thresholds.Thresholds;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code lms-harness replay <run-folder>}: the policies a capacity run derives, replayed against its production model over
 * load traces, faster than real time; nothing booted. Writes {@code autoscale/replay.json} and {@code autoscale/junit.xml}
 * (a test case per trace and policy, failed when the SLO broke) in the run folder.
 */
@Command(name = "replay", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Replays the scaling policies a capacity run derives (AWS target tracking, step scaling, the Kubernetes HPA) against the run's "
                + "production model over load traces, faster than real time, and says whether each kept the SLO, what it cost against an oracle "
                + "that knew the load, and, where the SLO broke, which change keeps it.",
                "Exit status: 0 every policy kept the SLO on every trace, 1 unreadable run data or unwritable folder, 2 bad input, "
                        + "3 a policy broke the SLO on a trace (everything is written all the same)."})
public class ReplayCommand implements Callable<Integer> {

    /** Exit status when a policy broke the SLO on a trace, as a chaos run whose hypothesis broke. */
    public static final int SLO_BROKEN = 3;

    static final String FOLDER = "autoscale";
    static final String REPLAY_JSON = "replay.json";
    static final String JUNIT_XML = "junit.xml";

    @Parameters(index = "0", paramLabel = "<run-folder>", description = "A capacity run's folder (it holds run.json).")
    Path runFolder;

    @Option(names = "--trace", paramLabel = "PROFILE|FILE", split = ",",
            description = "Load traces: spike, ramp, fall, day (built in, shaped around --peak-load), or a CSV of requests per minute (time,requests). "
                    + "Default: spike,ramp,fall,day.")
    List<String> traces = List.of("spike", "ramp", "fall", "day");

    @Option(names = "--peak-load", paramLabel = "REQUESTS/S",
            description = "The built-in profiles' peak, requests per second (default: the peak the thresholds plan for). A CSV keeps its own levels.")
    Double peakLoad;

    @Option(names = "--policy", paramLabel = "KIND", split = ",",
            description = "Policies to replay: target-tracking, step-scaling, hpa (default: every one the run derives).")
    List<String> policies = List.of("target-tracking", "step-scaling", "hpa");

    @Option(names = "--time-compression", paramLabel = "FACTOR", defaultValue = "1",
            description = "Divide alarm periods, cooldowns, sync periods and windows by this factor, as the live loop does to fit a scenario in minutes "
                    + "(boots and warm-ups are not compressed). Default: ${DEFAULT-VALUE}, production time.")
    double compression;

    @Option(names = "--sweep", description = "Also replay each policy over target values from 30 % to 100 % of a replica at capacity and name the cheapest that keeps the SLO.")
    boolean sweep;

    @Mixin
    ScalingOptions scaling;

    @Spec
    CommandSpec spec;

    /** The whole answer, as replay.json holds it. */
    public record Result(String run, String fleet, double compression, List<Entry> entries) {}

    /** One trace under one policy: its replay, and when the SLO broke, the changes tried. */
    public record Entry(String trace, String kind, Replay replay, Sweep sweep, List<Advice> advice) {}

    @Override
    public Integer call() {
        if (!Files.isRegularFile(runFolder.resolve(RunFiles.RUN_JSON))) throw usage(runFolder + ": no run.json here (give a capacity run's folder)");
        if (!(compression >= 1 && compression <= 60)) throw usage("--time-compression must be between 1 and 60, got " + Figures.of(compression));
        if (peakLoad != null && !(peakLoad > 0 && peakLoad <= 10_000_000)) throw usage("--peak-load must be a positive number of requests per second, got " + peakLoad);
        Set<String> kinds = new LinkedHashSet<>();
        for (String kind : policies) {
            if (!List.of("target-tracking", "step-scaling", "hpa").contains(kind)) throw usage("--policy: unknown kind " + kind + " (target-tracking, step-scaling, hpa)");
            kinds.add(kind);
        }
        ScalingInputs inputs = scaling.inputs(spec);
        CapacityRun run = RunFiles.readRun(runFolder);
        CapacityModel model = CapacityModel.of(run, inputs.databaseCores());
        Thresholds thresholds;
        FleetModel fleet;
        try {
            thresholds = Thresholds.derive(run, model, inputs);
            fleet = FleetModel.of(run, model);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new RunFiles.Unreadable(runFolder.resolve(RunFiles.RUN_JSON) + ": " + e.getMessage());
        }
        double peak = peakLoad != null ? peakLoad : thresholds.inputs().peakRequestsPerSecond();
        List<LoadTrace> loads = new ArrayList<>();
        for (String trace : traces) {
            LoadTrace.Profile profile = LoadTrace.Profile.of(trace);
            try {
                loads.add(profile != null ? LoadTrace.of(profile, peak) : LoadTrace.csv(Path.of(trace)));
            } catch (IllegalArgumentException e) {
                throw usage("--trace: " + e.getMessage());
            }
        }

        TimeScale time = new TimeScale(compression);
        Replayer replayer = new Replayer(fleet);
        PrintWriter out = spec.commandLine().getOut();
        out.println("fleet        " + fleet.describe());
        List<Entry> entries = new ArrayList<>();
        for (LoadTrace load : loads) {
            for (ScalingPolicy policy : DerivedPolicies.all(thresholds)) {
                if (!kinds.contains(policy.kind())) continue;
                int start = policy.minimum();
                Replay replay = replayer.replay(load, policy, time, start);
                Sweep swept = sweep || !replay.summary().sloKept() ? Sweep.of(replayer, fleet, load, policy, time, start) : null;
                List<Advice> advice = replay.summary().sloKept() ? List.of()
                        : Advice.of(fleet, load, policy, DerivedPolicies.stepScaling(thresholds), time, start, swept);
                entries.add(new Entry(load.name(), policy.kind(), replay, sweep ? swept : null, advice));
                out.println(line(load, policy, replay.summary()));
                if (sweep) out.println(String.format(Locale.ROOT, "  sweep      %s", swept.cheapest().map(p -> "cheapest target keeping the SLO " + Figures.of(p.target())
                        + ": " + Figures.of(p.replay().replicaMinutes()) + " replica-min").orElse("no target from 30 to 100 % kept the SLO")));
                for (Advice a : advice) {
                    out.println(String.format(Locale.ROOT, "  try        %s: %s, %s replica-min", a.change(),
                            a.replay().sloKept() ? "SLO kept" : "SLO broken in " + a.replay().windowsViolated() + " windows", Figures.of(a.replay().replicaMinutes())));
                }
            }
        }
        Result result = new Result(fleet.source(), fleet.describe(), compression, List.copyOf(entries));
        Path folder = runFolder.resolve(FOLDER);
        write(folder.resolve(REPLAY_JSON), RunFiles.JSON.writeValueAsString(result));
        write(folder.resolve(JUNIT_XML), JunitXml.of("autoscale-replay", entries.stream().map(e -> new JunitXml.Case(e.trace() + " / " + e.kind(),
                e.replay().summary().sloKept() ? null : "SLO broken in " + e.replay().summary().windowsViolated() + " of " + e.replay().summary().windows()
                        + " windows; " + e.replay().policy())).toList()));
        out.println("replay       " + folder.resolve(REPLAY_JSON));
        out.println("junit        " + folder.resolve(JUNIT_XML));
        out.flush();
        return entries.stream().allMatch(e -> e.replay().summary().sloKept()) ? 0 : SLO_BROKEN;
    }

    static String line(LoadTrace load, ScalingPolicy policy, Replay.Summary s) {
        return String.format(Locale.ROOT, "%-12s %-16s %s; %d out, %d in, up to %d replicas; %s replica-min (oracle %s, ×%.2f); longest short of capacity %s s",
                load.name(), policy.kind(), s.sloKept() ? "SLO kept in all " + s.windows() + " windows" : "SLO broken in " + s.windowsViolated() + " of " + s.windows() + " windows",
                s.scaleOuts(), s.scaleIns(), s.maxReplicas(), Figures.of(s.replicaMinutes()), Figures.of(s.oracleReplicaMinutes()), s.costOverOracle(),
                Figures.of(s.longestShortSeconds()));
    }

    /** Written whole or not at all: to a temporary file first, then moved into place. */
    static void write(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Path temporary = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
            Files.writeString(temporary, content);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot write", e);
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
