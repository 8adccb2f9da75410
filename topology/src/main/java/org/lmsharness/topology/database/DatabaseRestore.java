package org.lmsharness.topology.database;

import java.time.Duration;
import java.time.Instant;

/**
 * What restoring the database from its backups did.
 *
 * @param from        the base backup it started from
 * @param target      the point in time it recovered to; null: as far as the WAL archive went
 * @param primary     the restored primary's node id (the lost primary's place)
 * @param writable    from the call until the restored primary accepted writes: base backup copied, archive replayed, promoted
 * @param standby     the new standby's node id; null in presets without one
 * @param whole       from the call until the standby streamed too (synchronous where the preset's is)
 * @param freshBackup the base backup of the restored primary taken afterwards (its new timeline)
 */
public record DatabaseRestore(BackupStore.BaseBackup from, Instant target, String primary, Duration writable, String standby, Duration whole,
                              BackupStore.BaseBackup freshBackup) {}
