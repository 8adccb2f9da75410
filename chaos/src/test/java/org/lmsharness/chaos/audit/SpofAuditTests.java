package org.lmsharness.chaos.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lmsharness.chaos.ledger.LedgerCheck;
import org.lmsharness.chaos.run.ExperimentResult;
import org.lmsharness.chaos.run.Timeline;

class SpofAuditTests {

    private static final String REPLICA = "replica-1";

    /** A replica down from 1 s to 21 s; {@code recoveredWhileDown} from its fault's start, null when never within that window. */
    private static ExperimentResult result(boolean passed, Long recoveredWhileDown) {
        return result(passed, recoveredWhileDown, new Timeline.Phase(100, 0, 0, 20, 300, 400, Map.of()));
    }

    private static ExperimentResult result(boolean passed, Long recoveredWhileDown, Timeline.Phase restored) {
        Timeline.Phase phase = new Timeline.Phase(100, passed ? 0 : 10, passed ? 0 : 10, 20, 300, 400,
                passed ? Map.of() : Map.of("checkout: status.find.in(200,201,409), but actually found 503", 10L));
        Timeline timeline = new Timeline(phase, phase, restored, List.of(), 0, recoveredWhileDown, recoveredWhileDown, 1000);
        return new ExperimentResult("down-replica-1", "replica-1 down, then restored", "redundant-web", "local", 5, List.of("freeze replica-1"), List.of(), passed,
                1_000, 21_000, null, timeline, new LedgerCheck(40, 40, 0, 0, 0, Map.of(), List.of()), List.of(), null);
    }

    @Test
    void theSloHeldThroughout() {
        assertThat(SpofAudit.row("redundant-web", REPLICA, result(true, 0L)).verdict()).isEqualTo(SpofAudit.Verdict.SURVIVES);
    }

    @Test
    void backWithinTheSloWhileStillDownDegrades() {
        SpofAudit.Row row = SpofAudit.row("redundant-web", REPLICA, result(false, 12_000L));
        assertThat(row.verdict()).isEqualTo(SpofAudit.Verdict.DEGRADES);
        assertThat(row.evidence()).contains("back within the SLO after 12.0 s").contains("writes lost 0 of 40").contains("100 completed while it was down (p99 300 ms)")
                .endsWith("failed: checkout 20");
    }

    @Test
    void notBackWhileItWasDownIsASinglePointOfFailure() {
        SpofAudit.Row row = SpofAudit.row("single-box", REPLICA, result(false, null));
        assertThat(row.verdict()).isEqualTo(SpofAudit.Verdict.SINGLE_POINT_OF_FAILURE);
        assertThat(row.evidence()).contains("not back within the SLO while it was down");
    }

    @Test
    void aResultSavedBeforeTheOutageWasJudgedApartIsClassifiedAsBefore() {
        // results.json of an earlier version: only the whole-load recovery; a 20 s outage from 1 s to 21 s.
        java.util.function.Function<Long, ExperimentResult> saved = recovered -> {
            Timeline.Phase phase = new Timeline.Phase(100, 10, 10, 20, 300, 400, Map.of());
            return new ExperimentResult("down-replica-1", "replica-1 down, then restored", "redundant-web", "local", 5, List.of("freeze replica-1"),
                    List.of(), false, 1_000, 21_000, null, new Timeline(phase, phase, phase, List.of(), 0, recovered, null, 1000),
                    new LedgerCheck(40, 40, 0, 0, 0, Map.of(), List.of()), List.of(), null);
        };
        assertThat(SpofAudit.row("redundant-web", REPLICA, saved.apply(12_000L)).verdict()).isEqualTo(SpofAudit.Verdict.DEGRADES);
        assertThat(SpofAudit.row("redundant-web", REPLICA, saved.apply(19_000L)).verdict()).isEqualTo(SpofAudit.Verdict.SINGLE_POINT_OF_FAILURE);
    }

    @Test
    void whatTheRestoreCostsIsReportedNotJudged() {
        // Back 3 s into the outage; then the restored replica's first answers were slow.
        SpofAudit.Row row = SpofAudit.row("redundant-web", REPLICA, result(false, 3_000L, new Timeline.Phase(100, 0, 0, 20, 1400, 1600, Map.of())));
        assertThat(row.verdict()).isEqualTo(SpofAudit.Verdict.DEGRADES);
        assertThat(row.evidence()).contains("back within the SLO after 3.0 s").contains("once restored: p99 1400 ms, 0.00 % errors");
    }

    @Test
    void anExperimentThatCouldNotRunIsNotMeasured() {
        ExperimentResult failed = new ExperimentResult("down-replica-1", "replica-1 down, then restored", "redundant-web", "local", 5, List.of(), List.of(),
                false, 0, 0, null, null, null, List.of(), "the deployment did not boot");
        SpofAudit.Row row = SpofAudit.row("redundant-web", REPLICA, failed);
        assertThat(row.verdict()).isEqualTo(SpofAudit.Verdict.NOT_MEASURED);
        assertThat(SpofAudit.table(List.of(row))).contains("| redundant-web | replica-1 | not measured | not measured: the deployment did not boot |");
    }

    @Test
    void rowsComeBackFromSavedResults() {
        assertThat(SpofAudit.rows(List.of(result(true, 0L)))).singleElement().satisfies(row -> {
            assertThat(row.component()).isEqualTo("replica-1");
            assertThat(row.preset()).isEqualTo("redundant-web");
            assertThat(row.verdict()).isEqualTo(SpofAudit.Verdict.SURVIVES);
        });
    }

    @Test
    void theTableHasARowPerComponent() {
        String table = SpofAudit.table(List.of(SpofAudit.row("single-box", REPLICA, result(false, null)), SpofAudit.row("redundant-web", REPLICA, result(true, 0L))));
        assertThat(table.lines()).hasSize(4);
        assertThat(table).contains("| single-box | replica-1 | single point of failure |").contains("| redundant-web | replica-1 | survives |");
    }
}
