package org.lmsharness.capacity;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.lmsharness.capacity.search.CapacitySearch;
import org.lmsharness.common.Figures;
import org.lmsharness.common.Host;
import org.lmsharness.dashboards.Monitoring;
import org.lmsharness.reports.Reports;
import org.lmsharness.simulations.LmsWorkload;
import org.lmsharness.reports.model.SizeComparison;
import org.lmsharness.reports.run.CapacityRun;
import org.lmsharness.reports.run.Drift;
import org.lmsharness.reports.run.Conditions;
import org.lmsharness.reports.run.ReplicaSearch;
import org.lmsharness.reports.history.History;
import org.lmsharness.reports.run.RunFiles;
import org.lmsharness.reports.run.Step;
import org.lmsharness.reports.thresholds.ThresholdFiles;
import org.lmsharness.topology.Backend;
import org.lmsharness.topology.Deployment;
import org.lmsharness.topology.TopologyUnavailable;
import org.lmsharness.topology.ReplicaJvm;
import org.lmsharness.topology.preset.Preset;
import org.lmsharness.topology.preset.Presets;
import org.lmsharness.topology.ReplicaBoot;

/**
 * The main job: boot the preset with as many replicas as this host can honestly run, warm them,
 * search their capacity, remove one, search again … down to one replica; then the model, the
 * thresholds and the report, and teardown. With {@code --base-url} it measures that deployment as it is and boots nothing.
 * Parameters are {@link CapacitySettings}, the options of {@code lms-harness capacity}; the README shows the command.
 */
public final class CapacityCommand {

    /** Cores kept for what is not a replica: the load generator, the edge and the database. */
    public static final double HARNESS_RESERVE_CORES = 0.5;
    /** One round of the JIT warm-up, and how close two rounds' CPU per journey must be to call the replicas warm. */
    static final long WARM_UP_ROUND_MILLIS = 10_000;
    static final double WARM_UP_SETTLED = 0.05;
    /**
     * The largest share of a replica's CPU its JIT compiler may still use in a round for the replicas to count as warm:
     * a JVM still compiling spends part of its quota on it in the steps, and the recheck at the end of the search then
     * finds the same rate cheaper (searches drifted by 12 to 37 % after warm-ups whose CPU per journey had settled,
     * with the compiler still at 0.2 core of each replica's 0.4). Below the drift limit, so that what is left cannot
     * by itself make a search drift.
     */
    public static final double WARM_UP_JIT_SETTLED = 0.10;
    /** The host's busy share the warm-up steers for: as many journeys as it takes, short of saturating it. */
    public static final double WARM_UP_HOST_BUSY = 0.85;

    /**
     * The next warm-up round's rate: {@code rate} steered towards {@value #WARM_UP_HOST_BUSY} of the host busy, at most halved or
     * doubled in a round (the live autoscale warm-up steers its rounds the same way).
     */
    public static double steeredTowardsBusyHost(double rate, double hostBusy) {
        return rate * Math.max(0.5, Math.min(2, WARM_UP_HOST_BUSY / Math.max(0.01, hostBusy)));
    }
    /**
     * The settle before each search: the share of the rate expected to pass it is held at, and the largest share of a searched
     * replica's CPU its JIT compilers may use for the replica to count as settled under its quota. After the warm-up (no quota)
     * and after minutes frozen out of the edge, a JVM back under its quota compiled again: 150 to 200 methods and 20 to 35
     * deoptimisations a half-minute (contended locks, queues and pools taking paths the unthrottled warm-up never took), up to a
     * quarter of its CPU; its first steps cost 10 to 35 % more per journey than its last, and the forks' capacities spread by 15 %.
     */
    static final double SETTLE_LOAD = 0.8;
    static final double SETTLE_JIT = 0.03;

    private final CapacitySettings settings;
    private final long started = System.nanoTime();
    private final Progress progress;
    /** The JVM the booted replicas run, read from the first once booted; null for an external target. */
    private String replicaJvm;

    private CapacityCommand(CapacitySettings settings, int searches, CapacitySearch search) {
        this.settings = settings;
        this.progress = new Progress(settings, searches, search.typicalSteps(false), search.typicalSteps(true));
    }

    public static int run(CapacitySettings settings) {
        String noMonitoring = Monitoring.refusedBecause(settings.monitoring());
        if (noMonitoring != null) throw new TopologyUnavailable(noMonitoring);
        // An external target has no preset: nothing booted, its replica count not ours to change.
        Optional<Preset> loaded = settings.external() ? Optional.empty() : Optional.of(Presets.load(settings.preset()));
        int cores = Runtime.getRuntime().availableProcessors();
        if (settings.comparesSizes()) return compareSizes(settings, loaded.orElseThrow(() -> new IllegalArgumentException("sizes are compared on a deployment the run boots")));
        double quota = loaded.map(p -> settings.cpus().isEmpty() ? p.replicas().cpus() : settings.cpus().get(0)).orElse(0.0);
        int honest = loaded.isEmpty() ? 1 : Math.max(1, (int) Math.floor((cores - HARNESS_RESERVE_CORES) / quota + 1e-9));
        int counts = settings.external() ? 1 : settings.maxReplicas() == 0 ? honest : Math.min(settings.maxReplicas(), honest);
        // One replica is searched on each JVM booted (forks); more are booted when fewer counts are searched.
        int forks = settings.external() ? 1 : Math.min(settings.forks(), honest);
        int jvms = Math.max(counts, forks);
        Optional<Preset> preset = loaded.map(p -> searchedPreset(p, jvms, quota));
        String countReason = preset.map(p -> String.format("%d cores, %.2f kept for the load generator, edge and database, %.2f per replica → at most %d replicas%s",
                        cores, HARNESS_RESERVE_CORES, p.replicas().cpus(), honest,
                        settings.maxReplicas() > honest ? " (asked for " + settings.maxReplicas() + ")" : ""))
                .orElse("an existing deployment: measured as it is, replica counts are not changed");
        CapacitySearch search = searchOf(settings);
        return new CapacityCommand(settings, counts + forks - 1, search).execute(new Plan(preset, settings.boot(), counts, forks, List.of(quota), countReason), search);
    }

    /**
     * One replica of each size, {@code forks} JVMs of each, booted together (each under its own quota, its JVM sized for it),
     * warmed together, then each searched alone as the forks are: a comparison of instance sizes on one boot and one warm-up.
     */
    private static int compareSizes(CapacitySettings settings, Preset loaded) {
        List<Double> sizes = settings.cpus();
        int forks = settings.forks();
        List<Double> each = sizes.stream().flatMap(size -> java.util.Collections.nCopies(forks, size).stream()).toList();
        String reason = String.format("instance sizes compared: one replica of %s cores, %d %s of each", sizes.stream().map(Figures::of).collect(java.util.stream.Collectors.joining(", ")),
                forks, forks == 1 ? "JVM" : "JVMs (forks)");
        CapacitySearch search = searchOf(settings);
        Plan plan = new Plan(Optional.of(searchedPreset(loaded, each.size(), sizes.get(0))), settings.boot().withReplicaCores(each), 1, forks, sizes, reason);
        return new CapacityCommand(settings, each.size(), search).execute(plan, search);
    }

    private static CapacitySearch searchOf(CapacitySettings settings) {
        return new CapacitySearch(new CapacitySearch.Settings(settings.startRate(), settings.tolerance(), settings.repeats(), settings.maxSteps()));
    }

    /**
     * What the run boots and searches.
     *
     * @param preset the preset as booted (empty for a deployment that is not ours)
     * @param counts replica counts searched, from this one down to one
     * @param forks  JVMs one replica is searched on (of each size)
     * @param sizes  the replicas' quota (cores); several when instance sizes are compared, one replica of each searched
     */
    private record Plan(Optional<Preset> preset, org.lmsharness.topology.BootOptions boot, int counts, int forks, List<Double> sizes, String countReason) {
        boolean comparesSizes() {
            return sizes.size() > 1;
        }
    }

    private int execute(Plan plan, CapacitySearch search) {
        Optional<Preset> preset = plan.preset();
        int counts = plan.counts();
        int forks = plan.forks();
        String countReason = plan.countReason();
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now());
        Path runFolder = settings.output().resolve(stamp + "-" + preset.map(Preset::name).orElse("external"));
        List<String> warnings = new ArrayList<>();
        List<ReplicaSearch> searches = new ArrayList<>();
        List<Double> readySeconds = new ArrayList<>();
        Map<Double, List<String>> sizeWarnings = new LinkedHashMap<>();
        String backend = settings.external() ? "external" : chooseBackend();
        System.out.printf("capacity: %s on %s; %s%n", preset.map(p -> "preset " + p.name()).orElse(String.join(",", settings.baseUrls())), backend, countReason);
        System.out.printf("capacity: steps of %d s warm-up + %d s measured, capacity passed %s, SLO p95 ≤ %.0f ms, p99 ≤ %.0f ms, errors ≤ %.2f %%; run folder %s%n",
                settings.warmUp().toSeconds(), settings.measure().toSeconds(), settings.repeats() == 1 ? "once" : settings.repeats() + " times", settings.slo().p95Millis(), settings.slo().p99Millis(),
                settings.slo().errorPercent(), runFolder);
        if (!settings.external() && settings.maxReplicas() > counts) warnings.add("asked for " + settings.maxReplicas() + " replicas; " + countReason);
        if (!settings.external() && !plan.comparesSizes() && settings.forks() > forks) warnings.add("asked for " + settings.forks() + " forks; " + forks + " JVMs measured: " + countReason);

        Target target = new Target.External(settings.baseUrls());
        Monitoring monitoring = Monitoring.off();
        try {
            if (preset.isPresent()) {
                long boot = System.nanoTime();
                progress.phase("booting " + preset.get().name() + " (" + backend + ")");
                Deployment deployment = Backend.of(backend).start(preset.get(), ReplicaBoot.AT_QUOTA, plan.boot());
                target = new Target.Booted(deployment);
                warnings.addAll(deployment.warnings());
                replicaJvm = ReplicaJvm.of(deployment.replicas().get(0).metricsUrl()).orElse(null);
                if (deployment.faultProxies().isPresent()) {
                    warnings.add("a fault proxy on every link (--fault-proxy on): the figures include its CPU and latency");
                }
                progress.phase(String.format("booted in %.1f s: %s", seconds(boot), deployment.bootBreakdown()));
                // Every replica is started at boot (together: each held to its quota, they do not compete
                // for this host's cores, so each start is timed as if alone), all are warmed together,
                // then the counts are searched from the largest down, one replica removed between
                // searches: no search meets a replica colder than the search before did.
                for (Deployment.Replica replica : deployment.replicas()) readySeconds.add(deployment.readySeconds(replica.id()));
                progress.phase("replicas ready in " + readySeconds.stream().map(s -> String.format("%.1f s", s)).toList());
            }
            // --monitoring, with the last run's scaling rules if any: the edge dashboard draws its thresholds.
            Path lastRules = settings.output().resolve("latest/thresholds").resolve(ThresholdFiles.PROMETHEUS_RULES);
            monitoring = Monitoring.startIf(settings.monitoring(), target.deployment(), "capacity-" + stamp, runFolder.resolve("prometheus"),
                    Files.isReadable(lastRules) ? List.of(lastRules) : List.of());
            GatlingProbe probe = new GatlingProbe(settings, target, runFolder.resolve("steps"), progress::step, monitoring);
            double quota = target.quotaCores();
            int warmed = target.replicaIds().size();
            List<String> warmedIds = target.replicaIds();
            double warmedCores = target.deployment().map(d -> warmedIds.stream().mapToDouble(d::cpuQuota).sum()).orElse(0.0);
            Double saturation = warmUp(probe, target, Math.max(1, warmed), warmedCores, warnings);
            if (plan.comparesSizes()) {
                searches.addAll(searchSizes((Target.Booted) target, plan, search, probe, saturation == null ? null : saturation / warmedCores, sizeWarnings));
            } else {
                if (saturation != null && warmed > counts) saturation = saturation * counts / warmed;
                searches.addAll(searchCounts(target, counts, forks, search, probe, saturation, quota, warnings));
            }
        } catch (Exception e) {
            throw e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getMessage(), e);
        } finally {
            monitoring.close();
            if (target instanceof Target.Booted booted) {
                progress.phase("tearing down");
                booted.booted().close();
            }
        }
        if (plan.comparesSizes()) return writeSizes(runFolder, plan, backend, searches, readySeconds, warnings, sizeWarnings);
        warnInvalidSteps(searches, warnings);

        CapacityRun run = new CapacityRun(conditions(preset, backend, counts, countReason), settings.slo(), searches, readySeconds,
                seconds(started), warnings);
        RunFiles.writeJson(runFolder.resolve(RunFiles.RUN_JSON), run);
        Reports.Written written = Reports.write(runFolder, run, settings.scaling(), preset.map(p -> "lms-" + p.name()).orElse("lms"));
        RunFiles.linkLatest(settings.output(), runFolder);
        History.append(settings.history(), written.historyRecord(run, runFolder));
        System.out.println("capacity: one replica " + written.oneReplicaLine(run));
        written.productionLines().forEach(line -> System.out.println("capacity: " + line.replaceAll(" {2,}", " ")));
        System.out.printf("capacity: done in %s; report %s%n", Progress.clock(seconds(started)), runFolder.resolve("report.html"));
        return 0;
    }


    /**
     * One replica of each size alone, {@code plan.forks()} JVMs of each in boot order, the others frozen out of the edge.
     * A size's first fork starts from the warm-up's estimate scaled to its quota (the utilisation law), its others from the first's capacity.
     *
     * @param saturationPerCore journeys per second one core of quota would carry, from the warm-up; null when unknown
     */
    private List<ReplicaSearch> searchSizes(Target.Booted target, Plan plan, CapacitySearch search, GatlingProbe probe, Double saturationPerCore,
                                            Map<Double, List<String>> sizeWarnings) {
        List<String> jvms = target.replicaIds();
        List<ReplicaSearch> found = new ArrayList<>();
        for (int s = 0; s < plan.sizes().size(); s++) {
            double cores = plan.sizes().get(s);
            List<String> warnings = sizeWarnings.computeIfAbsent(cores, c -> new ArrayList<>());
            ReplicaSearch first = null;
            for (int fork = 1; fork <= plan.forks(); fork++) {
                String name = Figures.of(cores) + " cores" + (plan.forks() == 1 ? "" : ", fork " + fork);
                ReplicaSearch result = searchAlone(target, jvms.get(s * plan.forks() + fork - 1), name, fork, found.size(), search, probe, first,
                        saturationPerCore == null ? null : saturationPerCore * cores, cores, warnings);
                if (first == null) first = result;
                found.add(result);
            }
        }
        return found;
    }

    /**
     * Each size as a run folder of its own (its run.json, report and thresholds, as a run of that quota would write them), and
     * the comparison beside them. The {@code latest} link is left alone: it names a capacity of one size, which other commands read.
     */
    private int writeSizes(Path runFolder, Plan plan, String backend, List<ReplicaSearch> searches, List<Double> readySeconds, List<String> warnings,
                           Map<Double, List<String>> sizeWarnings) {
        List<SizeComparison.SizeRun> runs = new ArrayList<>();
        for (int s = 0; s < plan.sizes().size(); s++) {
            double cores = plan.sizes().get(s);
            List<ReplicaSearch> ofSize = searches.subList(s * plan.forks(), (s + 1) * plan.forks());
            List<String> own = new ArrayList<>(warnings);
            own.addAll(sizeWarnings.getOrDefault(cores, List.of()));
            warnInvalidSteps(ofSize, own);
            Optional<Preset> sized = plan.preset().map(p -> searchedPreset(p, plan.forks(), cores));
            CapacityRun run = new CapacityRun(conditions(sized, backend, 1, plan.countReason()), settings.slo(), ofSize,
                    readySeconds.isEmpty() ? List.of() : readySeconds.subList(s * plan.forks(), (s + 1) * plan.forks()), seconds(started), own);
            String folder = Figures.of(cores) + "-cores";
            Path sizeFolder = runFolder.resolve(folder);
            RunFiles.writeJson(sizeFolder.resolve(RunFiles.RUN_JSON), run);
            Reports.Written written = Reports.write(sizeFolder, run, settings.scaling(), plan.preset().map(p -> "lms-" + p.name()).orElse("lms") + "-" + folder.replace('.', '-'));
            History.append(settings.history(), written.historyRecord(run, sizeFolder)); // each size a series of its own: the quota is a condition
            String line = written.oneReplicaLine(run);
            System.out.printf("capacity: %s cores: one replica %s%n", Figures.of(cores), line);
            runs.add(new SizeComparison.SizeRun(cores, folder, run, line));
        }
        SizeComparison comparison = Reports.writeSizes(runFolder, runs, settings.pricesPerHour());
        comparison.answers().forEach(answer -> System.out.println("capacity: " + answer));
        System.out.printf("capacity: done in %s; sizes compared in %s%n", Progress.clock(seconds(started)), runFolder.resolve(Reports.SIZES_HTML));
        return 0;
    }

    private static void warnInvalidSteps(List<ReplicaSearch> searches, List<String> warnings) {
        searches.stream().flatMap(s -> s.steps().stream()).filter(step -> step.outcome() == Step.Outcome.INVALID)
                .forEach(step -> warnings.add("step " + step.index() + " not used: " + step.verdict().reason()));
    }

    /**
     * The replica counts from the largest down to one, one replica removed (frozen out of the edge) between searches,
     * then one replica on each other JVM booted (forks).
     *
     * @param saturation journeys per second that would use up the quotas of {@code counts} replicas; null when unknown
     */
    private List<ReplicaSearch> searchCounts(Target target, int counts, int forks, CapacitySearch search, GatlingProbe probe, Double saturation,
                                             double quota, List<String> warnings) {
        List<ReplicaSearch> searches = new ArrayList<>();
        CapacitySearch.Estimate estimate = new CapacitySearch.Estimate(null, saturation, counts == 1);
        List<String> jvms = target.replicaIds();
        for (int replicas = counts; replicas >= 1; replicas--) {
            if (target instanceof Target.Booted booted && booted.replicaIds().size() != replicas) {
                List<String> kept = jvms.subList(0, replicas);
                progress.phase("routing to " + String.join(", ", kept) + "; " + String.join(", ", jvms.subList(replicas, jvms.size()))
                        + " frozen out of the edge");
                booted.booted().routeOnly(Set.copyOf(kept));
            }
            progress.search(counts - replicas);
            settle(probe, target, replicas + (replicas == 1 ? " replica" : " replicas"), expected(estimate), warnings);
            ReplicaSearch result = search.run(replicas, probe, estimate, quota);
            if (replicas == 1) result = result.asFork(1, target.replicaIds().isEmpty() ? null : target.replicaIds().get(0));
            searches.add(0, result);
            progress.phase(replicas + (replicas == 1 ? " replica: " : " replicas: ") + result.verdict());
            if (result.drift() != null) {
                progress.phase("recheck: " + result.drift().describe());
                if (result.drift().drifted()) warnings.add(replicas + (replicas == 1 ? " replica: " : " replicas: ") + result.drift().describe());
            }
            // The next count down starts from this capacity per replica (or, without one, from the
            // warm-up's estimate); one replica also takes a low point for its model.
            boolean lowPoint = replicas == 2;
            if (result.capacity() != null) {
                estimate = new CapacitySearch.Estimate(result.capacity().journeysPerSecond() * (replicas - 1) / replicas, null, lowPoint);
            } else {
                warnings.add(replicas + (replicas == 1 ? " replica: " : " replicas: ") + result.verdict());
                estimate = new CapacitySearch.Estimate(null, saturation == null ? null : saturation * (replicas - 1) / counts, lowPoint);
            }
        }
        searches.addAll(1, otherForks(target, forks, counts, jvms, search, probe, searches.get(0), saturation, quota, warnings));
        return searches;
    }

    /**
     * One replica searched again on each other JVM booted, alone: forks 2 and on.
     *
     * @param saturation journeys per second that would use up the quotas of {@code counts} replicas; null when unknown
     */
    private List<ReplicaSearch> otherForks(Target target, int forks, int counts, List<String> jvms, CapacitySearch search, GatlingProbe probe,
                                           ReplicaSearch first, Double saturation, double quota, List<String> warnings) {
        List<ReplicaSearch> found = new ArrayList<>();
        if (!(target instanceof Target.Booted booted)) return found;
        for (int fork = 2; fork <= forks && fork <= jvms.size(); fork++) {
            found.add(searchAlone(booted, jvms.get(fork - 1), "1 replica, fork " + fork, fork, counts + fork - 2, search, probe, first,
                    saturation == null ? null : saturation / counts, quota, warnings));
        }
        return found;
    }

    /**
     * One replica searched alone on {@code jvm}, the other JVMs frozen out of the edge (a fork, as JMH runs them: each JVM
     * compiles its own way, and repeats within one JVM cannot show it). After the first fork of a size, it starts with a low
     * point at half the first's capacity (what its recheck compares against, and a low-concurrency point for the model), then
     * near that capacity; the first starts from the warm-up's estimate.
     *
     * @param index      the search's number in the run, for the progress line
     * @param saturation journeys per second that would use up this replica's quota, from the warm-up; null when unknown
     */
    private ReplicaSearch searchAlone(Target.Booted target, String jvm, String name, int fork, int index, CapacitySearch search, GatlingProbe probe,
                                      ReplicaSearch first, Double saturation, double cores, List<String> warnings) {
        progress.phase(String.format("%s: routing to %s alone; %s frozen out of the edge", name, jvm,
                String.join(", ", target.booted().replicas().stream().map(Deployment.Replica::id).filter(id -> !id.equals(jvm)).toList())));
        target.booted().routeOnly(Set.of(jvm));
        progress.search(index);
        CapacitySearch.Estimate estimate = first != null && first.capacity() != null
                ? new CapacitySearch.Estimate(first.capacity().journeysPerSecond(), null, true)
                : new CapacitySearch.Estimate(null, saturation, true);
        settle(probe, target, name + " (" + jvm + ")", expected(estimate), warnings);
        ReplicaSearch result = search.run(1, probe, estimate, cores).asFork(fork, jvm);
        progress.phase(name + " (" + jvm + "): " + result.verdict());
        if (result.capacity() == null) warnings.add(name + " (" + jvm + "): " + result.verdict());
        if (result.drift() != null && result.drift().drifted()) warnings.add(name + ": " + result.drift().describe());
        return result;
    }

    /**
     * Warms the JIT of every replica before the first step, and estimates by the utilisation law the
     * rate at which the replicas' quotas would be used up. A JVM held to half a core compiles for
     * minutes, its CPU per journey falling by half meanwhile; so the replicas run without their quota
     * while they warm (and get it back before any step), at as many journeys as the host takes: rounds
     * of {@value #WARM_UP_ROUND_MILLIS} ms from the start rate, each rate steered towards
     * {@value #WARM_UP_HOST_BUSY} of the host busy (at most ×2 a round, never below the start rate), until two rounds at about one
     * rate agree on the CPU per journey within {@value #WARM_UP_SETTLED} and no replica's JIT compiler
     * threads used more than {@value #WARM_UP_JIT_SETTLED} of its CPU in the last, or {@code jitWarmUp}
     * is spent. A round without CPU figures is not counted either way.
     * A deployment that is not ours has no CPU figures and no quota: rounds at the start rate until two
     * agree on the client's median latency within {@value Drift#LIMIT_PERCENT} % (a target still warming
     * its caches or JIT would make the first steps fail), or the budget is spent.
     *
     * @param cores the warmed replicas' quotas together (0: none, a deployment that is not ours)
     * @return journeys per second that would use up the quotas, null when unknown (no quota or CPU figures)
     */
    private Double warmUp(GatlingProbe probe, Target target, int replicas, double cores, List<String> warnings) {
        try (Deployment.QuotasLifted lifted = target.liftCpuQuotas()) {
            long budget = settings.jitWarmUp().toMillis();
            long round = roundMillis(budget);
            double rate = settings.startRate();
            GatlingProbe.WarmUpRound previous = null;
            double previousRate = 0;
            Double saturation = null;
            for (long spent = 0; spent + round <= budget; spent += round) {
                progress.phase(String.format("warming up %d %s (no quota): %s journeys/s for %d s, not measured%s",
                        replicas, replicas == 1 ? "replica" : "replicas", Figures.of(rate), round / 1000, previous == null || previous.cpuPerJourney() <= 0 ? ""
                                : "; the round before: " + previous.describe()));
                GatlingProbe.WarmUpRound measured = probe.warmUp("warm-up", replicas, rate, round);
                if (cores > 0 && measured.cpuPerJourney() <= 0) {
                    // A round without CPU figures says nothing either way: not a reason to stop.
                    progress.phase("warm-up round without CPU figures: " + measured.missing());
                    continue;
                }
                if (cores <= 0) {
                    if (previous != null && Math.abs(measured.p50Millis() / previous.p50Millis() - 1) <= Drift.LIMIT_PERCENT / 100) {
                        progress.phase(String.format("warm: median latency %s ms at %s journeys/s (%s ms the round before)",
                                Figures.of(measured.p50Millis()), Figures.of(rate), Figures.of(previous.p50Millis())));
                        return null;
                    }
                    previous = measured;
                    continue; // the same rate again: without CPU figures there is nothing to steer by
                }
                // By the utilisation law, on the CPU a journey costs without the compilers': compiling will stop, a cold round's
                // figure (a JIT at 90 % of the CPU) put the start rate at a tenth of what the replica takes. At least a tenth of the
                // whole, should the compilers have taken nearly all of it.
                saturation = cores / Math.max(measured.workPerJourney(), measured.cpuPerJourney() / 10);
                if (previous != null && Math.abs(rate / previousRate - 1) <= 0.15
                        && measured.settledAfter(previous, WARM_UP_SETTLED, WARM_UP_JIT_SETTLED)) {
                    progress.phase(String.format("warm: %.1f ms of replica CPU per journey (%.1f the round before), up to %.0f %% of a replica's CPU compiling;"
                                    + " the quotas would be used up at %s journeys/s",
                            1000 * measured.cpuPerJourney(), 1000 * previous.cpuPerJourney(), 100 * measured.compilingShare(), Figures.of(saturation)));
                    return saturation;
                }
                previous = measured;
                previousRate = rate;
                // Never below the start rate: a host busy with compiling is not helped by fewer journeys, and far below it (0.9
                // journeys/s) a round's window held too few journeys to date, so its CPU figures were missing round after round.
                rate = Math.max(settings.startRate(),
                        CapacitySearch.round(steeredTowardsBusyHost(rate, measured.hostBusy())));
            }
            if (saturation == null) {
                warnings.add(String.format("the warm-up (%d s) ended before the target's median latency settled: the first steps may still meet a target warming up",
                        budget / 1000));
                return null;
            }
            warnings.add(String.format("the warm-up (%d s) ended before the replicas' CPU per journey and JIT compilation settled (%.0f %% of a replica's"
                    + " CPU compiling in the last round): the first steps may still meet JIT compilation; a longer --jit-warm-up helps",
                    budget / 1000, 100 * previous.compilingShare()));
            progress.phase(String.format("warm-up spent: %.1f ms of replica CPU per journey in the last round, up to %.0f %% of a replica's CPU compiling;"
                    + " the quotas would be used up at %s journeys/s", 1000 * previous.cpuPerJourney(), 100 * previous.compilingShare(), Figures.of(saturation)));
            return saturation;
        }
    }

    /** Rounds of the warm-up and of a settle: {@value #WARM_UP_ROUND_MILLIS} ms, shorter for a small budget so that it holds two (one alone says nothing of settling). */
    private static long roundMillis(long budget) {
        return Math.min(WARM_UP_ROUND_MILLIS, Math.max(1_000, budget / 2));
    }

    /** Journeys per second a search is expected to pass: its hint, else 90 % of the rate that would use up the quotas; null when unknown. */
    private static Double expected(CapacitySearch.Estimate estimate) {
        if (estimate.hint() != null) return estimate.hint();
        return estimate.saturation() == null ? null : 0.9 * estimate.saturation();
    }

    /**
     * Holds the replicas about to be searched under their quotas at {@value #SETTLE_LOAD} of the rate they are expected to pass, not
     * measured, in rounds of up to {@value #WARM_UP_ROUND_MILLIS} ms (at least two), until in the last round no searched replica's JIT
     * compilers used more than {@value #SETTLE_JIT} of its CPU and the CPU per journey agrees with the round before within
     * {@value #WARM_UP_SETTLED}, or {@code --settle} is spent (a warning then). Nothing to settle without a quota or an expected rate.
     */
    private void settle(GatlingProbe probe, Target target, String name, Double expected, List<String> warnings) {
        long budget = settings.settle().toMillis();
        if (budget <= 0 || expected == null || target.quotaCores() <= 0) return;
        long round = roundMillis(budget);
        double rate = CapacitySearch.round(SETTLE_LOAD * expected);
        int replicas = target.replicaIds().size();
        GatlingProbe.WarmUpRound previous = null;
        GatlingProbe.WarmUpRound beforeThat = null;
        for (long spent = 0; spent + round <= budget; spent += round) {
            progress.phase(String.format("%s: settling under the quota, %s journeys/s for %d s, not measured%s", name, Figures.of(rate), round / 1000,
                    previous == null ? "" : "; the round before: " + previous.describe()));
            GatlingProbe.WarmUpRound measured = probe.warmUp("settle", replicas, rate, round);
            if (measured.cpuPerJourney() <= 0) {
                progress.phase("settle round without CPU figures: " + measured.missing());
                continue;
            }
            if (previous != null && measured.settledAfter(previous, WARM_UP_SETTLED, SETTLE_JIT)) {
                progress.phase(String.format("%s: settled after %d s: %.1f ms of replica CPU per journey (%.1f the round before), up to %.0f %% of a replica's CPU compiling",
                        name, (spent + round) / 1000, 1000 * measured.cpuPerJourney(), 1000 * previous.cpuPerJourney(), 100 * measured.compilingShare()));
                return;
            }
            beforeThat = previous;
            previous = measured;
        }
        String unsettled = previous == null ? "no round had CPU figures"
                : String.format("in the last round up to %.0f %% of a replica's CPU compiling, %.1f ms of replica CPU per journey%s", 100 * previous.compilingShare(),
                1000 * previous.cpuPerJourney(), beforeThat == null ? "" : String.format(" (%.1f the round before)", 1000 * beforeThat.cpuPerJourney()));
        warnings.add(String.format("%s: not settled under the quota after %d s (--settle): %s; its first steps may cost more per journey than its last",
                name, budget / 1000, unsettled));
        progress.phase(name + ": settle spent: " + unsettled);
    }

    /** The run's conditions; what an external target has no part of (a preset, quotas, a dataset) is left out of capacity.json. */
    private Conditions conditions(Optional<Preset> preset, String backend, int counts, String countReason) {
        return new Conditions(preset.map(Preset::name).orElse(String.join(",", settings.baseUrls())), backend,
                preset.map(Preset::name).orElse(null), preset.map(p -> p.replicas().cpus()).orElse(0.0), preset.map(p -> p.replicas().memoryMb()).orElse(0),
                preset.map(p -> p.replicas().jvmOptions()).orElse(null), replicaJvm, preset.map(Preset::dataset).orElse(null), settings.simulation(),
                settings.simulation().equals(CapacitySettings.DEFAULT_SIMULATION) ? settings.simulationParameters().getOrDefault("mix", LmsWorkload.DEFAULT_MIX) : "as the simulation defines it",
                Runtime.getRuntime().availableProcessors(),
                Host.cpuModel(), Host.jvm(), Host.commit(),
                DateTimeFormatter.ISO_INSTANT.format(Instant.now().minusNanos(System.nanoTime() - started)),
                settings.warmUp().toMillis() / 1000.0, settings.measure().toMillis() / 1000.0, settings.repeats(), counts, countReason,
                java.util.stream.IntStream.rangeClosed(1, counts).boxed().toList());
    }

    /** The preset as the search boots it: the largest count searched, each with the quota given on the command line if any. */
    static Preset searchedPreset(Preset preset, int counts, double quota) {
        return preset.withReplicas(counts, quota);
    }

    private String chooseBackend() {
        return Backend.of(settings.backend()).resolve(settings.boot().images()).label();
    }


    static double seconds(long sinceNanos) {
        return (System.nanoTime() - sinceNanos) / 1e9;
    }
}
