package org.lmsharness.topology.database;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The control plane of the database, as RDS Multi-AZ runs it: it probes the primary every
 * {@code interval}; after {@code failures} probes in a row fail, it fences the old primary (so it
 * can never accept a write again: no split brain) and promotes the standby. The replicas follow by
 * themselves: their JDBC URL lists both servers with {@code targetServerType=primary}.
 *
 * <pre>
 *   probe ✗ ✗ ✗ ─ fence(old primary) ─ promote(standby) ─ replicas reconnect to the new primary
 *   |← detection: interval × failures →|← promotion: tens of ms →|
 * </pre>
 */
public final class DatabaseFailover implements AutoCloseable {

    /** What happened: when the primary was last seen, when the loss was declared, when the standby took over. */
    public record Failover(Instant lastSeenPrimary, Instant declaredLost, Instant promoted) {
        public Duration detection() {
            return Duration.between(lastSeenPrimary, declaredLost);
        }

        public Duration promotion() {
            return Duration.between(declaredLost, promoted);
        }
    }

    /** The actions a back end provides: fence a server, promote one. */
    public interface Actions {
        void fence(String primaryId);

        void promote(String standbyId) throws Exception;
    }

    private static final System.Logger log = System.getLogger(DatabaseFailover.class.getName());

    private final String primaryId;
    private final String primaryJdbcUrl;
    private final String standbyId;
    private final Actions actions;
    private final Duration interval;
    private final int failures;
    private final AtomicReference<Failover> failover = new AtomicReference<>();
    private final Thread monitor;
    private volatile boolean running = true;

    public DatabaseFailover(String primaryId, String primaryJdbcUrl, String standbyId, Actions actions, Duration interval, int failures) {
        this.primaryId = primaryId;
        this.primaryJdbcUrl = primaryJdbcUrl;
        this.standbyId = standbyId;
        this.actions = actions;
        this.interval = interval;
        this.failures = failures;
        this.monitor = new Thread(this::watch, "database-failover");
        this.monitor.setDaemon(true);
        this.monitor.start();
    }

    /** The failover that happened, or null. */
    public Failover failover() {
        return failover.get();
    }

    private void watch() {
        Instant lastSeen = Instant.now();
        int failed = 0;
        long timeoutSeconds = Math.max(1, interval.multipliedBy(failures).toSeconds());
        String probeUrl = primaryJdbcUrl + "?connectTimeout=" + timeoutSeconds + "&socketTimeout=" + timeoutSeconds + "&loginTimeout=" + timeoutSeconds;
        while (running) {
            long started = System.nanoTime();
            if (probe(probeUrl, interval)) {
                lastSeen = Instant.now();
                failed = 0;
            } else if (++failed >= failures && running) {
                Instant declared = Instant.now();
                log.log(System.Logger.Level.WARNING, "database primary {0} failed {1} probes in a row: fencing it and promoting {2}", primaryId, failed, standbyId);
                actions.fence(primaryId);
                try {
                    actions.promote(standbyId);
                    failover.set(new Failover(lastSeen, declared, Instant.now()));
                    log.log(System.Logger.Level.WARNING, "standby {0} promoted {1} ms after the primary was declared lost", standbyId, failover.get().promotion().toMillis());
                } catch (Exception e) {
                    log.log(System.Logger.Level.ERROR, "promotion of {0} failed: {1}", standbyId, e.getMessage());
                }
                return;
            }
            long rest = interval.toMillis() - (System.nanoTime() - started) / 1_000_000;
            if (rest > 0) sleep(rest);
        }
    }

    private Connection connection;

    /** One probe: SELECT 1 on a kept connection (a killed server breaks it at once), reconnecting when needed. */
    private boolean probe(String url, Duration timeout) {
        try {
            if (connection == null || connection.isClosed()) connection = DriverManager.getConnection(url, "postgres", "");
            if (connection.isValid((int) Math.max(1, timeout.toSeconds()))) return true;
        } catch (SQLException e) {
            // counted as a failed probe below
        }
        closeQuietly();
        return false;
    }

    private void closeQuietly() {
        if (connection == null) return;
        try {
            connection.close();
        } catch (SQLException ignored) {
            // already broken
        }
        connection = null;
    }

    private void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            running = false;
        }
    }

    @Override
    public void close() {
        running = false;
        monitor.interrupt();
        try {
            monitor.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeQuietly();
    }
}
