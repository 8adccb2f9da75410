package org.lmsharness.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import org.lmsharness.chaos.audit.SpofAudit;
import org.lmsharness.chaos.run.ExperimentResult;

/** What every chaos test asserts of what it ran, whatever else it claims. */
final class ChaosAssertions {

    private ChaosAssertions() {}

    /** Writes were acknowledged under load, and every one is in the database exactly once. */
    static void writesKept(String name, ExperimentResult result) {
        writesKept(name, result, false);
    }

    /**
     * The same, except that a restore from backups may lose writes acknowledged just before the fault:
     * its recovery-point probe, asserted with the others, says how far back they go.
     */
    static void writesKept(String name, ExperimentResult result, boolean withinRecoveryPoint) {
        assertThat(result.ledger().acknowledged()).as(name + ": writes were acknowledged under load").isPositive();
        if (!withinRecoveryPoint) assertThat(result.ledger().lost()).as(name + ": acknowledged writes lost " + result.ledger().lostExamples()).isZero();
        assertThat(result.ledger().chargedTwice()).as(name + ": purchases charged twice").isZero();
    }

    /** The verdict, each probe, the timeline's phases: what a failed assertion needs beside it in the log. */
    static void print(ExperimentResult result) {
        System.out.println(result.summary());
        result.probes().forEach(p -> System.out.printf("    %s %s: %s (allowed %s)%n", p.held() ? "held  " : "BROKEN", p.name(), p.measured(), p.tolerance()));
        if (result.timeline() != null) {
            System.out.printf("    before %s%n    during %s%n    after  %s%n    detected %s ms, errors stopped %d ms, recovered %s ms%n",
                    result.timeline().before(), result.timeline().during(), result.timeline().after(), result.detectedMillis(),
                    result.timeline().errorsStoppedMillis(), result.timeline().recoveredMillis());
        }
    }

    /** The audit's row was measured (its experiment ran), and kept every write. */
    static void measuredKeepingWrites(SpofAudit.Row row) {
        String name = row.preset() + " / " + row.component();
        assertThat(row.verdict()).as(name + " measured: " + row.evidence()).isNotEqualTo(SpofAudit.Verdict.NOT_MEASURED);
        writesKept(name, row.result());
    }
}
