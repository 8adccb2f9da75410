package org.lmsharness.topology.database;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * What the harness asks of a primary about its standby, on the primary's JDBC URL: the slot it keeps
 * WAL in, whether the standby streams, and whether commits wait for it. Used at boot, by the failover
 * control plane, and when a new standby replaces a lost server.
 */
public final class Replication {

    private Replication() {}

    /**
     * The standby's physical slot, reserving WAL from now on (a new standby's copy starts after this),
     * made afresh: one left by an earlier attempt may hold WAL from before the copy.
     */
    public static void reserveSlot(String primaryUrl) throws SQLException {
        try (Connection primary = connect(primaryUrl); Statement statement = primary.createStatement()) {
            statement.execute("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = '" + PostgresSettings.SLOT + "'");
            statement.execute("SELECT pg_create_physical_replication_slot('" + PostgresSettings.SLOT + "', true)");
        }
    }

    /** The standby streams when the primary lists its walsender in state streaming; false when the primary does not answer. */
    public static boolean streams(String primaryUrl) {
        try (Connection primary = connect(primaryUrl); Statement statement = primary.createStatement();
             ResultSet row = statement.executeQuery("SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming' AND application_name = '"
                     + PostgresSettings.STANDBY_NAME + "'")) {
            return row.next() && row.getLong(1) > 0;
        } catch (SQLException e) {
            return false;
        }
    }

    /** Waits until the standby streams; throws when it does not within {@code within}. */
    public static void awaitStreaming(String primaryUrl, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!streams(primaryUrl)) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("the new standby does not stream from the primary after " + within.toSeconds() + " s");
            Thread.sleep(100);
        }
    }

    /** {@code ALTER SYSTEM} on the primary and a reload: commits waiting for the standby are released at once when it empties. */
    public static void setSynchronousStandbys(String primaryUrl, String names) throws SQLException {
        try (Connection primary = connect(primaryUrl); Statement statement = primary.createStatement()) {
            statement.execute("ALTER SYSTEM SET synchronous_standby_names = '" + names.replace("'", "''") + "'");
            statement.execute("SELECT pg_reload_conf()");
        }
    }

    /** The primary's current WAL write position ({@code 0/3000148}). */
    public static String currentLsn(String primaryUrl) throws SQLException {
        try (Connection primary = connect(primaryUrl); Statement statement = primary.createStatement();
             ResultSet row = statement.executeQuery("SELECT pg_current_wal_lsn()")) {
            row.next();
            return row.getString(1);
        }
    }

    /** Waits until the server is out of recovery (a restore replayed its WAL and promoted it); throws when it is not within {@code within}. */
    public static void awaitPrimary(String url, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            try (Connection server = connect(url); Statement statement = server.createStatement();
                 ResultSet row = statement.executeQuery("SELECT pg_is_in_recovery()")) {
                if (row.next() && !row.getBoolean(1)) return;
            } catch (SQLException notYet) {
                // still starting
            }
            if (System.nanoTime() > deadline) throw new IllegalStateException("the restored server is not a primary after " + within.toSeconds() + " s");
            Thread.sleep(100);
        }
    }

    /**
     * Removes a restore's recovery settings from a restored server once it is a primary: a standby or a
     * base backup copied from it would carry them, and a standby with a recovery target in the past
     * promotes itself on reaching it.
     */
    public static void forgetRecovery(String primaryUrl) throws SQLException {
        try (Connection primary = connect(primaryUrl); Statement statement = primary.createStatement()) {
            for (String setting : PostgresSettings.RECOVERY) statement.execute("ALTER SYSTEM RESET " + setting);
            statement.execute("SELECT pg_reload_conf()");
        }
    }

    private static Connection connect(String url) throws SQLException {
        return DriverManager.getConnection(url + "?connectTimeout=1&socketTimeout=2", "postgres", "");
    }
}
