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
    public static List<String> primary(String listenAddresses, boolean waitForTheStandby) {
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
        return lines;
    }

    /** Every commit waits for the standby: no acknowledged write is lost when the primary is. */
    public static String synchronousStandby() {
        return "synchronous_standby_names = '" + SYNCHRONOUS_STANDBYS + "'";
    }
}
