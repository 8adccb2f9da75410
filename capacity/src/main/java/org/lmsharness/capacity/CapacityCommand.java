package org.lmsharness.capacity;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.lmsharness.capacity.search.CapacitySearch;
import org.lmsharness.reports.Reports;
import org.lmsharness.simulations.LmsWorkload;
import org.lmsharness.reports.run.CapacityRun;
import org.lmsharness.reports.run.Conditions;
import org.lmsharness.reports.run.ReplicaSearch;
import org.lmsharness.reports.run.RunFiles;
import org.lmsharness.reports.run.Step;
import org.lmsharness.reports.thresholds.ScalingInputs;
import org.lmsharness.topology.Artifacts;
import org.lmsharness.topology.Deployment;
import org.lmsharness.topology.TopologyUnavailable;
import org.lmsharness.topology.container.ContainerDeployment;
import org.lmsharness.topology.local.LocalDeployment;
import org.lmsharness.topology.preset.InvalidPreset;
import org.lmsharness.topology.preset.Preset;
import org.lmsharness.topology.preset.Presets;

/**
 * The main job: boot the preset with one replica, search its capacity, add a replica, search again …
 * up to the count this host can honestly run; then the model, the thresholds and the report, and
 * teardown. With {@code -DbaseUrl} it measures that deployment as it is and boots nothing.
 * Parameters are system properties ({@link CapacitySettings}); the README shows the command.
 */
public final class CapacityCommand {

    /** Cores kept for what is not a replica: the load generator, the edge and the database. */
    static final double HARNESS_RESERVE_CORES = 0.5;

    private final CapacitySettings settings;
    private final long started = System.nanoTime();
    private final Progress progress;

    private CapacityCommand(CapacitySettings settings, int counts, CapacitySearch search) {
        this.settings = settings;
        this.progress = new Progress(settings, counts, search.typicalSteps(false), search.typicalSteps(true));
    }

    public static void main(String[] args) {
        int status;
        try {
            status = run(CapacitySettings.fromSystemProperties());
        } catch (CapacitySettings.Invalid | InvalidPreset | TopologyUnavailable e) {
            System.err.println("capacity: " + e.getMessage().split("\n")[0]);
            status = 2;
        } catch (RuntimeException e) {
            System.err.println("capacity: failed: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().split("\n")[0]));
            status = 1;
        }
        System.exit(status);
    }

    static int run(CapacitySettings settings) {
        Preset preset = settings.external() ? null : onePreset(Presets.load(settings.preset()), settings.cpus());
        int cores = Runtime.getRuntime().availableProcessors();
        int honest = preset == null ? 1 : Math.max(1, (int) Math.floor((cores - HARNESS_RESERVE_CORES) / preset.replicas().cpus() + 1e-9));
        int counts = settings.external() ? 1 : settings.maxReplicas() == 0 ? honest : Math.min(settings.maxReplicas(), honest);
        String countReason = settings.external()
                ? "an existing deployment: measured as it is, replica counts are not changed"
                : String.format("%d cores, %.2f kept for the load generator, edge and database, %.2f per replica → at most %d replicas%s",
                cores, HARNESS_RESERVE_CORES, preset.replicas().cpus(), honest,
                settings.maxReplicas() > honest ? " (asked for " + settings.maxReplicas() + ")" : "");
        CapacitySearch search = new CapacitySearch(new CapacitySearch.Settings(settings.startRate(), settings.tolerance(), settings.repeats(), settings.maxSteps()));
        return new CapacityCommand(settings, counts, search).execute(preset, counts, countReason, search);
    }

    private int execute(Preset preset, int counts, String countReason, CapacitySearch search) {
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now());
        Path runFolder = settings.output().resolve(stamp + "-" + (preset == null ? "external" : preset.name()));
        List<String> warnings = new ArrayList<>();
        List<ReplicaSearch> searches = new ArrayList<>();
        List<Double> readySeconds = new ArrayList<>();
        String backend = settings.external() ? "external" : chooseBackend();
        System.out.printf("capacity: %s on %s; %s%n", preset == null ? String.join(",", settings.baseUrls()) : "preset " + preset.name(), backend, countReason);
        System.out.printf("capacity: steps of %d s warm-up + %d s measured, capacity passed %d times, SLO p95 ≤ %.0f ms, p99 ≤ %.0f ms, errors ≤ %.2f %%; run folder %s%n",
                settings.warmUp().toSeconds(), settings.measure().toSeconds(), settings.repeats(), settings.slo().p95Millis(), settings.slo().p99Millis(),
                settings.slo().errorPercent(), runFolder);
        if (!settings.external() && settings.maxReplicas() > counts) warnings.add("asked for " + settings.maxReplicas() + " replicas; " + countReason);

        Deployment deployment = null;
        try {
            if (!settings.external()) {
                long boot = System.nanoTime();
                progress.phase("booting " + preset.name() + " (" + backend + ")");
                deployment = "containers".equals(backend)
                        ? ContainerDeployment.start(preset, Artifacts.referenceApp(), Artifacts.paymentProviderStub())
                        : LocalDeployment.start(preset);
                warnings.addAll(deployment.warnings());
                progress.phase(String.format("booted in %.1f s", seconds(boot)));
            }
            List<String> targets = settings.external() ? settings.baseUrls() : deployment.clientUrls();
            GatlingProbe probe = new GatlingProbe(settings, deployment, targets, runFolder.resolve("steps"), progress::step);
            Double previous = null;
            for (int replicas = 1; replicas <= counts; replicas++) {
                if (replicas > 1) {
                    long adding = System.nanoTime();
                    String zone = preset.zoneOfReplica(replicas - 1);
                    progress.phase("starting replica " + replicas + " in " + zone);
                    deployment.addReplica(zone);
                    readySeconds.add(seconds(adding));
                    progress.phase(String.format("replica %d ready in %.1f s", replicas, seconds(adding)));
                }
                progress.count(replicas);
                Double hint = previous == null ? null : previous * replicas / (replicas - 1);
                Double saturation = warmUp(probe, deployment, replicas, hint, preset == null ? 0 : preset.replicas().cpus());
                ReplicaSearch result = search.run(replicas, probe, hint, saturation, preset == null ? 0 : preset.replicas().cpus());
                searches.add(result);
                progress.phase(replicas + (replicas == 1 ? " replica: " : " replicas: ") + result.verdict());
                if (result.capacity() == null) {
                    if (replicas < counts) warnings.add("stopped after " + replicas + " replicas: " + result.verdict());
                    break;
                }
                previous = result.capacity().journeysPerSecond();
            }
        } catch (Exception e) {
            throw e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getMessage(), e);
        } finally {
            if (deployment != null) {
                progress.phase("tearing down");
                deployment.close();
            }
        }
        searches.stream().flatMap(s -> s.steps().stream()).filter(step -> step.outcome() == Step.Outcome.INVALID)
                .forEach(step -> warnings.add("step " + step.index() + " not used: " + step.reason()));

        CapacityRun run = new CapacityRun(conditions(preset, backend, counts, countReason), settings.slo(), searches, readySeconds,
                seconds(started), warnings);
        RunFiles.writeJson(runFolder.resolve(RunFiles.RUN_JSON), run);
        Reports.write(runFolder, run, scalingInputs(run), preset == null ? "lms" : "lms-" + preset.name());
        linkLatest(runFolder);
        System.out.printf("capacity: done in %s; report %s%n", Progress.clock(seconds(started)), runFolder.resolve("report.html"));
        return 0;
    }

    /**
     * Warms the JIT before a count's first step, and estimates by the utilisation law the rate at
     * which the replicas' quotas would be used up. A JVM held to half a core compiles for minutes
     * (its CPU per journey halves meanwhile), so the cold replicas run without their quota while
     * they warm, then get it back before any step. One replica: three stages (2/9, 3/9, 4/9 of the
     * time) from the start rate, each at the rate the stage before says the quota would carry (at
     * most ×4, then ×2). An added replica (the others are warm): the predicted capacity for half the time.
     *
     * @return journeys per second that would use up the quotas, null when unknown (no quota or CPU figures)
     */
    private Double warmUp(GatlingProbe probe, Deployment deployment, int replicas, Double hint, double quota) {
        long total = settings.jitWarmUp().toMillis();
        List<String> cold = deployment == null ? List.of() : replicas == 1
                ? deployment.replicas().stream().map(Deployment.Replica::id).toList()
                : List.of(deployment.replicas().get(deployment.replicas().size() - 1).id());
        cold.forEach(id -> deployment.setCpuQuota(id, 0));
        try {
            if (hint != null) {
                progress.phase(String.format("warming up the new replica (no quota): %.3g journeys/s for %d s, not measured", hint, total / 2000));
                probe.warmUp(replicas, hint, Math.max(3_000, total / 2));
                return null;
            }
            double rate = settings.startRate();
            Double saturation = null;
            for (int stage = 1; stage <= 3; stage++) {
                long millis = Math.max(3_000, total * (stage + 1) / 9); // Gatling injects nobody over much less
                progress.phase(String.format("warming up (%d/3, no quota): %.3g journeys/s for %d s, not measured", stage, rate, millis / 1000));
                double perJourney = probe.warmUp(replicas, rate, millis);
                if (quota <= 0 || perJourney <= 0) return null;
                saturation = quota * replicas / perJourney;
                rate = CapacitySearch.round(Math.max(rate / 2, Math.min(saturation, rate * (stage == 1 ? 4 : 2))));
            }
            return saturation;
        } finally {
            cold.forEach(id -> deployment.setCpuQuota(id, quota));
        }
    }

    /** The peak to plan for: as given, or twice the largest capacity measured. */
    private ScalingInputs scalingInputs(CapacityRun run) {
        double largest = run.searches().stream().filter(s -> s.capacity() != null)
                .mapToDouble(s -> s.capacity().requestsPerSecond().median()).max().orElse(0);
        double peak = settings.peakRps() > 0 ? settings.peakRps() : Math.max(1, Math.ceil(2 * largest));
        return new ScalingInputs(peak, settings.growthPercentPerMinute(), settings.zones());
    }

    private Conditions conditions(Preset preset, String backend, int counts, String countReason) {
        return new Conditions(preset == null ? String.join(",", settings.baseUrls()) : preset.name(), backend,
                preset == null ? null : preset.name(), preset == null ? 0 : preset.replicas().cpus(), preset == null ? 0 : preset.replicas().memoryMb(),
                preset == null ? null : preset.replicas().jvmOptions(), preset == null ? null : preset.dataset(), settings.simulation(),
                settings.simulation().equals(CapacitySettings.DEFAULT_SIMULATION) ? System.getProperty("mix", LmsWorkload.DEFAULT_MIX) : "as the simulation defines it",
                Runtime.getRuntime().availableProcessors(),
                cpuModel(), System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"), commit(),
                DateTimeFormatter.ISO_INSTANT.format(Instant.now().minusNanos(System.nanoTime() - started)),
                settings.warmUp().toMillis() / 1000.0, settings.measure().toMillis() / 1000.0, settings.repeats(), counts, countReason,
                java.util.stream.IntStream.rangeClosed(1, counts).boxed().toList());
    }

    /** The preset as the search starts it: one replica, and the quota given on the command line if any. */
    static Preset onePreset(Preset preset, double cpus) {
        Preset.Replicas replicas = preset.replicas();
        return new Preset(preset.name(), preset.description(), preset.zones(),
                new Preset.Replicas(1, cpus > 0 ? cpus : replicas.cpus(), replicas.memoryMb(), replicas.jvmOptions()),
                preset.database(), preset.edge(), preset.dataset());
    }

    private String chooseBackend() {
        if (!settings.backend().equals("auto")) return settings.backend();
        return ContainerDeployment.dockerAnswers() ? "containers" : "local";
    }


    private void linkLatest(Path runFolder) {
        try {
            Path latest = settings.output().resolve("latest");
            Path partial = settings.output().resolve("latest.partial");
            Files.deleteIfExists(partial);
            Files.createSymbolicLink(partial, runFolder.getFileName());
            Files.move(partial, latest, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | UnsupportedOperationException e) {
            System.err.println("capacity: could not update the latest link: " + e.getMessage());
        }
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(line -> line.startsWith("model name"))
                    .map(line -> line.substring(line.indexOf(':') + 1).trim()).findFirst().orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String commit() {
        try {
            Process git = new ProcessBuilder("git", "rev-parse", "--short", "HEAD").redirectErrorStream(true).start();
            String out = new String(git.getInputStream().readAllBytes()).trim();
            return git.waitFor(5, TimeUnit.SECONDS) && git.exitValue() == 0 ? out : "unknown";
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    static double seconds(long sinceNanos) {
        return (System.nanoTime() - sinceNanos) / 1e9;
    }
}
