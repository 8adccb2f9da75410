package org.lmsharness.topology.database;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.lmsharness.topology.Node;

/**
 * The control plane of the database, as RDS Multi-AZ runs it: it probes the primary every
 * {@code interval}; after {@code failures} probes in a row fail, and if the standby answers its own
 * probe at once, it fences the old primary (so it can never accept a write again: no split brain)
 * and promotes the standby. The replicas follow by themselves: their JDBC URL lists both servers with
 * {@code targetServerType=primary}.
 *
 * <pre>
 *   asynchronous: probe ✗ ✗ ✗ ─ standby ✓ ─ fence(old primary) ─ promote(standby) ─ replicas reconnect
 *   synchronous:  probe ✗ ✗ ✗ ─ standby ✓ ─┬ promote(standby) ─ replicas reconnect
 *                                          └ fence(old primary), held before the failover is reported
 *   |← detection: a killed primary 0.3 s, a frozen one 1.2 s →|← promotion: tens of ms →|
 * </pre>
 *
 * With a synchronous standby the fence is off the critical path (fencing a paused container takes
 * 0.4–0.8 s): every commit on the old primary waits for its standby, and a standby being promoted
 * stops streaming from it, so from then on the old primary can acknowledge no write, and the
 * promoted standby holds every write it did acknowledge. The fence still runs, and is tried until
 * it holds, so the old primary never serves again. An asynchronous standby may lag, so it is
 * promoted only once the fence has held.
 *
 * A primary that stops answering while its standby answers is lost; one that stops answering while
 * the standby is silent too is a host or a network too busy to tell, and nothing is promoted until
 * the standby answers (a promotion could not work before that anyway).
 *
 * With a synchronous standby it also watches the standby, as Patroni's {@code synchronous_mode}
 * does: every commit waits for the standby, so a silent standby would stop every write. After
 * {@link #STANDBY_FALL} probes in a row fail, the primary stops waiting for it
 * ({@code synchronous_standby_names = ''}); once it answers and streams again, the primary waits for
 * it again. While the standby is not synchronous it may lack acknowledged writes, so it is never
 * promoted then: losing the primary in that window is an outage, never a loss of acknowledged writes.
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
    /** The standby is synchronous: it is promoted while the old primary is fenced, not after. */
    private final boolean synchronous;
    private final AtomicReference<Failover> failover = new AtomicReference<>();
    private final Thread monitor;
    private final Thread standbyMonitor;
    private volatile boolean running = true;
    /**
     * False once the standby watch has dropped a synchronous standby (it may then lack acknowledged writes, so it is not
     * promoted). An asynchronous standby is not watched and stays true: it is promoted only after the fence held.
     */
    private volatile boolean standbyInSync;
    /** A take-over has begun: the standby is never dropped from synchronous after this (the old primary could then acknowledge alone). */
    private volatile boolean takingOver;
    /** Held while the standby is dropped from synchronous and while a take-over begins. */
    private final Object roles = new Object();

    /**
     * How long the primary has to answer one probe; misses in a row add up (a frozen primary is
     * declared lost after {@code failures} × this). At 1 s (3 s of silence) requests waited on a
     * frozen primary past the clients' 2.5 s, and the audit read the frozen primary at 1.0 % errors and
     * 6 s back within the SLO. 300 ms alone declared a busy primary lost while a deployment booted on
     * two cores (a needless failover); the standby's answer, asked before the loss is declared, now
     * tells a silent primary from a host too busy to answer.
     */
    static final Duration PRIMARY_PROBE_TIMEOUT = Duration.ofMillis(400);
    private final ServerProbe primaryProbe;
    /** The standby asked before the primary is declared lost; null when no standby URL is known (then the loss alone decides). */
    private final ServerProbe standbyCheck;

    /** A standby probed this often, with this long to answer, is dropped from synchronous after {@link #STANDBY_FALL} misses. */
    static final Duration STANDBY_PROBE_INTERVAL = Duration.ofMillis(250);
    static final Duration STANDBY_PROBE_TIMEOUT = Duration.ofMillis(500);
    static final int STANDBY_FALL = 2;
    static final int STANDBY_RISE = 2;

    /**
     * The control plane both back ends run: the primary probed every 100 ms and lost after 3 probes in
     * a row fail while the standby answers, fenced by killing its node (it never comes back as a
     * primary), the standby promoted with {@code pg_promote} on its own URL, and watched as well when it
     * is synchronous.
     */
    public static DatabaseFailover between(Node primary, String primaryJdbcUrl, Node standby, String standbyJdbcUrl, boolean synchronous) {
        return new DatabaseFailover(primary.id(), primaryJdbcUrl, standby.id(), standbyJdbcUrl, synchronous, new Actions() {
            @Override
            public void fence(String primaryId) {
                primary.kill();
            }

            @Override
            public void promote(String standbyId) throws SQLException {
                // Waits up to 60 s for the promotion to finish (pg_promote's own wait).
                try (Connection connection = DriverManager.getConnection(standbyJdbcUrl + "?connectTimeout=2", "postgres", "");
                     Statement statement = connection.createStatement()) {
                    // An attempt that timed out on this side may have promoted it: pg_promote would now refuse.
                    try (var inRecovery = statement.executeQuery("SELECT pg_is_in_recovery()")) {
                        if (inRecovery.next() && !inRecovery.getBoolean(1)) return;
                    }
                    try (var promoted = statement.executeQuery("SELECT pg_promote(true, 60)")) {
                        if (!promoted.next() || !promoted.getBoolean(1)) throw new SQLException(standbyId + " did not finish its promotion within 60 s");
                    }
                }
            }
        }, Duration.ofMillis(100), 3);
    }

    /**
     * @param standbyJdbcUrl the standby, asked before a loss is declared; null: unknown, the primary's silence alone decides
     * @param synchronous    the standby is synchronous: then it is watched, and dropped from synchronous while silent
     */
    public DatabaseFailover(String primaryId, String primaryJdbcUrl, String standbyId, String standbyJdbcUrl, boolean synchronous, Actions actions,
                            Duration interval, int failures) {
        this.primaryId = primaryId;
        this.primaryJdbcUrl = primaryJdbcUrl;
        this.standbyId = standbyId;
        this.actions = actions;
        this.interval = interval;
        this.failures = failures;
        this.synchronous = synchronous;
        this.standbyInSync = true;
        this.primaryProbe = new ServerProbe(primaryJdbcUrl, "database-primary-probe");
        this.standbyCheck = standbyJdbcUrl == null ? null : new ServerProbe(standbyJdbcUrl, "database-standby-check");
        this.monitor = new Thread(this::watch, "database-failover");
        this.monitor.setDaemon(true);
        this.monitor.start();
        if (standbyJdbcUrl == null || !synchronous) {
            standbyMonitor = null;
            return;
        }
        this.standbyMonitor = new Thread(() -> watchStandby(standbyJdbcUrl), "database-standby-watch");
        this.standbyMonitor.setDaemon(true);
        this.standbyMonitor.start();
    }

    /** The failover that happened, or null. */
    public Failover failover() {
        return failover.get();
    }

    private void watch() {
        Instant lastSeen = Instant.now();
        Instant declared = null;
        int failed = 0;
        while (running) {
            long started = System.nanoTime();
            if (primaryProbe.answers(PRIMARY_PROBE_TIMEOUT)) {
                lastSeen = Instant.now();
                declared = null; // a primary back after a refused fence: a later loss is declared afresh, never before it was last seen
                failed = 0;
            } else if (++failed >= failures && running && !standbyInSync) {
                log.log(System.Logger.Level.ERROR, "database primary {0} failed {1} probes in a row, and standby {2} is not synchronous: "
                        + "not promoting it (it may lack acknowledged writes)", primaryId, failed, standbyId);
                failed = 0;
            } else if (failed >= failures && running && standbyCheck != null && !standbyCheck.answers(STANDBY_PROBE_TIMEOUT)) {
                if (failed == failures) {
                    log.log(System.Logger.Level.WARNING, "database primary {0} failed {1} probes in a row, but standby {2} is silent too: "
                            + "the host or the network, not the primary; not promoting while the standby does not answer", primaryId, failed, standbyId);
                }
            } else if (failed >= failures && running) {
                if (declared == null) {
                    if (!beginTakeOver()) continue; // the standby was dropped from synchronous just now: the next probe says so
                    declared = Instant.now();
                    log.log(System.Logger.Level.WARNING, "database primary {0} failed {1} probes in a row: fencing it and promoting {2}", primaryId, failed, standbyId);
                }
                if (synchronous) {
                    promoteWhileFencing(lastSeen, declared);
                    return;
                }
                if (tookOver(lastSeen, declared)) return;
            }
            long rest = interval.toMillis() - (System.nanoTime() - started) / 1_000_000;
            if (rest > 0) sleep(rest);
        }
    }

    /**
     * Fences the old primary, then promotes the standby. Either step that fails is tried again at the
     * next probe rather than given up: a control plane that stops after one refused call leaves the
     * deployment without a primary for good. Never promotes while the fence has not held.
     */
    private boolean tookOver(Instant lastSeen, Instant declared) {
        try {
            actions.fence(primaryId);
        } catch (RuntimeException e) {
            log.log(System.Logger.Level.ERROR, "cannot fence {0}, not promoting yet, trying again: {1}", primaryId, e.getMessage());
            return false;
        }
        try {
            actions.promote(standbyId);
        } catch (Exception e) {
            log.log(System.Logger.Level.ERROR, "promotion of {0} failed, trying again: {1}", standbyId, e.getMessage());
            return false;
        }
        failover.set(new Failover(lastSeen, declared, Instant.now()));
        log.log(System.Logger.Level.WARNING, "standby {0} promoted {1} ms after the primary was declared lost", standbyId, failover.get().promotion().toMillis());
        return true;
    }

    /** Marks the take-over begun, unless the standby was dropped from synchronous first: the two never cross. */
    private boolean beginTakeOver() {
        synchronized (roles) {
            if (!standbyInSync) return false;
            takingOver = true;
            return true;
        }
    }

    /**
     * Promotes the synchronous standby while the old primary is fenced on another thread; each step is
     * tried again until it holds (a promotion begun cannot be taken back, so neither can the fence).
     * The failover is reported once both have, with the time the promotion finished.
     */
    private void promoteWhileFencing(Instant lastSeen, Instant declared) {
        Thread fencer = new Thread(() -> {
            while (running) {
                try {
                    actions.fence(primaryId);
                    return;
                } catch (RuntimeException e) {
                    log.log(System.Logger.Level.ERROR, "cannot fence {0}, trying again: {1}", primaryId, e.getMessage());
                    sleep(interval.toMillis());
                }
            }
        }, "database-fence");
        fencer.setDaemon(true);
        fencer.start();
        Instant promoted = null;
        while (running && promoted == null) {
            try {
                actions.promote(standbyId);
                promoted = Instant.now();
            } catch (Exception e) {
                log.log(System.Logger.Level.ERROR, "promotion of {0} failed, trying again: {1}", standbyId, e.getMessage());
                sleep(interval.toMillis());
            }
        }
        try {
            fencer.join();
        } catch (InterruptedException e) {
            running = false;
        }
        if (!running || promoted == null) return;
        failover.set(new Failover(lastSeen, declared, promoted));
        log.log(System.Logger.Level.WARNING, "standby {0} promoted {1} ms after the primary was declared lost, while {2} was fenced ({3} ms in all)",
                standbyId, failover.get().promotion().toMillis(), primaryId, Duration.between(declared, Instant.now()).toMillis());
    }

    /** Drops the standby from synchronous when it stops answering, and takes it back once it answers and streams. */
    private void watchStandby(String standbyUrl) {
        String names = primarySetting("synchronous_standby_names"); // as configured, to restore
        while (running && names.isEmpty()) {
            sleep(STANDBY_PROBE_INTERVAL.toMillis());
            names = primarySetting("synchronous_standby_names");
        }
        ServerProbe probe = new ServerProbe(standbyUrl, "database-standby-probe");
        int missed = 0;
        int answered = 0;
        while (running) {
            long started = System.nanoTime();
            if (probe.answers(STANDBY_PROBE_TIMEOUT)) {
                missed = 0;
                answered++;
            } else {
                answered = 0;
                missed++;
            }
            if (standbyInSync && missed >= STANDBY_FALL && !takingOver) {
                synchronized (roles) {
                    if (!takingOver && setSynchronousStandbys("")) {
                        standbyInSync = false;
                        log.log(System.Logger.Level.WARNING, "standby {0} missed {1} probes: the primary no longer waits for it", standbyId, missed);
                    }
                }
            } else if (!standbyInSync && answered >= STANDBY_RISE && Replication.streams(primaryJdbcUrl) && !takingOver) {
                if (setSynchronousStandbys(names)) {
                    standbyInSync = true;
                    log.log(System.Logger.Level.WARNING, "standby {0} streams again: the primary waits for it again", standbyId);
                }
            }
            long rest = STANDBY_PROBE_INTERVAL.toMillis() - (System.nanoTime() - started) / 1_000_000;
            if (rest > 0) sleep(rest);
        }
        probe.close();
    }

    private boolean setSynchronousStandbys(String names) {
        try {
            Replication.setSynchronousStandbys(primaryJdbcUrl, names);
            return true;
        } catch (SQLException e) {
            log.log(System.Logger.Level.WARNING, "cannot set synchronous_standby_names on {0}: {1}", primaryId, e.getMessage());
            return false;
        }
    }

    private String primarySetting(String name) {
        return primaryQuery("SELECT current_setting('" + name + "')");
    }

    private String primaryQuery(String sql) {
        try (Connection primary = DriverManager.getConnection(primaryJdbcUrl + "?connectTimeout=1&socketTimeout=2", "postgres", "");
             java.sql.ResultSet row = primary.createStatement().executeQuery(sql)) {
            return row.next() ? row.getString(1) : "";
        } catch (SQLException e) {
            return "";
        }
    }

    /**
     * {@code SELECT 1} on a kept connection (a killed server breaks it at once), answered within a
     * deadline shorter than a second (the driver's own timeouts count whole seconds): a frozen server
     * accepts the connection and never answers. An answer still pending at the next probe is waited
     * on again, so misses in a row mean one {@code SELECT 1} unanswered for that long.
     */
    private static final class ServerProbe {
        private final String url;
        private final java.util.concurrent.ExecutorService worker;
        private java.util.concurrent.Future<Boolean> pending;
        private Connection connection;

        ServerProbe(String url, String threadName) {
            this.url = url + "?connectTimeout=2&socketTimeout=5";
            this.worker = java.util.concurrent.Executors.newSingleThreadExecutor(task -> {
                Thread thread = new Thread(task, threadName);
                thread.setDaemon(true);
                return thread;
            });
        }

        boolean answers(Duration timeout) {
            if (pending == null || pending.isDone()) pending = worker.submit(this::selectOne);
            try {
                boolean ok = pending.get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
                pending = null;
                return ok;
            } catch (java.util.concurrent.TimeoutException e) {
                return false; // still waiting: the next probe waits on the same attempt instead of piling up more
            } catch (Exception e) {
                pending = null;
                return false;
            }
        }

        private boolean selectOne() {
            try {
                if (connection == null || connection.isClosed()) connection = DriverManager.getConnection(url, "postgres", "");
                try (java.sql.Statement statement = connection.createStatement()) {
                    statement.execute("SELECT 1");
                    return true;
                }
            } catch (SQLException e) {
                try {
                    if (connection != null) connection.close();
                } catch (SQLException ignored) {
                    // already broken
                }
                connection = null;
                return false;
            }
        }

        void close() {
            worker.shutdownNow();
        }
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
        if (standbyMonitor != null) standbyMonitor.interrupt();
        try {
            monitor.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        primaryProbe.close();
        if (standbyCheck != null) standbyCheck.close();
    }
}
