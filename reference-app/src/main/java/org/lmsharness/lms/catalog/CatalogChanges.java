package org.lmsharness.lms.catalog;

import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Cache invalidation across replicas, with nothing but PostgreSQL:
 *
 * <pre>
 *   replica A: change course 7 ─ pg_notify('catalog_changed','7') ─ commit ─┐
 *   replica B: LISTEN catalog_changed  <────────────────────────────────────┘  evict course 7
 * </pre>
 *
 * The notification is sent by the same transaction as the change, so no replica hears of a change
 * that rolled back. While the listening connection is lost (failover) notifications can be missed,
 * so every reconnect evicts everything.
 */
@Component
class CatalogChanges implements SmartLifecycle {

    static final String CHANNEL = "catalog_changed";
    private static final Logger log = LoggerFactory.getLogger(CatalogChanges.class);

    private final JdbcClient db;
    private final DataSource dataSource;
    private final List<Consumer<Long>> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean running;
    private Thread listener;

    CatalogChanges(JdbcClient db, DataSource dataSource) {
        this.db = db;
        this.dataSource = dataSource;
    }

    /** Evicts on this replica after commit, and tells the others through the database. */
    void publish(long courseId) {
        db.sql("SELECT pg_notify(:channel, :payload)").param("channel", CHANNEL).param("payload", Long.toString(courseId))
                .query(Object.class).optional();
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    fire(courseId);
                }
            });
        } else {
            fire(courseId);
        }
    }

    /** {@code null} means "anything may have changed". */
    void onChange(Consumer<Long> listener) {
        listeners.add(listener);
    }

    private void fire(Long courseId) {
        listeners.forEach(listener -> listener.accept(courseId));
    }

    @Override
    public void start() {
        running = true;
        listener = new Thread(this::listen, "catalog-changes");
        listener.setDaemon(true);
        listener.start();
    }

    @Override
    public void stop() {
        running = false;
        if (listener != null) listener.interrupt();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void listen() {
        while (running) {
            try (Connection connection = dataSource.getConnection()) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + CHANNEL);
                }
                fire(null);
                PGConnection postgres = connection.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] notifications = postgres.getNotifications(1_000);
                    if (notifications == null) continue;
                    for (PGNotification notification : notifications) fire(parse(notification.getParameter()));
                }
            } catch (Exception e) {
                if (!running) return;
                log.warn("catalog change listener lost its connection ({}); reconnecting", e.getMessage());
                try {
                    Thread.sleep(1_000);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    private static Long parse(String payload) {
        try {
            return Long.valueOf(payload);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
