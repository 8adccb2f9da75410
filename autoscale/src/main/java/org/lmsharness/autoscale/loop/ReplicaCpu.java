package org.lmsharness.autoscale.loop;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;
import org.lmsharness.capacity.measure.ProcCpu;
import org.lmsharness.topology.Deployment;

/**
 * Each serving replica's CPU, read from /proc once a second (a container's processes are the host's too), as a percentage of
 * its quota: what a policy on CPU reads, AWS's ASGAverageCPUUtilization or the HPA's CPU Resource metric (a pod's usage over
 * its request; the quota stands for the request). A replica is sampled from the moment it serves; samples are kept for the
 * whole scenario, and a window is read between the samples around it.
 */
final class ReplicaCpu implements AutoCloseable {

    /** A window's ends must each have a sample this close (ms): a replica that began serving inside the window has no figure. */
    static final long MAX_GAP_MILLIS = 1_500;

    /** When, and the CPU seconds the replica had used so far. */
    record Sample(long at, double seconds) {}

    private final Supplier<List<String>> serving;
    private final ToLongFunction<String> pid;
    private final ToDoubleFunction<String> quota;
    private final Map<String, Long> pids = new ConcurrentHashMap<>();
    private final Map<String, List<Sample>> samples = new ConcurrentHashMap<>();
    private final EverySecond sampler;
    private volatile String lastError;

    ReplicaCpu(Deployment deployment) {
        this(() -> deployment.replicas().stream().map(Deployment.Replica::id).toList(), deployment::pid, deployment::cpuQuota);
    }

    /**
     * @param serving the replicas serving now
     * @param pid     a replica's process
     * @param quota   a replica's CPU quota, cores (0: none)
     */
    ReplicaCpu(Supplier<List<String>> serving, ToLongFunction<String> pid, ToDoubleFunction<String> quota) {
        this.serving = serving;
        this.pid = pid;
        this.quota = quota;
        sampler = new EverySecond("replica-cpu", this::sample);
    }

    private void sample() {
        long now = System.currentTimeMillis();
        List<String> ids = serving.get();
        for (String id : ids) {
            if (pids.containsKey(id)) continue;
            // A replica's process is the same for its life: looked up once (on containers each lookup asks the Docker engine).
            try {
                pids.put(id, pid.applyAsLong(id));
            } catch (RuntimeException e) {
                lastError = id + ": " + e; // removed meanwhile, or not yet started: tried again next second
            }
        }
        Map<Long, Double> seconds = ProcCpu.treeSeconds(ids.stream().filter(pids::containsKey).map(pids::get).filter(p -> p > 0).toList(), Set.of());
        for (String id : ids) {
            Double used = pids.containsKey(id) ? seconds.get(pids.get(id)) : null;
            if (used == null) continue;
            List<Sample> own = samples.computeIfAbsent(id, key -> new ArrayList<>());
            synchronized (own) {
                own.add(new Sample(now, used));
            }
        }
    }

    /**
     * CPU used over [from, to), percent of each replica's quota, averaged over the {@code replicas} that have samples around the
     * window; NaN when none has (all of them began serving inside it) or a replica has no quota.
     */
    double percentOfQuota(long from, long to, Collection<String> replicas) {
        double sum = 0;
        int counted = 0;
        for (String id : replicas) {
            List<Sample> own = samples.get(id);
            double cores = quota.applyAsDouble(id);
            if (own == null || cores <= 0) continue;
            Sample first;
            Sample last;
            synchronized (own) {
                first = nearest(own, from);
                last = nearest(own, to);
            }
            if (first == null || last.at() <= first.at() || Math.abs(first.at() - from) > MAX_GAP_MILLIS || Math.abs(last.at() - to) > MAX_GAP_MILLIS) continue;
            sum += 100 * Math.max(0, last.seconds() - first.seconds()) * 1000 / (last.at() - first.at()) / cores;
            counted++;
        }
        return counted == 0 ? Double.NaN : sum / counted;
    }

    private static Sample nearest(List<Sample> samples, long at) {
        Sample best = null;
        for (Sample sample : samples) if (best == null || Math.abs(sample.at() - at) < Math.abs(best.at() - at)) best = sample;
        return best;
    }

    String lastError() {
        return lastError;
    }

    @Override
    public void close() {
        sampler.close();
    }
}
