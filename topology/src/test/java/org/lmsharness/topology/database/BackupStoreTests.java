package org.lmsharness.topology.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupStoreTests {

    private static final long MIB = 1 << 20;

    @Test
    void aBaseBackupCountsOnceRecordedAndARestoreStartsFromTheNewestFinishedBeforeItsTarget(@TempDir Path root) throws Exception {
        BackupStore store = BackupStore.at(root);
        Instant t0 = Instant.parse("2026-12-07T05:00:00Z");
        BackupStore.BaseBackup first = store.record(store.newBackupFolder(t0), t0, "0/200028");
        store.newBackupFolder(t0.plusSeconds(60)); // being copied: not a starting point yet

        assertThat(store.backups()).extracting(BackupStore.BaseBackup::id).containsExactly(first.id());
        assertThat(store.startingPointFor(null)).contains(first);
        assertThat(store.startingPointFor(first.finished().plusSeconds(1))).contains(first);
        assertThat(store.startingPointFor(t0.minusSeconds(1))).as("nothing finished before then").isEmpty();
    }

    @Test
    void retentionKeepsTheNewestBackupsAndTheWalFromTheOldestKeptOn(@TempDir Path root) throws Exception {
        BackupStore store = BackupStore.at(root);
        Instant t0 = Instant.parse("2026-12-07T05:00:00Z");
        // 1 MiB segments: LSN 0/200028 is in segment 2, 0/500000 in 5, 1/00300000 in 4096 + 3.
        store.record(store.newBackupFolder(t0), t0, "0/200028");
        store.record(store.newBackupFolder(t0.plusSeconds(60)), t0.plusSeconds(60), "0/500000");
        store.record(store.newBackupFolder(t0.plusSeconds(120)), t0.plusSeconds(120), "1/00300000");
        Path failed = store.newBackupFolder(t0.plusSeconds(30)); // an older copy that never completed
        for (String segment : List.of("000000010000000000000002", "000000010000000000000004", "000000010000000000000005",
                "000000020000000000000006.partial", "000000020000000100000002", "00000002.history")) {
            Files.writeString(store.wal().resolve(segment + ".gz"), "x");
        }

        List<String> removed = store.retain(2, MIB);

        assertThat(store.backups()).extracting(BackupStore.BaseBackup::startLsn).containsExactly("0/500000", "1/00300000");
        assertThat(removed).contains("base/" + failed.getFileName(), "wal/000000010000000000000002.gz", "wal/000000010000000000000004.gz");
        try (var left = Files.list(store.wal())) {
            assertThat(left.map(file -> file.getFileName().toString())).containsExactlyInAnyOrder("000000010000000000000005.gz",
                    "000000020000000000000006.partial.gz", "000000020000000100000002.gz", "00000002.history.gz");
        }
    }

    @Test
    void aSegmentNumberCountsLogsOfFourThousandNinetySixOneMebibyteSegments() {
        assertThat(BackupStore.segmentNumber("0/200028", MIB)).isEqualTo(2);
        assertThat(BackupStore.segmentNumber("1/00300000", MIB)).isEqualTo(4096 + 3);
        assertThat(BackupStore.segmentNumber("16/B374D848", 16 * MIB)).isEqualTo(0x16L * 256 + 0xB3);
    }
}
