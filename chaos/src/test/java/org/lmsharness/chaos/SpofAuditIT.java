package org.lmsharness.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.lmsharness.chaos.audit.SpofAudit;
import org.lmsharness.chaos.audit.SpofAudit.Verdict;
import org.lmsharness.chaos.run.ExperimentRunner;
import org.lmsharness.chaos.run.LoadSettings;
import org.lmsharness.chaos.run.ResultFiles;
import org.lmsharness.dashboards.Monitoring;
import org.lmsharness.topology.BootOptions;
import org.lmsharness.topology.preset.Presets;
import org.testcontainers.DockerClientFactory;

/**
 * The single-point-of-failure audit, one preset per test, under a real (reduced) load with writes and
 * shorter windows than {@code bin/chaos --audit all}: every component of the preset is frozen alone,
 * then restored. The suite audits the smallest rung here (single-box: its replica must be a single
 * point of failure) and the top one's components that give the deployment back in MultiAzChaosIT, on
 * the deployment the catalogue then uses. The whole ladder, multi-az's primary and its zone included
 * (each on a fresh deployment), takes 20 more minutes and runs with {@code -Daudit.ladder=true}
 * ({@code ./mvnw -pl chaos verify -Dit.test=SpofAuditIT -Daudit.ladder=true}), as does the benchmark
 * {@code bin/chaos --audit all} (docs/chaos.md). Each row must be measured with no acknowledged write lost;
 * the verdicts that follow from the architecture are asserted rung by rung (the single box's replica
 * is a single point of failure, redundant web's replicas are not but its edge is, multi-az's two edges
 * and synchronous standby are not, clients of DNS round robin do not route around a frozen replica).
 * Containers by default; {@code -Dchaos.backend=local} runs the same on local processes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SpofAuditIT {

    private final String backend = System.getProperty("chaos.backend", "containers");
    private final ExperimentRunner runner = new ExperimentRunner(new LoadSettings(Double.parseDouble(System.getProperty("chaos.rate", "4")),
            LoadSettings.WRITE_MIX, Duration.ofSeconds(2)));
    private final SpofAudit audit = new SpofAudit(runner, Duration.ofSeconds(4), Duration.ofSeconds(11), Duration.ofSeconds(5));
    private final Path folder = Path.of("target", "spof-audit-it").toAbsolutePath();
    private static final Duration WARM_UP = Duration.ofSeconds(10);
    private final List<SpofAudit.Row> rows = new ArrayList<>();

    @BeforeAll
    void needsTheBackEnd() {
        if (backend.equals("containers") && !"true".equals(System.getenv("CI"))) {
            Assumptions.assumeTrue(DockerClientFactory.instance().isDockerAvailable(), "no Docker engine answers: the audit on containers not tested");
        }
    }

    private static boolean wholeLadder() {
        return Boolean.getBoolean("audit.ladder");
    }

    /** Audits the preset (the components {@code which} selects, or all with the whole ladder); returns component → verdict, after checking that every row was measured and lost nothing. */
    private Map<String, Verdict> audit(String preset, Predicate<SpofAudit.Component> which) throws Exception {
        return audit(preset, which, WARM_UP);
    }

    private Map<String, Verdict> audit(String preset, Predicate<SpofAudit.Component> which, Duration warmUp) throws Exception {
        List<SpofAudit.Row> measured = audit.audit(() -> ChaosCommand.boot(Presets.load(preset), backend, BootOptions.DEFAULTS, runner, folder, warmUp, booted -> Monitoring.off()),
                backend, folder, wholeLadder() ? component -> true : which, row -> System.out.println(row.markdown()));
        rows.addAll(measured);
        measured.forEach(ChaosAssertions::measuredKeepingWrites);
        return measured.stream().collect(Collectors.toMap(SpofAudit.Row::component, SpofAudit.Row::verdict));
    }

    @Test
    @Order(1)
    void singleBox() throws Exception {
        // In the suite no warm-up (20 s with its settling): a frozen single replica answers nothing, warm or cold.
        assertThat(audit("single-box", component -> component.name().equals("replica-1"), wholeLadder() ? WARM_UP : Duration.ZERO))
                .containsEntry("replica-1", Verdict.SINGLE_POINT_OF_FAILURE);
    }

    /** The rungs above the first: only with {@code -Daudit.ladder=true} (MultiAzChaosIT audits multi-az's reversible components). */
    private static void wholeLadderAsked() {
        Assumptions.assumeTrue(wholeLadder(), "the rungs above single-box are audited with -Daudit.ladder=true");
    }

    @Test
    @Order(2)
    void tiers() throws Exception {
        wholeLadderAsked();
        assertThat(audit("tiers", component -> true)).containsEntry("replica-1", Verdict.SINGLE_POINT_OF_FAILURE).containsEntry("edge", Verdict.SINGLE_POINT_OF_FAILURE);
    }

    @Test
    @Order(3)
    void redundantWeb() throws Exception {
        wholeLadderAsked();
        Map<String, Verdict> verdicts = audit("redundant-web", component -> true);
        assertThat(verdicts).containsEntry("edge", Verdict.SINGLE_POINT_OF_FAILURE);
        for (String replica : List.of("replica-1", "replica-2", "replica-3")) {
            assertThat(verdicts.get(replica)).as(replica + ": the edge routes around it").isNotEqualTo(Verdict.SINGLE_POINT_OF_FAILURE);
        }
    }

    @Test
    @Order(4)
    void multiAz() throws Exception {
        wholeLadderAsked();
        Map<String, Verdict> verdicts = audit("multi-az", component -> true);
        for (String component : List.of("replica-1", "replica-2", "replica-3", "edge-1", "edge-2", "db-standby")) {
            assertThat(verdicts.get(component)).as(component + " is redundant in multi-az").isNotEqualTo(Verdict.SINGLE_POINT_OF_FAILURE);
        }
    }

    @Test
    @Order(5)
    void dnsRoundRobin() throws Exception {
        wholeLadderAsked();
        assertThat(audit("dns-round-robin", component -> true)).containsEntry("replica-1", Verdict.SINGLE_POINT_OF_FAILURE);
    }

    @AfterAll
    void write() {
        if (rows.isEmpty()) return;
        ResultFiles.write(folder, "spof-audit-" + backend, rows.stream().map(SpofAudit.Row::result).toList(), rows);
        ResultFiles.writeText(folder.resolve("audit.md"), SpofAudit.table(rows));
        System.out.print(SpofAudit.table(rows));
    }
}
