package org.lmsharness.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.lmsharness.gate.GateCommand;
import org.lmsharness.gate.GateSettings;
import org.lmsharness.gate.build.LmsBuild;
import org.lmsharness.topology.Artifacts;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code lms-harness gate}: the release gate, a candidate build against its baseline side by side (docs/gate.md). */
@Command(name = "gate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Boots the baseline and the candidate side by side, one replica each under the same quota with its own database, drives both "
                + "with the same load at the same instants in rounds at fractions of the baseline's capacity, and compares them round by round: "
                + "CPU per journey, p95 of all requests and of each frequent request, errors. With --baseline-url and --candidate-url it compares "
                + "two running deployments instead (latency and errors).",
                "Exit status: 0 pass, 1 regression (or failed while running), 2 bad input, 3 unknown (undecided within --max-rounds)."})
public final class Gate implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--baseline", paramLabel = "JAR|COMMIT",
            description = "The baseline: a Spring Boot jar of the LMS, or a commit of this repository (HEAD~1, a tag), built first in a worktree of its own "
                    + "(default: the last release tag; else the merge base with the upstream branch; else HEAD under uncommitted changes; else HEAD~1).")
    String baseline;

    @Option(names = "--candidate", paramLabel = "JAR|COMMIT",
            description = "The candidate, as --baseline (default: the LMS built with the harness, topology/target/artifacts/reference-app.jar).")
    String candidate;

    @Option(names = "--candidate-patch", paramLabel = "FILE",
            description = "A patch applied to the candidate's commit before it is built: what would this change cost? (gate/regressions has known regressions).")
    Path candidatePatch;

    @Option(names = "--baseline-url", paramLabel = "URL", description = "A running baseline deployment (e.g. blue staging) to compare instead of booting jars.")
    String baselineUrl;

    @Option(names = "--candidate-url", paramLabel = "URL", description = "A running candidate deployment (e.g. green staging).")
    String candidateUrl;

    @Mixin
    DeploymentOptions deployment;

    @Option(names = "--capacity", paramLabel = "JOURNEYS/S",
            description = "The baseline's capacity, journeys per second, that the levels are fractions of (default: measured at the end of the warm-up, "
                    + "its replica's quota over its CPU per journey, so that a level is the replica's utilisation; "
                    + "with URLs it is needed: a deployment the gate did not boot cannot be measured).")
    Double capacity;

    @Option(names = "--levels", paramLabel = "FRACTIONS", split = ",", defaultValue = "0.5,0.85",
            description = "Fractions of --capacity the rounds run at, each once per batch in a shuffled order (default: ${DEFAULT-VALUE}).")
    List<Double> levels;

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "8", description = "Rounds before the first verdict (default: ${DEFAULT-VALUE}; at least 6).")
    int rounds;

    @Option(names = "--max-rounds", paramLabel = "N", defaultValue = "12", description = "Rounds after which an undecided gate answers UNKNOWN (default: ${DEFAULT-VALUE}).")
    int maxRounds;

    @Option(names = "--warm-up", paramLabel = "DURATION", defaultValue = "300s", converter = Converters.DurationConverter.class,
            description = "At most this much load on both sides without their CPU quotas before the rounds, ending once both JVMs' JIT compilers "
                    + "use under 10 %% of their CPU (default: ${DEFAULT-VALUE}; 0s: none).")
    Duration warmUp;

    @Option(names = "--round", paramLabel = "DURATION", defaultValue = "20s", converter = Converters.DurationConverter.class,
            description = "One round: a sixth of ramp, then its measured window (default: ${DEFAULT-VALUE}).")
    Duration round;

    @Option(names = "--allowed-demand", paramLabel = "PCT", defaultValue = "5",
            description = "Rise in CPU per journey tolerated, percent (default: ${DEFAULT-VALUE}).")
    double allowedDemand;

    @Option(names = "--allowed-p95", paramLabel = "PCT", defaultValue = "10", description = "Rise in a p95 tolerated, percent (default: ${DEFAULT-VALUE}).")
    double allowedP95;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Order of the rounds; the same seed, the same order (default: ${DEFAULT-VALUE}).")
    long seed;

    @Mixin
    SloOptions slo;

    @Mixin
    OutputOptions output;

    @Mixin
    HistoryOption history;

    @Override
    public Integer call() throws Exception {
        GateCommand.Options options = options();
        if (!options.urls().isEmpty()) return GateCommand.run(options);
        return GateCommand.run(options.withJars(build(options, "baseline", baseline, null), build(options, "candidate", candidate, candidatePatch)));
    }

    /** The side's jar: as given, or built from a commit (kept under {@code <output>/builds}, so a second gate on the same commit reuses it). */
    private Path build(GateCommand.Options options, String side, String given, Path patch) throws java.io.IOException {
        Path jar = side.equals("baseline") ? options.baseline() : options.candidate();
        if (jar != null) return jar;
        String commit = LmsBuild.shortHash(ROOT, given);
        String name = commit + (patch == null ? "" : "-" + patch.getFileName().toString().replaceFirst("\\.patch$", "")) + ".jar";
        Path built = output.folder().resolve("builds").resolve(name);
        if (Files.isRegularFile(built)) {
            System.out.printf("gate: the %s is %s, built before: %s%n", side, given, built);
            return built;
        }
        System.out.printf("gate: building the %s at %s%s…%n", side, commit, patch == null ? "" : " with " + patch.getFileName());
        return LmsBuild.build(ROOT, given, patch, built);
    }

    /** The repository the commits are of: where the harness runs (bin/lms-harness starts it in the project's root). */
    private static final Path ROOT = Path.of("").toAbsolutePath();

    GateCommand.Options options() {
        Checks.within(spec, "--rounds", rounds, 6, 100);
        Checks.within(spec, "--max-rounds", maxRounds, rounds, 200);
        Checks.within(spec, "--round", round, Duration.ofMinutes(10));
        if (round.toSeconds() < 6) throw new ParameterException(spec.commandLine(), "--round must be at least 6s, got " + round.toMillis() + "ms");
        if (!warmUp.isZero()) Checks.within(spec, "--warm-up", warmUp, Duration.ofHours(1));
        Checks.within(spec, "--allowed-demand", allowedDemand, 0, 1000);
        Checks.within(spec, "--allowed-p95", allowedP95, 0, 1000);
        for (double level : levels) Checks.within(spec, "--levels", level, 0.05, 1.5);
        List<String> urls = urls();
        if (capacity != null) Checks.within(spec, "--capacity", capacity, 0.1, 10_000);
        if (capacity == null && !urls.isEmpty()) {
            // Measured here: 10 journeys/s saturated a replica of half a core warmed 90 s under its quota in half the rounds.
            throw new ParameterException(spec.commandLine(), "--capacity is needed with --baseline-url: the gate cannot measure the capacity of a deployment it did not boot");
        }
        double journeys = capacity != null ? capacity : GateSettings.FROM_DEMAND;
        GateSettings settings = new GateSettings(journeys, levels, rounds, maxRounds, warmUp, round, allowedDemand / 100, allowedP95 / 100, 0.95,
                GateSettings.DEFAULTS.minRequests(), slo.slo(spec), seed);
        if (!urls.isEmpty()) return new GateCommand.Options(null, null, urls, null, deployment.backend, null, settings, output.folder(), history.file(output));
        if (baseline == null) {
            if (candidate != null) throw new ParameterException(spec.commandLine(), "--candidate needs --baseline: the default baseline is chosen against the working tree");
            try {
                LmsBuild.Baseline chosen = LmsBuild.defaultBaseline(ROOT);
                System.out.printf("gate: the baseline is %s, %s (--baseline chooses another)%n", chosen.ref(), chosen.why());
                baseline = chosen.ref();
            } catch (LmsBuild.Failed e) {
                throw ExitException.badInput(e.getMessage());
            }
        }
        if (candidatePatch != null) {
            if (candidate == null) throw new ParameterException(spec.commandLine(), "--candidate-patch needs --candidate COMMIT to apply it to");
            if (!Files.isReadable(candidatePatch)) throw ExitException.badInput("--candidate-patch " + candidatePatch + ": no such file");
            if (Files.isRegularFile(Path.of(candidate))) throw ExitException.badInput("--candidate-patch applies to a commit, not to a jar: --candidate " + candidate);
            candidatePatch = candidatePatch.toAbsolutePath();
        }
        return new GateCommand.Options(jarOrNull("--baseline", baseline), candidate == null ? Artifacts.referenceApp() : jarOrNull("--candidate", candidate),
                List.of(), deployment.preset(Capacity.DEFAULT_PRESET), deployment.backend, deployment.boot(false, java.util.Optional.empty()), settings,
                output.folder(), history.file(output));
    }

    /** A jar given as a file (checked now), or null for a commit to build; neither is refused now, before anything is built or booted. */
    private static Path jarOrNull(String option, String given) {
        Path path = Path.of(given);
        if (Files.isRegularFile(path)) return Checks.springBootJar(option, path);
        if (LmsBuild.isCommit(ROOT, given)) return null;
        throw ExitException.badInput(option + " " + given + " is neither a jar nor a commit of " + ROOT);
    }

    private List<String> urls() {
        if (baselineUrl == null && candidateUrl == null) return List.of();
        if (baselineUrl == null || candidateUrl == null) throw new ParameterException(spec.commandLine(), "--baseline-url and --candidate-url go together");
        if (baseline != null || candidate != null || deployment.preset != null) {
            throw new ParameterException(spec.commandLine(), "--baseline-url and --candidate-url compare running deployments: --baseline, --candidate and --preset do not apply");
        }
        List<String> urls = new ArrayList<>();
        for (String url : List.of(baselineUrl, candidateUrl)) {
            if (!url.matches(Checks.HTTP_URL)) throw ExitException.badInput("a gate URL must be an http URL such as http://127.0.0.1:8080, got '" + url + "'");
            urls.add(url.replaceFirst("/+$", ""));
        }
        return urls;
    }
}
