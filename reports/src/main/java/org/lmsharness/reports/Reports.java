package org.lmsharness.reports;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.lmsharness.common.Figures;
import org.lmsharness.reports.html.HtmlReport;
import org.lmsharness.reports.html.SizesPage;
import org.lmsharness.reports.model.CapacityModel;
import org.lmsharness.reports.model.ForkedCapacity;
import org.lmsharness.reports.model.ProductionModel;
import org.lmsharness.reports.model.ServiceDemand;
import org.lmsharness.reports.model.SizeComparison;
import org.lmsharness.reports.run.CapacityRun;
import org.lmsharness.reports.run.RunFiles;
import org.lmsharness.reports.thresholds.ScalingInputs;
import org.lmsharness.reports.thresholds.ThresholdFiles;
import org.lmsharness.reports.thresholds.Thresholds;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The module's entry: from a recorded run to everything a reader gets, in the run folder.
 *
 * <pre>
 *   run.json ─► CapacityModel ─► Thresholds ─► thresholds/*   (CloudWatch, target tracking, Terraform, HPA)
 *                            └──────────────┴─► capacity.json (for machines)
 *                                            └─► report.html  (for people; links the files above)
 * </pre>
 *
 * Every file is written to a temporary name and moved into place, so a failure never leaves half of one.
 */
public final class Reports {

    public static final String CAPACITY_JSON = "capacity.json";
    public static final String REPORT_HTML = "report.html";
    public static final String THRESHOLDS = "thresholds";
    public static final String SIZES_JSON = "sizes.json";
    public static final String SIZES_HTML = "sizes.html";

    private Reports() {}

    /**
     * What was written, and the figures a caller prints.
     *
     * @param thresholdFiles  the threshold files, empty when none could be derived
     * @param thresholds      null when they could not be derived
     * @param whyNoThresholds why not, null when they were
     */
    public record Written(Path report, Path capacityJson, List<Path> thresholdFiles, CapacityModel model, Thresholds thresholds,
                          String whyNoThresholds) {

        /** Requests per second one replica sustains within the SLO; NaN when the search found no bound. */
        public double oneReplicaRequestsPerSecond() {
            return model.perReplicaCapacity();
        }

        /** One replica's capacity, its interval and how it varied, in one console line. */
        public String oneReplicaLine(CapacityRun run) {
            ForkedCapacity forked = model.forked();
            if (forked == null) {
                return run.searches().stream().filter(search -> search.replicas() == 1).findFirst()
                        .map(search -> "no valid bound found: " + search.verdict()).orElse("not measured");
            }
            String spread = forked.forks().size() == 1 ? "one JVM, " + forked.forks().get(0).requestsPerSecond()
                    : String.format(Locale.ROOT, "median of %d JVMs: %s; between forks %.1f %%, within a fork up to %.1f %%", forked.forks().size(),
                            forked.forks().stream().map(fork -> Figures.of(fork.requestsPerSecond().median())).collect(Collectors.joining(", ")),
                            forked.betweenForkPercent(), forked.withinForkPercent());
            return String.format(Locale.ROOT, "%s req/s (%s journeys/s), interval %s–%s req/s (%s)%s", Figures.of(forked.medianRequestsPerSecond()),
                    Figures.of(forked.medianJourneysPerSecond()), Figures.of(forked.lowRequestsPerSecond()), Figures.of(forked.highRequestsPerSecond()),
                    spread, forked.reliable() ? "" : "; UNRELIABLE: the target drifted");
        }

        /**
         * The run's line in the history: one replica's capacity and the replica's and database's CPU per request, under the
         * conditions that make two runs comparable (a figure from another host or quota is another series, not a change).
         */
        public org.lmsharness.reports.history.HistoryRecord historyRecord(CapacityRun run, Path runFolder) {
            java.util.Map<String, Double> metrics = new java.util.LinkedHashMap<>();
            ForkedCapacity forked = model.forked();
            if (forked != null) {
                metrics.put("one replica journeys/s", forked.medianJourneysPerSecond());
                metrics.put("one replica req/s", forked.medianRequestsPerSecond());
            }
            ServiceDemand.find(model.demands(), ServiceDemand.REPLICA).ifPresent(d -> metrics.put("replica cpu ms per request", d.coreMillisPerRequest()));
            ServiceDemand.find(model.demands(), ServiceDemand.DATABASE).ifPresent(d -> metrics.put("database cpu ms per request", d.coreMillisPerRequest()));
            metrics.values().removeIf(value -> value == null || !Double.isFinite(value));
            var c = run.conditions();
            java.util.Map<String, String> conditions = new java.util.LinkedHashMap<>();
            conditions.put("target", c.target());
            conditions.put("backend", c.backend());
            conditions.put("quota", Figures.of(c.cpusPerReplica()));
            conditions.put("dataset", String.valueOf(c.dataset()));
            conditions.put("workload", String.valueOf(c.workload()));
            conditions.put("replica JVM", String.valueOf(c.replicaJvm()));
            conditions.put("host", c.hostCores() + " cores, " + c.hostCpuModel());
            return new org.lmsharness.reports.history.HistoryRecord(java.time.Instant.now().toString(), "capacity", c.commit(), conditions, metrics,
                    runFolder.toString());
        }

        /** The service demand and the production model in two console lines; none when they could not be computed. */
        public List<String> productionLines() {
            ProductionModel production = model.production();
            if (production == null) return List.of();
            List<String> lines = new ArrayList<>();
            ServiceDemand.find(model.demands(), ServiceDemand.REPLICA).ifPresent(replica -> lines.add(String.format(Locale.ROOT,
                    "demand       a replica %.1f ms of CPU per request (idle %.2f core)%s; the database %s",
                    replica.coreMillisPerRequest(), replica.idleCores(),
                    production.utilisationAtCapacity() == null ? "" : String.format(Locale.ROOT, ", %.0f %% of its quota at capacity", 100 * production.utilisationAtCapacity()),
                    ServiceDemand.find(model.demands(), ServiceDemand.DATABASE).map(db -> String.format(Locale.ROOT, "%.2f ms", db.coreMillisPerRequest()))
                            .orElse("not measured"))));
            lines.add(production.databaseBoundReplicas() == null
                    ? "production   n × " + Figures.of(production.perReplicaRequestsPerSecond()) + " req/s, each replica on its own instance; the database's bound is unknown"
                    : "production   n × " + Figures.of(production.perReplicaRequestsPerSecond()) + " req/s, each replica on its own instance, up to "
                            + production.databaseBoundReplicas() + " replicas (" + Figures.of(production.databaseBoundRequestsPerSecond())
                            + " req/s), where a " + Figures.of(production.databaseCores()) + "-core database's CPU is used up");
            return lines;
        }
    }

    public static Written write(Path runFolder, CapacityRun run, ScalingInputs inputs, String groupName) {
        List<String> earlier = listedIn(runFolder.resolve(CAPACITY_JSON));
        CapacityModel model = CapacityModel.of(run, inputs.databaseCores());
        Thresholds thresholds = null;
        String whyNot = null;
        try {
            thresholds = Thresholds.derive(run, model, inputs);
        } catch (IllegalStateException | IllegalArgumentException e) {
            whyNot = e.getMessage();
        }
        List<String> files = thresholds == null ? List.of()
                : ThresholdFiles.write(runFolder.resolve(THRESHOLDS), thresholds, groupName).stream().map(name -> THRESHOLDS + "/" + name).toList();
        Path json = runFolder.resolve(CAPACITY_JSON);
        Path report = runFolder.resolve(REPORT_HTML);
        String html = HtmlReport.render(run, model, thresholds, files, whyNot);
        RunFiles.writeJson(json, CapacitySummary.of(run, model, thresholds, files, whyNot));
        RunFiles.writeAtomically(report, html);
        removeStale(runFolder, earlier, files);
        return new Written(report, json, files.stream().map(runFolder::resolve).toList(), model, thresholds, whyNot);
    }

    /**
     * The comparison of instance sizes, beside the sizes' own run folders: {@value #SIZES_JSON} for machines,
     * {@value #SIZES_HTML} for people (linking each size's report).
     */
    public static SizeComparison writeSizes(Path folder, List<SizeComparison.SizeRun> runs, java.util.Map<Double, Double> pricesPerHour) {
        SizeComparison comparison = SizeComparison.of(runs, pricesPerHour);
        org.lmsharness.reports.run.Conditions conditions = runs.get(0).run().conditions();
        String title = conditions.target() + " on " + conditions.backend() + " — " + conditions.startedAt();
        String html = SizesPage.render(comparison, title);
        RunFiles.writeJson(folder.resolve(SIZES_JSON), comparison);
        RunFiles.writeAtomically(folder.resolve(SIZES_HTML), html);
        return comparison;
    }

    /** The threshold files an earlier report of this folder listed; none when there is no readable capacity.json. */
    private static List<String> listedIn(Path capacityJson) {
        if (!Files.isRegularFile(capacityJson)) return List.of();
        try {
            JsonNode files = RunFiles.JSON.readTree(capacityJson.toFile()).path("thresholds").path("files");
            return files.valueStream().map(JsonNode::asString).toList();
        } catch (JacksonException e) {
            return List.of();
        }
    }

    /** Files an earlier report wrote and this one did not (thresholds no longer derived, no CPU figure): they would contradict it. */
    private static void removeStale(Path runFolder, List<String> earlier, List<String> written) {
        Path thresholds = runFolder.resolve(THRESHOLDS).normalize();
        for (String name : earlier) {
            Path file = runFolder.resolve(name).normalize();
            if (written.contains(name) || !file.startsWith(thresholds)) continue;
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
