package org.lmsharness.topology.heal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.lmsharness.topology.Deployment;
import org.lmsharness.topology.Deployment.Replica;
import org.lmsharness.topology.Node;

/**
 * Replaces replicas that die or get stuck, as an auto-scaling group's health-check replacement or a
 * Kubernetes liveness probe with its restart does. Every {@link Settings#period()} it asks each
 * replica's process whether it lives and its liveness probe ({@code /actuator/health/liveness})
 * whether it answers within {@link Settings#timeout()}. Dead, or silent {@link Settings#failures()}
 * checks in a row (alive but stuck: frozen, deadlocked), the replica is killed, taken out of the edge,
 * and a new one of the deployment's release is started in its zone, ready before the edge sends it
 * traffic. One replacement at a time, so a sick host is not stormed with boots.
 *
 * <p>It heals the database too: once a failover has left the new primary without a standby, it has the
 * deployment put a new one in the lost server's place ({@link Deployment#restoreStandby()}), as RDS
 * Multi-AZ does, so that a second loss of the primary is a failover again and not an outage.
 *
 * <pre>
 *   stated time to replace = detection (dead: ≤ period; stuck: ≤ failures × (period + timeout)) + a boot
 * </pre>
 */
public final class Supervisor implements AutoCloseable {

    /**
     * @param period   between two checks of every replica
     * @param timeout  how long a liveness probe may take before it counts as failed
     * @param failures failed probes in a row that make an alive replica stuck
     */
    public record Settings(Duration period, Duration timeout, int failures) {
        /** Kubernetes' liveness defaults are 10 s, 1 s and 3; a harness measuring failover in seconds checks every second, waits 2 s. */
        public static final Settings DEFAULT = new Settings(Duration.ofSeconds(1), Duration.ofSeconds(2), 3);

        /** The longest a stuck replica can go unnoticed; a dead one is seen within a period. */
        public Duration detectsStuckWithin() {
            return period.plus(timeout).multipliedBy(failures);
        }
    }

    /**
     * One replacement.
     *
     * @param replaced    the replica taken out
     * @param zone        where it ran, and its replacement runs
     * @param why         "dead" or "stuck: …"
     * @param detectedAt  epoch ms at which the supervisor judged it
     * @param replacement the new replica's id; null when its start failed
     * @param readyAt     epoch ms at which the replacement was in the edge; 0 when it failed
     * @param error       why the replacement failed; null when it did not
     */
    public record Replacement(String replaced, String zone, String why, long detectedAt, String replacement, long readyAt, String error) {
        public double secondsToReplace() {
            return readyAt == 0 ? Double.NaN : (readyAt - detectedAt) / 1000.0;
        }
    }

    private final Deployment deployment;
    private final Settings settings;
    private final Consumer<String> log;
    private final HttpClient http;
    private final Map<String, Integer> failedProbes = new HashMap<>();
    /** Replicas that could not be taken out: replaced once, never judged again (else each check would replace them anew). */
    private final Set<String> abandoned = new HashSet<>();
    /** A standby that cannot be restored is tried again at most this many times, {@link #RESTORE_RETRY} apart. */
    private static final int RESTORE_ATTEMPTS = 3;
    private static final Duration RESTORE_RETRY = Duration.ofSeconds(10);
    /**
     * How long after a failover the new standby's copy begins. The copy (a server started, the new
     * primary's data sent to it) competes for the same few cores as the replicas draining the queue
     * that built up behind the lost primary: begun at once, on containers it held p99 near 600 ms
     * until it finished, 9 s after the fault. RDS takes minutes for the same step.
     */
    static final Duration STANDBY_RESTORE_AFTER = Duration.ofSeconds(5);
    private int restoreAttempts;
    private long nextRestore;
    /** Epoch ms at which the supervisor first saw the standby lost; 0 while it is not. */
    private long standbyLostSince;
    private final List<Replacement> replacements = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    private Supervisor(Deployment deployment, Settings settings, Consumer<String> log) {
        this.deployment = deployment;
        this.settings = settings;
        this.log = log;
        this.http = HttpClient.newBuilder().connectTimeout(settings.timeout()).build();
        this.thread = new Thread(this::watch, "replica-supervisor");
        this.thread.setDaemon(true);
    }

    /** Starts watching {@code deployment}'s replicas; {@link #close()} stops it (a replacement under way finishes first). */
    public static Supervisor start(Deployment deployment, Settings settings, Consumer<String> log) {
        Supervisor supervisor = new Supervisor(deployment, settings, log);
        supervisor.thread.start();
        log.accept(String.format(java.util.Locale.ROOT, "supervisor: checking every replica every %.1f s (liveness within %.1f s, %d failures in a row)",
                settings.period().toMillis() / 1000.0, settings.timeout().toMillis() / 1000.0, settings.failures()));
        return supervisor;
    }

    /** The replacements so far, in order. */
    public List<Replacement> replacements() {
        return List.copyOf(replacements);
    }

    private void watch() {
        while (running) {
            long next = System.currentTimeMillis() + settings.period().toMillis();
            if (!deployment.standbyLost()) {
                standbyLostSince = 0;
            } else if (standbyLostSince == 0) {
                standbyLostSince = System.currentTimeMillis();
                nextRestore = Math.max(nextRestore, standbyLostSince + STANDBY_RESTORE_AFTER.toMillis());
            }
            if (standbyLostSince != 0 && restoreAttempts < RESTORE_ATTEMPTS && System.currentTimeMillis() >= nextRestore) restoreStandby();
            for (Replica replica : deployment.replicas()) {
                if (!running) return;
                if (abandoned.contains(replica.id())) continue;
                String sick = check(replica);
                if (sick != null) replace(replica, sick);
            }
            try {
                Thread.sleep(Math.max(0, next - System.currentTimeMillis()));
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Why the replica must be replaced; null while it is healthy. */
    private String check(Replica replica) {
        Node node;
        try {
            node = deployment.node(replica.id());
        } catch (IllegalArgumentException removed) {
            return null; // removed since the list was read (a scale-in, a rollout)
        }
        if (!node.isAlive()) return "dead";
        String failure = probe(replica);
        if (failure == null) {
            failedProbes.remove(replica.id());
            return null;
        }
        int failures = failedProbes.merge(replica.id(), 1, Integer::sum);
        return failures >= settings.failures() ? "stuck: " + failures + " liveness probes failed in a row, the last " + failure : null;
    }

    /** Null when the liveness probe answers 200 in time, else what went wrong. */
    private String probe(Replica replica) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(replica.url() + "/actuator/health/liveness")).timeout(settings.timeout()).build();
        try {
            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            return status == 200 ? null : "answered " + status;
        } catch (IOException e) {
            return e.getClass().getSimpleName();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private void replace(Replica sick, String why) {
        long detected = System.currentTimeMillis();
        failedProbes.remove(sick.id());
        log.accept("supervisor: " + sick.id() + " in " + sick.zone() + " is " + why + "; replacing it");
        try {
            Node node = deployment.node(sick.id());
            node.resume(); // a frozen process or paused container takes no kill otherwise
            node.kill();
            deployment.removeReplica(sick.id());
        } catch (RuntimeException e) {
            abandoned.add(sick.id());
            log.accept("supervisor: could not take " + sick.id() + " out (left as it is): " + e.getMessage());
        }
        try {
            Replica added = deployment.addReplica(sick.zone());
            long ready = System.currentTimeMillis();
            replacements.add(new Replacement(sick.id(), sick.zone(), why, detected, added.id(), ready, null));
            log.accept(String.format(java.util.Locale.ROOT, "supervisor: %s replaced %s in %.1f s (%s)", added.id(), sick.id(), (ready - detected) / 1000.0,
                    deployment.warmUp(added.id()).orElse("not warmed")));
        } catch (RuntimeException e) {
            replacements.add(new Replacement(sick.id(), sick.zone(), why, detected, null, 0, e.getMessage()));
            log.accept("supervisor: no replacement for " + sick.id() + ": " + e.getMessage());
        }
    }

    /** A new standby in the place of the primary a failover lost. */
    private void restoreStandby() {
        long detected = System.currentTimeMillis();
        Node lost = deployment.nodes().stream().filter(node -> node.kind() == Node.Kind.DB_PRIMARY && !node.isAlive()).findFirst().orElse(null);
        String replaced = lost == null ? "database server" : lost.id();
        String zone = lost == null ? "" : lost.zone();
        String why = "database primary lost, its standby promoted: no standby left";
        log.accept("supervisor: " + why + "; restoring one in the place of " + replaced);
        restoreAttempts++;
        try {
            String standby = deployment.restoreStandby();
            long ready = System.currentTimeMillis();
            restoreAttempts = 0;
            replacements.add(new Replacement(replaced, zone, why, detected, standby, ready, null));
            log.accept(String.format(java.util.Locale.ROOT, "supervisor: new standby %s streams from the primary%s, %.1f s after",
                    standby, deployment.preset().database().synchronous() ? ", synchronous" : "", (ready - detected) / 1000.0));
        } catch (Exception e) {
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            nextRestore = System.currentTimeMillis() + RESTORE_RETRY.toMillis();
            replacements.add(new Replacement(replaced, zone, why, detected, null, 0, e.getMessage()));
            log.accept("supervisor: no new standby (attempt " + restoreAttempts + " of " + RESTORE_ATTEMPTS + "): " + e.getMessage());
        }
    }

    /** Stops watching; a replacement under way finishes first (at most a boot). */
    @Override
    public void close() {
        running = false;
        try {
            thread.join(Duration.ofMinutes(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
