package org.lmsharness.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import org.lmsharness.chaos.audit.SpofAudit;
import org.lmsharness.chaos.run.ExperimentResult;

/** What every chaos test asserts of what it ran, whatever else it claims. */
final class ChaosAssertions {

    private ChaosAssertions() {}

    /** Writes were acknowledged under load, and every one is in the database exactly once. */
    static void writesKept(String name, ExperimentResult result) {
        assertThat(result.ledger().acknowledged()).as(name + ": writes were acknowledged under load").isPositive();
        assertThat(result.ledger().lost()).as(name + ": acknowledged writes lost " + result.ledger().lostExamples()).isZero();
        assertThat(result.ledger().chargedTwice()).as(name + ": purchases charged twice").isZero();
    }

    /** The audit's row was measured (its experiment ran), and kept every write. */
    static void measuredKeepingWrites(SpofAudit.Row row) {
        String name = row.preset() + " / " + row.component();
        assertThat(row.verdict()).as(name + " measured: " + row.evidence()).isNotEqualTo(SpofAudit.Verdict.NOT_MEASURED);
        writesKept(name, row.result());
    }
}
