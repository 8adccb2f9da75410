package org.lmsharness.chaos;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.lmsharness.chaos.audit.SpofAudit;
import org.lmsharness.chaos.experiment.Catalogue;
import org.lmsharness.chaos.experiment.Experiment;
import org.lmsharness.chaos.run.ExperimentResult;
import org.lmsharness.chaos.run.ExperimentRunner;
import org.lmsharness.chaos.run.LoadSettings;
import org.lmsharness.chaos.run.ResultFiles;
import org.lmsharness.chaos.run.Teardown;
import org.lmsharness.dashboards.Monitoring;
import org.lmsharness.topology.Artifacts;
import org.lmsharness.topology.Deployment;
import org.lmsharness.topology.FaultProxies;
import org.lmsharness.topology.TopologyUnavailable;
import org.lmsharness.topology.container.ContainerDeployment;
import org.lmsharness.topology.local.LocalDeployment;
import org.lmsharness.topology.preset.InvalidPreset;
import org.lmsharness.topology.preset.Preset;
import org.lmsharness.topology.preset.Presets;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code bin/chaos}: boots a preset with a fault proxy on every link, warms it, and runs the catalogue
 * (or the experiments named) under load, booting a fresh deployment after each experiment that
 * leaves a node dead. Writes {@code results.json} and {@code junit.xml} to a run folder after every
 * experiment. Exit 0 every hypothesis held, 3 one broke, 2 bad parameters, 1 failed while running.
 *
 * <p>With {@code -Daudit=all} (or presets separated by commas) it runs the single-point-of-failure
 * audit instead ({@link SpofAudit}) and writes its table to {@code audit.md}; exit 0 when every
 * component was measured.
 *
 * <p>With {@code -Dreport=<run folder>} it writes report.html, junit.xml and audit.md again from the
 * folder's results.json, booting nothing.
 *
 * <p>Parameters ({@code -D}): {@code preset} (multi-az), {@code backend} (auto, local, containers),
 * {@code experiments} (all, or names separated by commas), {@code rate} (journeys per second;
 * default: {@code loadFraction} of one replica's capacity in {@code runs/latest/capacity.json}, else
 * {@value #DEFAULT_RATE}), {@code loadFraction} (0.4), {@code output} (runs).
 */
public final class ChaosCommand {

    /** Journeys per second without a capacity run: 40 % of what one replica of half a core sustained here (docs/capacity.md). */
    static final double DEFAULT_RATE = 5;

    private ChaosCommand() {}

    /** A bad parameter: one line, exit 2. */
    static final class Invalid extends RuntimeException {
        Invalid(String property, String expected, Object actual) {
            super(property + " must be " + expected + ", got '" + actual + "'");
        }
    }

    public static void main(String[] args) {
        int status;
        try {
            status = run();
        } catch (Invalid | InvalidPreset | TopologyUnavailable e) {
            System.err.println("chaos: " + e.getMessage().split("\n")[0]);
            status = 2;
        } catch (Exception e) {
            System.err.println("chaos: failed: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().split("\n")[0]));
            status = 1;
        }
        System.exit(status);
    }

    static int run() throws Exception {
        String again = property("report", "");
        if (!again.isEmpty()) return report(Path.of(again).toAbsolutePath());
        String audit = property("audit", "");
        List<Preset> presets = new ArrayList<>();
        if (!audit.isEmpty()) {
            for (String name : audit.equals("all") ? AUDITED : Arrays.stream(audit.split(",")).map(String::trim).toList()) presets.add(Presets.load(name));
        } else {
            presets.add(Presets.load(property("preset", "multi-az")));
        }
        String backend = property("backend", "auto").toLowerCase(Locale.ROOT);
        if (!List.of("auto", "local", "containers").contains(backend)) throw new Invalid("backend", "auto, local or containers", backend);
        String asked = property("experiments", "all");
        List<String> names = asked.equals("all") ? Catalogue.NAMES : Arrays.stream(asked.split(",")).map(String::trim).toList();
        for (String name : names) {
            if (!Catalogue.NAMES.contains(name)) throw new Invalid("experiments", "all or names from " + String.join(", ", Catalogue.NAMES), name);
        }
        Path output = Path.of(property("output", "runs")).toAbsolutePath();
        double fraction = number("loadFraction", "0.4");
        double rate = System.getProperty("rate") != null ? number("rate", null) : rateFromCapacity(output.resolve("latest/capacity.json"), fraction);
        if (backend.equals("auto")) backend = ContainerDeployment.dockerAnswers() ? "containers" : "local";
        System.setProperty(FaultProxies.MODE_PROPERTY, "on"); // network faults are toxics on the links' proxies
        String noMonitoring = Monitoring.refusedBecause();
        if (noMonitoring != null) throw new TopologyUnavailable(noMonitoring);

        Path folder = output.resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + (audit.isEmpty() ? "-chaos" : "-audit"));
        ExperimentRunner runner = new ExperimentRunner(new LoadSettings(rate, LoadSettings.WRITE_MIX, Duration.ofSeconds(3)));
        try {
            return audit.isEmpty() ? catalogue(presets.get(0), backend, names, rate, runner, folder) : audit(presets, backend, rate, runner, folder);
        } finally {
            runner.monitor(Monitoring.off());
        }
    }

    /** report.html, junit.xml and the audit table again from a run folder's results.json, nothing booted. */
    private static int report(Path folder) {
        if (!Files.isReadable(folder.resolve(ResultFiles.RESULTS_JSON))) throw new Invalid("report", "a chaos or audit run folder holding "
                + ResultFiles.RESULTS_JSON, folder);
        List<ExperimentResult> results = ResultFiles.read(folder);
        List<SpofAudit.Row> rows = SpofAudit.rows(results);
        ResultFiles.write(folder, rows.isEmpty() ? "chaos" : "spof-audit", results, rows);
        if (!rows.isEmpty()) {
            ResultFiles.writeText(folder.resolve("audit.md"), SpofAudit.table(rows));
            System.out.print(SpofAudit.table(rows));
        }
        System.out.println("chaos: report " + folder.resolve(ResultFiles.REPORT_HTML));
        return 0;
    }

    /** The presets of the scaling ladder, rung by rung. */
    static final List<String> AUDITED = List.of("single-box", "tiers", "redundant-web", "multi-az", "dns-round-robin");

    private static int catalogue(Preset preset, String backend, List<String> names, double rate, ExperimentRunner runner, Path folder) throws Exception {
        List<ExperimentResult> results = new ArrayList<>();
        System.out.printf("chaos: %s on %s, %.2f journeys/s, experiments: %s%n", preset.name(), backend, rate, String.join(", ", names));
        Deployment deployment = null;
        try {
            for (String name : names) {
                if (deployment == null) deployment = boot(preset, backend, runner, folder);
                Experiment experiment = Catalogue.experiment(name, deployment);
                if (experiment == null) {
                    System.out.println(name + ": not applicable to " + preset.name() + " (nothing it could hit)");
                    continue;
                }
                ExperimentResult result = runner.run(deployment, backend, experiment, folder);
                results.add(result);
                ResultFiles.write(folder, "chaos-" + preset.name(), results);
                System.out.println(result.summary());
                if (experiment.spendsDeployment()) {
                    Teardown.close(deployment);
                    deployment = null;
                }
            }
        } finally {
            if (deployment != null) Teardown.close(deployment);
        }
        long broken = results.stream().filter(result -> !result.passed()).count();
        System.out.printf("chaos: %d experiments, %d held, %d broke; report %s%n", results.size(), results.size() - broken, broken,
                folder.resolve(ResultFiles.REPORT_HTML));
        return broken == 0 ? 0 : 3;
    }

    /** The single-point-of-failure audit of each preset; the table goes to audit.md, every experiment to results.json and junit.xml. */
    private static int audit(List<Preset> presets, String backend, double rate, ExperimentRunner runner, Path folder) throws Exception {
        System.out.printf("chaos: single-point-of-failure audit of %s on %s, %.2f journeys/s%n",
                String.join(", ", presets.stream().map(Preset::name).toList()), backend, rate);
        List<SpofAudit.Row> rows = new ArrayList<>();
        SpofAudit audit = new SpofAudit(runner, SpofAudit.STEADY, SpofAudit.DOWN, SpofAudit.OBSERVE);
        for (Preset preset : presets) {
            audit.audit(() -> boot(preset, backend, runner, folder), backend, folder, row -> {
                rows.add(row);
                System.out.printf("%s: %s down → %s (%s)%n", row.preset(), row.component(), row.verdict(), row.evidence());
                ResultFiles.write(folder, "spof-audit", rows.stream().map(SpofAudit.Row::result).toList(), rows);
                ResultFiles.writeText(folder.resolve("audit.md"), SpofAudit.table(rows));
            });
        }
        System.out.println();
        System.out.print(SpofAudit.table(rows));
        System.out.println("chaos: audit table " + folder.resolve("audit.md") + "; report " + folder.resolve(ResultFiles.REPORT_HTML));
        return rows.stream().anyMatch(row -> row.verdict() == null) ? 1 : 0;
    }

    /** The load a fresh deployment gets, CPU quotas lifted, before it is measured: its JVMs compile the hot paths. */
    static final Duration WARM_UP = Duration.ofSeconds(20);

    static Deployment boot(Preset preset, String backend, ExperimentRunner runner, Path folder) throws Exception {
        return boot(preset, backend, runner, folder, WARM_UP);
    }

    /** A fresh deployment of the preset on the back end, warmed up; closed again when the warm-up fails. */
    static Deployment boot(Preset preset, String backend, ExperimentRunner runner, Path folder, Duration warmUp) throws Exception {
        System.out.println("chaos: booting " + preset.name() + " (" + backend + ")");
        Deployment deployment = backend.equals("containers")
                ? ContainerDeployment.start(preset, Artifacts.referenceApp(), Artifacts.paymentProviderStub())
                : LocalDeployment.start(preset);
        try {
            // -Dmonitoring=true: a Prometheus per deployment, its data kept in the run folder.
            runner.monitor(Monitoring.startIfWanted(deployment, "chaos-" + folder.getFileName(),
                    folder.resolve("prometheus").resolve(preset.name() + "-" + System.currentTimeMillis()), List.of()));
            runner.warmUp(deployment, warmUp, folder);
            return deployment;
        } catch (RuntimeException e) {
            deployment.close();
            throw e;
        }
    }

    /** A fraction of one replica's capacity from the last capacity run, in journeys per second; the default without one. */
    static double rateFromCapacity(Path capacityJson, double fraction) {
        if (!Files.isReadable(capacityJson)) return DEFAULT_RATE;
        try {
            for (JsonNode capacity : JsonMapper.builder().build().readTree(capacityJson.toFile()).path("capacities")) {
                if (capacity.path("replicas").asInt() == 1 && capacity.path("found").asBoolean()) {
                    return Math.round(100 * fraction * capacity.path("journeysPerSecond").asDouble()) / 100.0;
                }
            }
        } catch (RuntimeException e) {
            System.out.println("chaos: " + capacityJson + " unreadable (" + e.getMessage() + "); " + DEFAULT_RATE + " journeys/s");
        }
        return DEFAULT_RATE;
    }

    private static String property(String name, String fallback) {
        String value = System.getProperty(name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    private static double number(String name, String fallback) {
        String value = property(name, fallback);
        try {
            double number = Double.parseDouble(value);
            if (number > 0 && number <= 10_000) return number;
        } catch (NumberFormatException | NullPointerException ignored) {
            // reported below
        }
        throw new Invalid(name, "a number above 0", value);
    }
}
