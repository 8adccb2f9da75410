package org.lmsharness.simulations.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WriteLedgerTests {

    @Test
    void everyEntryIsOnDiskTheMomentItIsRecorded(@TempDir Path folder) {
        Path file = folder.resolve("runs/ledger.tsv");
        System.setProperty("ledger", file.toString());
        try (WriteLedger ledger = WriteLedger.fromSystemProperty()) {
            ledger.record("checkout", 17, "student3@lms.test", "0b9e…-uuid", 8);
            ledger.record("progress", "student3@lms.test", 42, 2);
            // Read while still open: a run cut off here would still leave both entries.
            assertThat(WriteLedger.read(file)).extracting(WriteLedger.Entry::kind).containsExactly("checkout", "progress");
            assertThat(WriteLedger.read(file).get(0).fields()).containsExactly("17", "student3@lms.test", "0b9e…-uuid", "8");
            assertThat(WriteLedger.read(file).get(0).acknowledgedAt()).isCloseTo(System.currentTimeMillis(), org.assertj.core.data.Offset.offset(60_000L));
        } finally {
            System.clearProperty("ledger");
        }
    }

    @Test
    void noLedgerUnlessAsked() {
        System.clearProperty("ledger");
        assertThat(WriteLedger.fromSystemProperty()).isNull();
    }
}
