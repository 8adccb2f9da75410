package org.lmsharness.autoscale;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import org.lmsharness.autoscale.loop.LiveLoop;
import org.lmsharness.autoscale.policy.ScalingPolicy;
import org.lmsharness.autoscale.policy.TimeScale;
import org.lmsharness.autoscale.replay.Advice;
import org.lmsharness.autoscale.replay.Agreement;
import org.lmsharness.autoscale.replay.FleetModel;
import org.lmsharness.autoscale.replay.LoadTrace;
import org.lmsharness.autoscale.replay.Replay;
import org.lmsharness.autoscale.replay.Replayer;
import org.lmsharness.autoscale.replay.Sweep;
import org.lmsharness.common.Figures;
import org.lmsharness.reports.run.RunFiles;
import org.lmsharness.reports.thresholds.ScalingInputs;
import org.lmsharness.reports.thresholds.ScalingOptions;
import org.lmsharness.reports.thresholds.ThresholdFiles;
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
 * load traces, faster than real time; nothing booted. Writes {@code autoscale/replay.json}, {@code autoscale/replay.html}
 * and {@code autoscale/junit.xml} (a test case per trace and policy, failed when the SLO broke) in the run folder, and when a
 * derived policy broke the SLO, {@code autoscale/recommended/}: the threshold files again with the targets that kept it.
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
    static final String RECOMMENDED = "recommended";

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

    @Option(names = "--min", paramLabel = "N",
            description = "Minimum capacity of every policy replayed, as the live loop's --min: to compare with it, or to try a higher one (default: the thresholds' minimum).")
    Integer min;

    @Option(names = "--max", paramLabel = "N", description = "Maximum capacity of every policy replayed, as the live loop's --max (default: the thresholds' maximum).")
    Integer max;

    @Option(names = "--sweep", description = "Print, for each trace and policy, the cheapest target value from 30 %% to 100 %% of a replica at capacity that keeps "
            + "the SLO (the sweep always runs: it makes the recommendation).")
    boolean sweep;

    @Option(names = "--group", paramLabel = "NAME", defaultValue = "lms",
            description = "Auto Scaling group / deployment name written into the recommended threshold files (default: ${DEFAULT-VALUE}).")
    String group;

    @Mixin
    ScalingOptions scaling;

    @Spec
    CommandSpec spec;

    /**
     * The whole answer, as replay.json (and the live loop's autoscale.json) holds it.
     *
     * @param agreement for the live loop, how closely the replayer followed it; null for a replay
     * @param harness   for the live loop, the harness's own CPU in each window; empty for a replay
     */
    public record Result(String run, String fleet, double compression, List<Entry> entries, Agreement agreement, List<LiveLoop.HarnessCpu> harness) {}

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
        if (min != null && !(min >= 1 && min <= 1000)) throw usage("--min must be between 1 and 1000, got " + min);
        if (max != null && !(max >= 1 && max <= 1000)) throw usage("--max must be between 1 and 1000, got " + max);
        if (min != null && max != null && max < min) throw usage("--max must be at least --min, got " + max + " and " + min);
        ScalingInputs inputs = scaling.inputs(spec);
        // A user's traces are read before the run, so that a bad file is refused before anything is computed.
        List<Object> traceSources = new ArrayList<>();
        for (String trace : traces) {
            LoadTrace.Profile profile = LoadTrace.Profile.of(trace);
            try {
                traceSources.add(profile != null ? profile : LoadTrace.csv(Path.of(trace)));
            } catch (IllegalArgumentException e) {
                throw usage("--trace: " + e.getMessage());
            }
        }
        DerivedRun derived = DerivedRun.read(runFolder, inputs);
        Thresholds thresholds = derived.thresholds();
        FleetModel fleet = derived.fleet();
        double peak = peakLoad != null ? peakLoad : thresholds.inputs().peakRequestsPerSecond();
        TimeScale time = new TimeScale(compression);
        List<LoadTrace> loads = traceSources.stream().map(source -> source instanceof LoadTrace.Profile profile ? LoadTrace.of(profile, peak, time) : (LoadTrace) source).toList();

        Replayer replayer = new Replayer(fleet);
        PrintWriter out = spec.commandLine().getOut();
        out.println("fleet        " + fleet.describe());
        List<Entry> entries = new ArrayList<>();
        for (LoadTrace load : loads) {
            for (ScalingPolicy derivedPolicy : DerivedPolicies.all(thresholds)) {
                if (!kinds.contains(derivedPolicy.kind())) continue;
                ScalingPolicy policy = capacity(derivedPolicy);
                int start = replayer.startReplicas(load, policy);
                Replay replay = replayer.replay(load, policy, time, start);
                Sweep swept = Sweep.of(replayer, fleet, load, policy, time, start);
                List<Advice> advice = replay.summary().sloKept() ? List.of()
                        : Advice.of(fleet, load, policy, DerivedPolicies.stepScaling(thresholds), time, start, swept);
                entries.add(new Entry(load.name(), policy.kind(), replay, swept, advice));
                out.println(line(load, policy, replay.summary()));
                if (sweep) out.println(String.format(Locale.ROOT, "  sweep      %s", swept.cheapest().map(p -> "cheapest target keeping the SLO " + Figures.of(p.target())
                        + ": " + Figures.of(p.replay().replicaMinutes()) + " replica-min").orElse("no target from 30 to 100 % kept the SLO")));
                for (Advice a : advice) {
                    out.println(String.format(Locale.ROOT, "  try        %s: %s, %s replica-min", a.change(),
                            a.replay().sloKept() ? "SLO kept" : "SLO broken in " + a.replay().windowsViolated() + " windows", Figures.of(a.replay().replicaMinutes())));
                }
            }
        }
        Path folder = runFolder.resolve(FOLDER);
        Thresholds recommended = recommend(thresholds, entries, out);
        if (recommended != thresholds) {
            try {
                ThresholdFiles.write(folder.resolve(RECOMMENDED), recommended, group);
            } catch (IllegalArgumentException e) {
                throw usage("--group: " + e.getMessage());
            }
            out.println("recommended  files in " + folder.resolve(RECOMMENDED) + " (as thresholds/, with the targets the replay keeps the SLO with)");
        }
        AutoscaleFiles.write(folder, REPLAY_JSON, "autoscale-replay", new Result(fleet.source(), fleet.describe(), compression, List.copyOf(entries), null, List.of()),
                fleet, time);
        out.println("replay       " + folder.resolve(REPLAY_JSON));
        out.println("page         " + folder.resolve(AutoscaleFiles.REPLAY_HTML));
        out.println("junit        " + folder.resolve(AutoscaleFiles.JUNIT_XML));
        out.flush();
        return entries.stream().allMatch(e -> e.replay().summary().sloKept()) ? 0 : SLO_BROKEN;
    }

    /** The policy with --min and --max where given; a bound given alone moves the other when they would cross. */
    private ScalingPolicy capacity(ScalingPolicy policy) {
        if (min == null && max == null) return policy;
        int low = min != null ? min : Math.min(policy.minimum(), max);
        int high = max != null ? max : Math.max(policy.maximum(), low);
        return policy.withCapacity(low, high);
    }

    /**
     * Per kind, the highest target of the sweeps that kept the SLO on every trace replayed: the cheapest safe value. The same
     * thresholds when every derived policy kept the SLO (nothing to recommend), else with that target.
     */
    static Thresholds recommend(Thresholds thresholds, List<Entry> entries, PrintWriter out) {
        Thresholds recommended = thresholds;
        for (String kind : List.of("target-tracking", "hpa")) {
            List<Entry> ofKind = entries.stream().filter(e -> e.kind().equals(kind)).toList();
            if (ofKind.isEmpty() || ofKind.stream().allMatch(e -> e.replay().summary().sloKept())) continue;
            java.util.OptionalDouble safe = ofKind.get(0).sweep().points().stream().mapToDouble(Sweep.Point::target)
                    .filter(target -> ofKind.stream().allMatch(e -> e.sweep().points().stream()
                            .anyMatch(p -> p.target() == target && p.replay().sloKept())))
                    .max();
            String traces = String.join(", ", ofKind.stream().map(Entry::trace).toList());
            if (safe.isEmpty()) {
                out.println("recommended  " + kind + ": no target from 30 to 100 % of a replica at capacity keeps the SLO on every trace (" + traces
                        + "): raise the minimum or add a step policy (the tries above)");
                continue;
            }
            String why = "the highest target of the replay's sweep that kept the SLO on every trace replayed (" + traces + ")";
            if (kind.equals("target-tracking")) recommended = recommended.withRequestTarget(safe.getAsDouble(), why);
            else recommended = recommended.withHpaTarget((int) safe.getAsDouble(), why);
            out.println(String.format(Locale.ROOT, "recommended  %s: %s, which keeps the SLO on every trace (derived %s)", kind, Figures.of(safe.getAsDouble()),
                    Figures.of(kind.equals("target-tracking") ? thresholds.requestsPerTargetPerMinute() : thresholds.hpa().cpuAverageUtilization())));
        }
        return recommended;
    }

    static String line(LoadTrace load, ScalingPolicy policy, Replay.Summary s) {
        return String.format(Locale.ROOT, "%-12s %-16s %s; %d out, %d in, up to %d replicas; %s replica-min (oracle %s, ×%.2f); longest short of capacity %s s",
                load.name(), policy.kind(), s.sloKept() ? "SLO kept in all " + s.windows() + " windows" : "SLO broken in " + s.windowsViolated() + " of " + s.windows() + " windows",
                s.scaleOuts(), s.scaleIns(), s.maxReplicas(), Figures.of(s.replicaMinutes()), Figures.of(s.oracleReplicaMinutes()), s.costOverOracle(),
                Figures.of(s.longestShortSeconds()));
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
