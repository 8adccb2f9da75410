package org.lmsharness.chaos.audit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.lmsharness.chaos.experiment.Catalogue;
import org.lmsharness.chaos.experiment.Experiment;
import org.lmsharness.chaos.experiment.Fault;
import org.lmsharness.chaos.experiment.Faults;
import org.lmsharness.chaos.run.ExperimentResult;
import org.lmsharness.chaos.run.ExperimentRunner;
import org.lmsharness.chaos.run.Teardown;
import org.lmsharness.chaos.run.Timeline;
import org.lmsharness.topology.Deployment;
import org.lmsharness.topology.Node;

/**
 * The single-point-of-failure audit of a preset: each component taken down alone under load, then
 * restored, and classified.
 *
 * <ul>
 *   <li><b>survives</b>: the SLO held over the whole experiment (errors ≤ 0.5 %, back within the SLO in 5 s);</li>
 *   <li><b>degrades</b>: the SLO broke, but the service came back within it by itself while the
 *       component was still down (a whole 5 s window, and the rest of the outage, within the SLO before
 *       it was restored);</li>
 *   <li><b>single point of failure</b>: not back within the SLO until the component was restored.</li>
 * </ul>
 * The last two are judged on the outage alone: what restoring the component costs is reported, not judged.
 *
 * "Down" is a freeze (SIGSTOP / {@code docker pause}): the component is silent, its connections hang,
 * as with a hung host or a cut network; restoring it resumes it. A zone is every node in it at once.
 * Freezing the primary of a preset with a standby makes the standby take over and fences the old
 * primary for good, so that component (and the zone that holds it) gets a fresh deployment.
 */
public final class SpofAudit {

    public enum Verdict {
        SURVIVES, DEGRADES, SINGLE_POINT_OF_FAILURE,
        /** The experiment could not run (it failed before or while the component was down): nothing is known of it. */
        NOT_MEASURED;

        /** As the table and the report write it: "single point of failure". */
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', ' ');
        }
    }

    /**
     * A component to take down.
     *
     * @param name   as in the table: a node id, or {@code zone <name>}
     * @param nodes  the nodes it takes down
     * @param spends whether taking it down changes the deployment for good (a failover)
     */
    public record Component(String name, List<String> nodes, boolean spends) {}

    /**
     * One row of the audit table.
     *
     * @param component what was taken down
     * @param verdict   how the service fared
     * @param evidence  the figures behind the verdict, in one line
     * @param result    the experiment's full result
     */
    public record Row(String preset, String component, Verdict verdict, String evidence, ExperimentResult result) {

        /** This row as a line of {@link #table}. */
        public String markdown() {
            return "| " + preset + " | " + component + " | " + verdict.label() + " | " + evidence + " |";
        }
    }

    /** A zone component's name: this, then the zone. */
    static final String ZONE = "zone ";

    public static final Duration STEADY = Duration.ofSeconds(8);
    public static final Duration DOWN = Duration.ofSeconds(20);
    public static final Duration OBSERVE = Duration.ofSeconds(10);

    private final ExperimentRunner runner;
    private final Duration steady;
    private final Duration down;
    private final Duration observe;

    public SpofAudit(ExperimentRunner runner, Duration steady, Duration down, Duration observe) {
        this.runner = runner;
        this.steady = steady;
        this.down = down;
        this.observe = observe;
    }

    /**
     * The components of a running deployment, in the order the audit takes them: those that spend it
     * last. The job worker runs in every replica (it claims jobs from the database queue), so the
     * replica rows cover it.
     */
    public static List<Component> components(Deployment deployment) {
        boolean standby = deployment.nodes().stream().anyMatch(node -> node.kind() == Node.Kind.DB_STANDBY);
        String primary = deployment.nodes().stream().filter(node -> node.kind() == Node.Kind.DB_PRIMARY).map(Node::id).findFirst().orElseThrow();
        String primaryZone = deployment.node(primary).zone();
        List<Component> kept = new ArrayList<>();
        List<Component> spending = new ArrayList<>();
        for (Node node : deployment.nodes()) {
            boolean spends = standby && node.id().equals(primary);
            (spends ? spending : kept).add(new Component(node.id(), List.of(node.id()), spends));
        }
        // Zones as the nodes have them (the edge's "regional", a database tier's own); one holding a single node is that node's row.
        for (String zone : deployment.nodes().stream().map(Node::zone).distinct().toList()) {
            List<String> nodes = deployment.nodesInZone(zone).stream().map(Node::id).toList();
            if (nodes.size() < 2) continue;
            boolean spends = standby && zone.equals(primaryZone);
            (spends ? spending : kept).add(new Component(ZONE + zone, nodes, spends));
        }
        kept.addAll(spending);
        return kept;
    }

    /**
     * Audits one preset: boots it with {@code boot}, takes each component down in turn, boots afresh
     * after one that spends the deployment. {@code each} sees every row as it is measured.
     */
    public List<Row> audit(BootFunction boot, String backend, Path folder, Consumer<Row> each) throws Exception {
        return audit(boot, backend, folder, component -> true, each);
    }

    /** As {@link #audit(BootFunction, String, Path, Consumer)}, for the components {@code which} selects only. */
    public List<Row> audit(BootFunction boot, String backend, Path folder, Predicate<Component> which, Consumer<Row> each) throws Exception {
        List<Row> rows = new ArrayList<>();
        Deployment deployment = boot.boot();
        try {
            List<Component> components = components(deployment).stream().filter(which).toList();
            for (Component component : components) {
                if (deployment == null) deployment = boot.boot();
                Row row = measure(deployment, component, backend, folder);
                rows.add(row);
                each.accept(row);
                if (component.spends()) {
                    Teardown.close(deployment);
                    deployment = null;
                }
            }
        } finally {
            if (deployment != null) Teardown.close(deployment);
        }
        return rows;
    }

    /**
     * One row: the component taken down alone on a running deployment, then restored. A component that
     * {@link Component#spends spends} the deployment leaves it unfit for anything after.
     */
    public Row measure(Deployment deployment, Component component, String backend, Path folder) {
        ExperimentResult result = runner.run(deployment, backend, experiment(component), folder.resolve(deployment.preset().name()));
        return row(deployment.preset().name(), component.name(), result);
    }

    /** Boots a fresh, warmed-up deployment of the preset under audit. */
    @FunctionalInterface
    public interface BootFunction {
        Deployment boot() throws Exception;
    }

    private Experiment experiment(Component component) {
        Fault fault = component.name().startsWith(ZONE) ? Faults.freezeZone(component.name().substring(ZONE.length()))
                : Faults.freeze(component.name());
        return new Experiment("down-" + component.name().replace(' ', '-'), component.name() + DOWN_THEN_RESTORED, Catalogue.SURVIVES,
                List.of(fault), steady, down, observe);
    }

    /** The audit's experiments are titled "&lt;component&gt;" + this; {@link #rows} reads the component back from saved results. */
    static final String DOWN_THEN_RESTORED = " down, then restored";

    /** The table again from an audit's saved results.json, e.g. after a change to the classification. */
    public static List<Row> rows(List<ExperimentResult> results) {
        return results.stream().filter(result -> result.title().endsWith(DOWN_THEN_RESTORED)).map(result -> row(result.preset(),
                result.title().substring(0, result.title().length() - DOWN_THEN_RESTORED.length()), result)).toList();
    }

    static Row row(String preset, String component, ExperimentResult result) {
        if (result.error() != null) return new Row(preset, component, Verdict.NOT_MEASURED, "not measured: " + result.error(), result);
        Timeline timeline = result.timeline();
        // Judged on the outage alone: a restored component that costs the service a slow second is not what makes it a
        // single point of failure (that cost is in the evidence).
        Long recovered = timeline.recoveredWhileFaultedMillis();
        // results.json saved before that figure existed: back within the SLO with a whole window left before the restore
        // (a later result that meets this has the figure too).
        if (recovered == null && timeline.recoveredMillis() != null
                && timeline.recoveredMillis() + Timeline.WINDOW_MILLIS <= result.faultEnd() - result.faultStart()) {
            recovered = timeline.recoveredMillis();
        }
        Verdict verdict = result.passed() ? Verdict.SURVIVES : recovered != null ? Verdict.DEGRADES : Verdict.SINGLE_POINT_OF_FAILURE;
        long requests = timeline.requests();
        long failed = timeline.failed();
        Timeline.Phase down = timeline.during();
        String evidence = String.format(Locale.ROOT, "%d of %d requests failed (%.2f %%), %s, %s; writes lost %d of %d",
                failed, requests, requests == 0 ? 0 : 100.0 * failed / requests,
                down.requests() == 0 ? "no request completed while it was down"
                        : String.format(Locale.ROOT, "%d completed while it was down (p99 %d ms)", down.requests(), down.p99Millis()),
                recovered == null ? "not back within the SLO while it was down" : recovered == 0 ? "within the SLO throughout"
                        : String.format(Locale.ROOT, "back within the SLO after %.1f s", recovered / 1000.0),
                result.ledger().lost(), result.ledger().acknowledged());
        Timeline.Phase restored = timeline.after();
        if (restored.requests() > 0 && !restored.meets(Catalogue.MAX_ERROR_PERCENT, timeline.sloP99Millis())) {
            evidence += String.format(Locale.ROOT, "; once restored: p99 %d ms, %.2f %% errors", restored.p99Millis(), restored.errorPercent());
        }
        Map<String, Long> byRequest = new TreeMap<>();
        result.timeline().failures().forEach((failure, count) -> byRequest.merge(failure.substring(0, Math.max(0, failure.indexOf(':'))), count, Long::sum));
        if (!byRequest.isEmpty()) {
            evidence += "; failed: " + byRequest.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(3)
                    .map(entry -> entry.getKey() + " " + entry.getValue()).collect(Collectors.joining(", "));
        }
        return new Row(preset, component, verdict, evidence, result);
    }

    /** The rows as a Markdown table, for docs/ and the console. */
    public static String table(List<Row> rows) {
        StringBuilder table = new StringBuilder("| preset | component down | verdict | evidence |\n| --- | --- | --- | --- |\n");
        for (Row row : rows) table.append(row.markdown()).append('\n');
        return table.toString();
    }
}
