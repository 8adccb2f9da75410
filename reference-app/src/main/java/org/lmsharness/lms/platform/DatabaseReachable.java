package org.lmsharness.lms.platform;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.postgresql.Driver;
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
 *   every database server of the JDBC URL, each on its own thread and connection, every 200 ms:
 *       SELECT 1, answer within 1 s
 *   UP while any server answered in the last 2 s and its last check did not fail
 * </pre>
 *
 * Any server, not the primary: while the primary fails over, the standby still answers, and the
 * replica stays in rotation so that its requests wait for the new primary (a replica marked down
 * loses its requests in flight). Only a replica that reaches no database server at all, cut off
 * from the database, reads unready. The answer is computed in the background, so the edge's checks
 * (timeout 500 ms in multi-az) get it at once. The connections are the indicator's own, outside the
 * pool: a pool exhausted under load must not read as an unreachable database and eject a busy
 * replica.
 */
@Component("databaseHealthIndicator")
class DatabaseReachable implements HealthIndicator, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DatabaseReachable.class);
    static final Duration EVERY = Duration.ofMillis(200);
    /** How long one check waits for the server's answer. */
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(1);
    /**
     * Beyond this without a successful check a server counts as hung. Twice the answer's deadline:
     * a replica saturated under its CPU quota runs its checks late, and must not read as cut off.
     */
    static final Duration STALE = Duration.ofSeconds(2);

    private final DataSource dataSource;
    private final List<Server> servers = new ArrayList<>();
    private ScheduledExecutorService checks;
    /** For logging the changes only. */
    private volatile boolean reachable = true;

    DatabaseReachable(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Health health() {
        long now = System.nanoTime();
        List<String> failures = new ArrayList<>();
        for (Server server : servers) {
            String failed = server.failure;
            if (failed == null && now - server.lastSuccess <= STALE.toNanos()) return answer(true, Health.up().build());
            failures.add(server.address + ": " + (failed != null ? failed : "no answer for " + (now - server.lastSuccess) / 1_000_000 + " ms"));
        }
        return answer(false, Health.down().withDetail("errors", failures.isEmpty() ? List.of("not checked yet") : failures).build());
    }

    private Health answer(boolean up, Health health) {
        if (up != reachable) {
            if (up) log.info("database reachable again");
            else log.warn("no database server reachable: {}", health.getDetails());
        }
        reachable = up;
        return health;
    }

    /** One server of the URL, checked on a connection of its own by one thread, so a hung server holds up no other check. */
    private static final class Server {
        final String address;
        final String url;
        final Properties properties;
        Connection connection;
        volatile long lastSuccess = System.nanoTime() - 2 * STALE.toNanos();
        volatile String failure = "not checked yet";

        Server(String address, String url, Properties properties) {
            this.address = address;
            this.url = url;
            this.properties = properties;
        }

        void check() {
            try {
                if (connection == null) {
                    connection = DriverManager.getConnection(url, properties);
                    // A hung server breaks the connection after this, not after the URL's socket timeout.
                    connection.setNetworkTimeout(Runnable::run, (int) ANSWER_WITHIN.toMillis());
                }
                try (Statement statement = connection.createStatement()) {
                    statement.execute("SELECT 1");
                }
                lastSuccess = System.nanoTime();
                failure = null;
            } catch (SQLException | RuntimeException e) {
                failure = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                close();
            }
        }

        void close() {
            if (connection == null) return;
            try {
                connection.close();
            } catch (SQLException ignored) {
                // a dead connection: nothing to release on the server
            }
            connection = null;
        }
    }

    /** The servers of the pool's JDBC URL, as the driver itself parses it; each reached alone, primary or not. */
    private List<Server> serversOfThePool() throws SQLException {
        HikariDataSource hikari = dataSource.unwrap(HikariDataSource.class);
        Properties parsed = Driver.parseURL(hikari.getJdbcUrl(), new Properties());
        if (parsed == null) throw new IllegalStateException("not a PostgreSQL JDBC URL: " + hikari.getJdbcUrl());
        String[] hosts = parsed.getProperty("PGHOST").split(",");
        String[] ports = parsed.getProperty("PGPORT").split(",");
        List<Server> found = new ArrayList<>();
        for (int i = 0; i < hosts.length; i++) {
            String address = hosts[i] + ":" + ports[i];
            Properties properties = new Properties();
            if (hikari.getUsername() != null) properties.setProperty("user", hikari.getUsername());
            if (hikari.getPassword() != null) properties.setProperty("password", hikari.getPassword());
            properties.setProperty("connectTimeout", Long.toString(ANSWER_WITHIN.toSeconds()));
            properties.setProperty("loginTimeout", Long.toString(ANSWER_WITHIN.toSeconds()));
            properties.setProperty("ApplicationName", "lms-readiness");
            String host = hosts[i].contains(":") ? "[" + hosts[i] + "]" : hosts[i];
            found.add(new Server(address, "jdbc:postgresql://" + host + ":" + ports[i] + "/" + parsed.getProperty("PGDBNAME"), properties));
        }
        return found;
    }

    @Override
    public void start() {
        try {
            servers.addAll(serversOfThePool());
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the database servers for readiness: " + e.getMessage(), e);
        }
        checks = Executors.newScheduledThreadPool(servers.size(), task -> {
            Thread thread = new Thread(task, "database-readiness");
            thread.setDaemon(true);
            return thread;
        });
        for (Server server : servers) checks.scheduleWithFixedDelay(server::check, 0, EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        checks.shutdownNow();
        try {
            checks.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        servers.forEach(Server::close);
    }

    @Override
    public boolean isRunning() {
        return checks != null && !checks.isShutdown();
    }
}
