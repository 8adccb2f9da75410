package org.lmsharness.topology.database;

import java.util.ArrayList;
import java.util.List;

/**
 * The database nodes' PostgreSQL settings, the same on both back ends: a primary that streams to a
 * standby through a physical slot, optionally waiting for it on every commit. The back ends add only
 * where they listen.
 */
public final class PostgresSettings {

    /** The standby's application name, as {@code synchronous_standby_names} and {@code pg_stat_replication} know it. */
    public static final String STANDBY_NAME = "standby";
    /** The physical replication slot the standby streams from. */
    public static final String SLOT = "standby_slot";
    /** {@code synchronous_standby_names} when every commit waits for the standby. */
    public static final String SYNCHRONOUS_STANDBYS = "FIRST 1 (" + STANDBY_NAME + ")";

    private PostgresSettings() {}

    /**
     * The primary's {@code postgresql.auto.conf} lines. {@code wal_retrieve_retry_interval} is 100 ms
     * because the 5 s default sometimes stalled a promotion for 5 s (measured); a standby copied from
     * the primary must not inherit {@link #synchronousStandby()}, or once promoted it waits forever
     * for a standby of its own.
     */
    public static List<String> primary(String listenAddresses, boolean waitForTheStandby, String walArchive) {
        List<String> lines = new ArrayList<>(List.of(
                "listen_addresses = '" + listenAddresses + "'",
                "max_connections = 200",
                "shared_buffers = 128MB",
                "wal_level = replica",
                "max_wal_senders = 10",
                "max_replication_slots = 10",
                "wal_keep_size = 256MB",
                "hot_standby = on",
                "fsync = on",
                "synchronous_commit = on",
                "wal_retrieve_retry_interval = 100ms"));
        if (waitForTheStandby) lines.add(synchronousStandby());
        if (walArchive != null) lines.addAll(archiving(walArchive));
        return lines;
    }

    /**
     * {@code initdb --wal-segsize} where WAL is archived: 1 MiB segments instead of 16. {@link #ARCHIVE_TIMEOUT}
     * closes a segment every second while writes come in; a 16 MiB one would then be archived each second,
     * mostly padding. Elsewhere PostgreSQL's 16, so that deployments without backups run as they always did.
     */
    public static final int ARCHIVED_WAL_SEGMENT_MEGABYTES = 1;

    /** initdb's options after {@code -D <folder>}, the same on both back ends; {@code archived}: its WAL will be archived. */
    public static List<String> initdbOptions(boolean archived) {
        return List.of("-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync",
                "--wal-segsize=" + (archived ? ARCHIVED_WAL_SEGMENT_MEGABYTES : 16));
    }
    /** The most a WAL record waits before its segment is archived: how many seconds of acknowledged writes losing both servers may cost. */
    public static final String ARCHIVE_TIMEOUT = "1s";

    /**
     * Continuous archiving to {@code walArchive} (a folder outside the server: the backup location),
     * each segment compressed (a switched segment is mostly zeros). The standby archives too
     * ({@code archive_mode = always}): a primary killed before it archived its last segments leaves them
     * with the standby only, and a standby promoted with {@code on} never archives what it streamed, so
     * the archive would have a hole no restore could cross. Both may archive the same segment at once:
     * each writes its own temporary file and renames it; a segment already there counts as archived.
     */
    static List<String> archiving(String walArchive) {
        String dir = walArchive.replace("'", "");
        String temporary = dir + "/%f.$$.tmp";
        return List.of(
                "archive_mode = always",
                "archive_timeout = " + ARCHIVE_TIMEOUT,
                "archive_command = 'test -f " + dir + "/%f.gz || (gzip -1 -c %p > " + temporary + " && mv " + temporary + " " + dir + "/%f.gz)'");
    }

    /**
     * What a server restored from a base backup adds to its settings: WAL read back from the archive,
     * along the newest timeline, up to {@code target} (null: as far as the archive goes), then promoted.
     */
    public static List<String> recovery(String walArchive, java.time.Instant target) {
        String dir = walArchive.replace("'", "");
        List<String> lines = new ArrayList<>(List.of(
                "restore_command = 'test -f " + dir + "/%f.gz && gunzip -c " + dir + "/%f.gz > %p'",
                "recovery_target_timeline = 'latest'",
                "recovery_target_action = 'promote'"));
        if (target != null) {
            lines.add("recovery_target_time = '" + RECOVERY_TARGET_TIME.format(target) + "'");
            lines.add("recovery_target_inclusive = true");
        }
        return lines;
    }

    /** As {@code recovery_target_time} reads a time (it refuses ISO 8601's {@code T…Z}): microseconds, UTC. */
    private static final java.time.format.DateTimeFormatter RECOVERY_TARGET_TIME = java.time.format.DateTimeFormatter
            .ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS'+00'").withZone(java.time.ZoneOffset.UTC);

    /** What {@link #recovery} sets. */
    static final List<String> RECOVERY = List.of("restore_command", "recovery_target_timeline", "recovery_target_action", "recovery_target_time",
            "recovery_target_inclusive");

    /** Settings a restored copy must not keep from the server it was copied from: its role's, and an earlier recovery's. */
    public static final String NOT_RESTORED = "(port|primary_conninfo|primary_slot_name|synchronous_standby_names|restore_command|recovery_target_[a-z]+)";

    /** Every commit waits for the standby: no acknowledged write is lost when the primary is. */
    public static String synchronousStandby() {
        return "synchronous_standby_names = '" + SYNCHRONOUS_STANDBYS + "'";
    }
}
