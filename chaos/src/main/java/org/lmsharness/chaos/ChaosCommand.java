package org.lmsharness.chaos;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.lmsharness.chaos.audit.SpofAudit;
import org.lmsharness.chaos.experiment.Catalogue;
import org.lmsharness.chaos.experiment.Experiment;
import org.lmsharness.chaos.run.ExperimentResult;
import org.lmsharness.chaos.run.ExperimentRunner;
import org.lmsharness.chaos.run.LoadSettings;
import org.lmsharness.chaos.run.ResultFiles;
import org.lmsharness.chaos.run.Teardown;
import org.lmsharness.dashboards.Monitoring;
import org.lmsharness.topology.Backend;
import org.lmsharness.topology.Deployment;
import org.lmsharness.topology.BootOptions;
import org.lmsharness.topology.Release;
import org.lmsharness.topology.preset.Preset;
import org.lmsharness.topology.ReplicaBoot;

/**
 * The chaos run ({@code lms-harness chaos}): boots a preset with a fault proxy on every link, warms it,
 * and runs the catalogue (or the experiments named) under load, booting a fresh deployment after each
 * experiment that leaves a node dead. Writes {@code results.json} and {@code junit.xml} to a run folder
 * after every experiment. {@link #run} returns 0 when every hypothesis held, 3 when one broke.
 *
 * <p>With audited presets it runs the single-point-of-failure audit instead ({@link SpofAudit}) and
 * writes its table to {@code audit.md}; 0 when every component was measured, 1 otherwise.
 *
 * <p>{@link #report} writes report.html, junit.xml and audit.md again from a run folder's
 * results.json, booting nothing.
 */
public final class ChaosCommand {

    /** Exit status of a run in which a hypothesis broke. */
    public static final int HYPOTHESIS_BROKEN = 3;

    private ChaosCommand() {}

    /**
     * A chaos run's settings, checked by the command line before anything boots.
     *
     * @param presets     the preset to put through the catalogue, or every preset to audit
     * @param audit       whether to run the single-point-of-failure audit instead of the catalogue
     * @param backend     local or containers (chosen already)
     * @param boot        how the back end boots each preset; always with fault proxies (network faults are toxics on them)
     * @param experiments catalogue names, in {@link Catalogue#NAMES} order (ignored by the audit)
     * @param next        what rolling-update rolls out ({@link Catalogue#NEXT_RELEASE}: the deployment's own build)
     * @param rate        journeys per second of the load under which every experiment runs
     * @param monitoring  a Prometheus beside each deployment
     * @param output      folder that holds the run folders
     */
    public record Settings(List<Preset> presets, boolean audit, String backend, BootOptions boot, List<String> experiments, Release next,
                           double rate, boolean monitoring, Path output) {}

    public static int run(Settings settings) throws Exception {
        Path folder = settings.output().resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))
                + (settings.audit() ? "-audit" : "-chaos"));
        ExperimentRunner runner = new ExperimentRunner(new LoadSettings(settings.rate(), LoadSettings.WRITE_MIX, Duration.ofSeconds(3)));
        try {
            return settings.audit() ? audit(settings, runner, folder) : catalogue(settings, runner, folder);
        } finally {
            runner.monitor(Monitoring.off());
        }
    }

    /** report.html, junit.xml and the audit table again from a run folder's results.json, nothing booted. */
    public static int report(Path folder) {
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
    public static final List<String> AUDITED = List.of("single-box", "tiers", "redundant-web", "multi-az", "dns-round-robin");

    private static int catalogue(Settings settings, ExperimentRunner runner, Path folder) throws Exception {
        Preset preset = settings.presets().get(0);
        String backend = settings.backend();
        List<ExperimentResult> results = new ArrayList<>();
        System.out.printf("chaos: %s on %s, %.2f journeys/s, experiments: %s%n", preset.name(), backend, settings.rate(), String.join(", ", settings.experiments()));
        Deployment deployment = null;
        try {
            for (String name : settings.experiments()) {
                if (deployment == null) deployment = boot(preset, settings, runner, folder);
                Experiment experiment = Catalogue.experiment(name, deployment, settings.next());
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
        return broken == 0 ? 0 : HYPOTHESIS_BROKEN;
    }

    /** The single-point-of-failure audit of each preset; the table goes to audit.md, every experiment to results.json and junit.xml. */
    private static int audit(Settings settings, ExperimentRunner runner, Path folder) throws Exception {
        String backend = settings.backend();
        System.out.printf("chaos: single-point-of-failure audit of %s on %s, %.2f journeys/s%n",
                String.join(", ", settings.presets().stream().map(Preset::name).toList()), backend, settings.rate());
        List<SpofAudit.Row> rows = new ArrayList<>();
        SpofAudit audit = new SpofAudit(runner, SpofAudit.STEADY, SpofAudit.DOWN, SpofAudit.OBSERVE);
        for (Preset preset : settings.presets()) {
            audit.audit(() -> boot(preset, settings, runner, folder), backend, folder, row -> {
                rows.add(row);
                System.out.printf("%s: %s down → %s (%s)%n", row.preset(), row.component(), row.verdict(), row.evidence());
                ResultFiles.write(folder, "spof-audit", rows.stream().map(SpofAudit.Row::result).toList(), rows);
                ResultFiles.writeText(folder.resolve("audit.md"), SpofAudit.table(rows));
            });
        }
        System.out.println();
        System.out.print(SpofAudit.table(rows));
        System.out.println("chaos: audit table " + folder.resolve("audit.md") + "; report " + folder.resolve(ResultFiles.REPORT_HTML));
        return rows.stream().anyMatch(row -> row.verdict() == SpofAudit.Verdict.NOT_MEASURED) ? 1 : 0;
    }

    /** The load a fresh deployment gets, CPU quotas lifted, before it is measured: its JVMs compile the hot paths. */
    static final Duration WARM_UP = Duration.ofSeconds(20);

    private static Deployment boot(Preset preset, Settings settings, ExperimentRunner runner, Path folder) throws Exception {
        return boot(preset, settings.backend(), settings.boot().withFaultProxies(true), runner, folder, WARM_UP,
                deployment -> Monitoring.startIf(settings.monitoring(), deployment, "chaos-" + folder.getFileName(),
                        folder.resolve("prometheus").resolve(preset.name() + "-" + System.currentTimeMillis()), List.of()));
    }

    /**
     * A fresh deployment of the preset on the back end, its monitoring started (before the warm-up, so that
     * Prometheus's own start-up CPU falls there and not in the first experiment), warmed up; closed again
     * when the warm-up fails. With --monitoring, a Prometheus per deployment, its data kept in the run folder.
     */
    static Deployment boot(Preset preset, String backend, BootOptions boot, ExperimentRunner runner, Path folder, Duration warmUp,
                           Function<Deployment, Monitoring> monitoring) throws Exception {
        System.out.println("chaos: booting " + preset.name() + " (" + backend + ")");
        long started = System.nanoTime();
        Deployment deployment = Backend.of(backend).start(preset, ReplicaBoot.QUOTA_LIFTED_UNTIL_READY, boot);
        System.out.printf("chaos: booted in %.1f s: %s%n", (System.nanoTime() - started) / 1e9, deployment.bootBreakdown());
        try {
            runner.monitor(monitoring.apply(deployment));
            runner.warmUp(deployment, warmUp, folder);
            return deployment;
        } catch (RuntimeException | Error e) { // an assertion of the caller's monitoring too: nothing of the boot is left running
            deployment.close();
            throw e;
        }
    }
}
