package org.lmsharness.topology.release;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.lmsharness.topology.Deployment;
import org.lmsharness.topology.Deployment.Replica;
import org.lmsharness.topology.Release;
import org.lmsharness.topology.ReplicaNotReady;

/**
 * A rolling update of a running deployment to another {@link Release}, one replica at a time and
 * never below the fleet's capacity: a Kubernetes Deployment's {@code RollingUpdate} with
 * {@code maxSurge: 1, maxUnavailable: 0}, or an auto-scaling group's instance refresh at 100 %
 * minimum healthy. For each replica of another release, in turn:
 *
 * <pre>
 *   start one of the new release in its zone → ready (readiness UP) → the edge sends it traffic
 *   → the old one leaves the edge (drained: its requests in flight finish) → stopped (SIGTERM)
 * </pre>
 *
 * A new replica not ready within the deadline stops the rollout and rolls it back by itself: the
 * failed replica is stopped (the edge never saw it), and every replica already moved is replaced the
 * same way by one of the release the deployment ran before. A completed rollout is adopted: replicas
 * added later (scaling, replacement) run the new release.
 */
public final class RollingUpdate {

    /** Requests sent through the edge after each new replica joins, to see which releases answer. */
    private static final int PROBES = 40;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private RollingUpdate() {}

    /**
     * One replica replaced.
     *
     * @param removed    the replica taken out
     * @param added      the one that took its place
     * @param zone       where both run
     * @param seconds    from the new one's start to the old one gone
     * @param answeredBy releases that answered {@link #PROBES} requests through the edge while both served, by name
     */
    public record Step(String removed, String added, String zone, double seconds, Map<String, Integer> answeredBy) {}

    /**
     * How the rollout ended.
     *
     * @param release    what it rolled out
     * @param previous   what the deployment ran before
     * @param completed  every replica runs {@code release}
     * @param failure    why it stopped; null when completed
     * @param failedReplica the new replica that was not ready (stopped, never in the edge); null when completed
     * @param steps      replicas moved to {@code release}, in order
     * @param rolledBack replicas moved back to {@code previous} after the failure, in order
     * @param seconds    the whole rollout, rollback included
     */
    public record Outcome(Release release, Release previous, boolean completed, String failure, String failedReplica, List<Step> steps,
                          List<Step> rolledBack, double seconds) {

        /** Whether some step saw both releases answer through the edge: old and new served side by side. */
        public boolean servedSideBySide() {
            return steps.stream().anyMatch(step -> step.answeredBy().getOrDefault(release.name(), 0) > 0
                    && step.answeredBy().getOrDefault(previous.name(), 0) > 0);
        }

        public String summary() {
            String moved = steps.size() + " replica(s) moved in " + String.format(java.util.Locale.ROOT, "%.1f s", seconds);
            return completed ? "rolled out '" + release.name() + "': " + moved
                    : "rollout of '" + release.name() + "' stopped (" + failure + "); " + moved + ", " + rolledBack.size() + " moved back to '"
                      + previous.name() + "'";
        }
    }

    /**
     * The deadline a new replica gets to be ready: twice the slowest time to ready this deployment has
     * recorded (its boot, replicas added since), at least a minute. A release slower than that is
     * taken for a failed one.
     */
    public static Duration readyDeadline(Deployment deployment) {
        return Duration.ofSeconds(Math.max(60, Math.round(2 * deployment.slowestReadySeconds())));
    }

    /** Rolls {@code deployment} to {@code release}, saying what it does through {@code log}; never throws on a failed release, it rolls back. */
    public static Outcome roll(Deployment deployment, Release release, Duration readyWithin, Consumer<String> log) {
        long start = System.nanoTime();
        Release previous = deployment.release();
        List<Step> steps = new ArrayList<>();
        String failure = null;
        String failedReplica = null;
        for (Replica old : deployment.replicas()) {
            if (old.release().equals(release.name())) continue;
            try {
                steps.add(replace(deployment, old, release, readyWithin, log));
            } catch (ReplicaNotReady e) {
                failure = e.getMessage();
                failedReplica = e.replicaId();
                log.accept("rollout stopped: " + failure);
                break;
            }
        }
        List<Step> rolledBack = new ArrayList<>();
        if (failure == null) {
            deployment.adopt(release);
        } else {
            for (int i = steps.size() - 1; i >= 0; i--) {
                Step step = steps.get(i);
                Replica moved = deployment.replicas().stream().filter(r -> r.id().equals(step.added())).findFirst().orElseThrow();
                try {
                    rolledBack.add(replace(deployment, moved, previous, readyWithin, log));
                } catch (ReplicaNotReady e) {
                    failure += "; the rollback failed too: " + e.getMessage();
                    log.accept("rollback stopped: " + e.getMessage());
                    break;
                }
            }
        }
        Outcome outcome = new Outcome(release, previous, failure == null, failure, failedReplica, steps, rolledBack, (System.nanoTime() - start) / 1e9);
        log.accept(outcome.summary());
        return outcome;
    }

    /** One of {@code release} in {@code old}'s zone, ready and in the edge, then {@code old} out. */
    private static Step replace(Deployment deployment, Replica old, Release release, Duration readyWithin, Consumer<String> log) {
        long start = System.nanoTime();
        log.accept("starting a replica of '" + release.name() + "' in " + old.zone() + " to replace " + old.id() + " ('" + old.release() + "')");
        Replica added = deployment.addReplica(old.zone(), release, readyWithin);
        Map<String, Integer> answeredBy = answeredBy(deployment);
        log.accept(added.id() + " ready, " + deployment.warmUp(added.id()).orElse("not warmed") + ", and in the edge; through the edge " + PROBES
                + " requests were answered by " + answeredBy);
        deployment.removeReplica(old.id());
        double seconds = (System.nanoTime() - start) / 1e9;
        log.accept(String.format(java.util.Locale.ROOT, "%s drained and stopped; %s took its place in %.1f s", old.id(), added.id(), seconds));
        return new Step(old.id(), added.id(), old.zone(), seconds, answeredBy);
    }

    /** Which release answered each of {@link #PROBES} light GETs through the edge (its X-Lms-Release header); empty without an edge. */
    private static Map<String, Integer> answeredBy(Deployment deployment) {
        Map<String, Integer> releases = new TreeMap<>();
        if (deployment.edgeUrl().isEmpty()) return releases;
        HttpRequest request = HttpRequest.newBuilder(URI.create(deployment.edgeUrl().get() + "/api/courses?size=1")).timeout(Duration.ofSeconds(5)).build();
        for (int i = 0; i < PROBES; i++) {
            try {
                HttpResponse<Void> response = HTTP.send(request, HttpResponse.BodyHandlers.discarding());
                releases.merge(response.headers().firstValue("X-Lms-Release").orElse("(none: status " + response.statusCode() + ")"), 1, Integer::sum);
            } catch (IOException e) {
                releases.merge("(no answer)", 1, Integer::sum);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return releases;
    }
}
