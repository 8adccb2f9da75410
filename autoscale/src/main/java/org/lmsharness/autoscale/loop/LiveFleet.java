package org.lmsharness.autoscale.loop;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.lmsharness.autoscale.policy.Fleet;
import org.lmsharness.topology.Deployment;

/**
 * The deployment's replicas as a policy sees them, and what it asks done, as an Auto Scaling group does it: a launch starts
 * at once and the instance counts from then (booting), serving once the edge sees it up; a removal drains and stops it. Each
 * launch runs on its own thread, so replicas boot side by side as instances do.
 */
final class LiveFleet implements AutoCloseable {

    private final Deployment deployment;
    private final List<String> zones;
    private final ExecutorService work = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "autoscale-fleet");
        thread.setDaemon(true);
        return thread;
    });
    private final List<Fleet.Instance> instances = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();
    /** Launches removed before they were up: their replicas go as soon as they are. */
    private final List<String> cancelled = new ArrayList<>();
    private int desired;
    private int launches;

    LiveFleet(Deployment deployment, long now) {
        this.deployment = deployment;
        this.zones = deployment.preset().zones();
        for (Deployment.Replica replica : deployment.replicas()) instances.add(new Fleet.Instance(replica.id(), now - 3_600_000, now - 3_600_000));
        this.desired = instances.size();
    }

    synchronized Fleet fleet() {
        return new Fleet(desired, instances);
    }

    synchronized int desired() {
        return desired;
    }

    /** Replicas serving at {@code now}. */
    synchronized int ready(long now) {
        return (int) instances.stream().filter(i -> i.ready(now)).count();
    }

    /** Instances launched and not removed (booting ones included). */
    synchronized int launched() {
        return instances.size();
    }

    synchronized List<String> failures() {
        return List.copyOf(failures);
    }

    /** Launches or removes instances until {@code target} exist; the newest go first (a booting one before a serving one). */
    synchronized void scaleTo(int target, long now) {
        desired = target;
        while (instances.size() < target) launch(now);
        while (instances.size() > target) {
            Fleet.Instance youngest = instances.stream().max(Comparator.comparingLong(Fleet.Instance::launchedAt)).orElseThrow();
            instances.remove(youngest);
            if (youngest.id().startsWith("launching-")) {
                cancelled.add(youngest.id()); // its replica is removed as soon as it is up
            } else {
                work.submit(() -> remove(youngest.id()));
            }
        }
    }

    private void launch(long now) {
        String placeholder = "launching-" + ++launches;
        String zone = zones.get(launches % zones.size());
        instances.add(new Fleet.Instance(placeholder, now, Fleet.Instance.NOT_READY));
        work.submit(() -> {
            try {
                Deployment.Replica replica = deployment.addReplica(zone);
                long up = System.currentTimeMillis();
                synchronized (this) {
                    if (cancelled.remove(placeholder)) {
                        work.submit(() -> remove(replica.id()));
                        return;
                    }
                    instances.replaceAll(i -> i.id().equals(placeholder) ? new Fleet.Instance(replica.id(), now, up) : i);
                }
            } catch (RuntimeException e) {
                synchronized (this) {
                    failures.add("a replica in " + zone + " did not start: " + e.getMessage());
                    instances.removeIf(i -> i.id().equals(placeholder));
                }
            }
        });
    }

    private void remove(String id) {
        try {
            deployment.removeReplica(id);
        } catch (RuntimeException e) {
            synchronized (this) {
                failures.add(id + " was not removed: " + e.getMessage());
            }
        }
    }

    /** Waits for launches and removals under way (at most two minutes): the deployment is torn down after. */
    @Override
    public void close() {
        work.shutdown();
        try {
            work.awaitTermination(2, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
