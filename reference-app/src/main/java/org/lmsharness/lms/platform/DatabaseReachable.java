package org.lmsharness.lms.platform;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Whether this replica reaches its database, for its readiness probe (health component
 * {@code database}): a replica cut off from the database must leave the edge's rotation, or every
 * request sent to it fails.
 *
 * <pre>
 *   every 200 ms: SELECT pg_is_in_recovery() on a connection of its own, answer within 1 s
 *   DOWN at once when a check fails (refused, reset, timed out, a standby rather than the primary)
 *   DOWN when no check has succeeded for 2 s (a database that hangs)
 * </pre>
 *
 * The answer is computed in the background, so the edge's checks (timeout 500 ms in multi-az) get it
 * at once. The connection is its own, outside the pool: a pool exhausted under load must not read
 * as an unreachable database and eject a busy replica. A database failover makes every replica
 * unready at once; the edge then sends to replicas that are alive (HaproxyConfig's fallback), where
 * requests wait for the new primary as they did before readiness followed the database.
 */
@Component("databaseHealthIndicator")
class DatabaseReachable implements HealthIndicator, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DatabaseReachable.class);
    static final Duration EVERY = Duration.ofMillis(200);
    /** How long one check waits for the server's answer. */
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(1);
    /**
     * Beyond this without a successful check the database counts as hung. Twice the answer's deadline:
     * a replica saturated under its CPU quota runs its checks late, and must not read as cut off.
     */
    static final Duration STALE = Duration.ofSeconds(2);

    private final DataSource dataSource;
    private ScheduledExecutorService checks;
    private Connection connection;
    private volatile long lastSuccess = System.nanoTime() - 2 * STALE.toNanos();
    private volatile String failure = "not checked yet";
    /** For logging the changes only; the checking thread's own. */
    private boolean reachable = true;

    DatabaseReachable(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Health health() {
        String failed = failure;
        if (failed != null) return Health.down().withDetail("error", failed).build();
        long since = System.nanoTime() - lastSuccess;
        if (since > STALE.toNanos()) return Health.down().withDetail("error", "no answer for " + since / 1_000_000 + " ms").build();
        return Health.up().build();
    }

    /** One check; runs on the single checking thread only, so checks never pile up behind a hung database. */
    void check() {
        try {
            if (connection == null) connection = open();
            try (Statement statement = connection.createStatement();
                 ResultSet result = statement.executeQuery("SELECT pg_is_in_recovery()")) {
                // A standby answers reads but refuses writes: the old primary, back after a failover, is one.
                if (result.next() && result.getBoolean(1)) throw new SQLException("the server is a standby, not the primary");
            }
            lastSuccess = System.nanoTime();
            if (!reachable) log.info("database reachable");
            reachable = true;
            failure = null;
        } catch (SQLException | RuntimeException e) {
            if (reachable) log.warn("database unreachable: {}", e.getMessage());
            reachable = false;
            failure = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            closeConnection();
        }
    }

    private Connection open() throws SQLException {
        HikariDataSource hikari = dataSource.unwrap(HikariDataSource.class);
        Properties properties = new Properties();
        if (hikari.getUsername() != null) properties.setProperty("user", hikari.getUsername());
        if (hikari.getPassword() != null) properties.setProperty("password", hikari.getPassword());
        properties.setProperty("ApplicationName", "lms-readiness");
        Connection opened = DriverManager.getConnection(hikari.getJdbcUrl(), properties);
        // A hung server breaks the connection after this, not after the URL's socket timeout.
        opened.setNetworkTimeout(Runnable::run, (int) ANSWER_WITHIN.toMillis());
        return opened;
    }

    private void closeConnection() {
        if (connection == null) return;
        try {
            connection.close();
        } catch (SQLException ignored) {
            // a dead connection: nothing to release on the server
        }
        connection = null;
    }

    @Override
    public void start() {
        checks = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "database-readiness");
            thread.setDaemon(true);
            return thread;
        });
        checks.scheduleWithFixedDelay(this::check, 0, EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        checks.shutdownNow();
        try {
            checks.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeConnection();
    }

    @Override
    public boolean isRunning() {
        return checks != null && !checks.isShutdown();
    }
}
