package org.lmsharness.autoscale.replay;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.lmsharness.autoscale.policy.Controller;
import org.lmsharness.autoscale.policy.Decision;
import org.lmsharness.autoscale.policy.Fleet;
import org.lmsharness.autoscale.policy.Metric;
import org.lmsharness.autoscale.policy.Metrics;
import org.lmsharness.autoscale.policy.ScalingPolicy;
import org.lmsharness.autoscale.policy.TimeScale;

/**
 * Runs a policy against the fleet model over a load trace in discrete time, faster than real time (a day in well under a
 * second): the same {@link Controller} as the real loop, fed by the model instead of the edge and the cgroups.
 *
 * <p>Each tick the offered load is spread evenly over the replicas serving (the edge balances them); a replica serves up to
 * its saturation X, and what it cannot serve waits in a queue whose wait adds to the latency; a request that would wait more
 * than {@value #TIMEOUT_SECONDS} s, or arrives with no replica serving, fails. A replica added serves after the measured boot;
 * one removed stops at once (the edge drains it). Metrics read by the policy are the model's: requests routed per replica
 * (served or queued, as a load balancer counts them) and the CPU of what is served.
 */
public final class Replayer {

    /** How long a request waits before the client gives up: as the capacity steps' and the live loop's client (10 s). */
    static final double TIMEOUT_SECONDS = 10;

    private final FleetModel fleet;

    public Replayer(FleetModel fleet) {
        this.fleet = fleet;
    }

    /**
     * Replicas serving when a trace begins: as many as its first second needs at one replica's capacity, within the policy's
     * bounds, as a fleet that had already followed the load before it. A fall starts from the peak's fleet, so it can scale in;
     * a spike starts from its quiet level.
     */
    public int startReplicas(LoadTrace trace, ScalingPolicy policy) {
        int needed = (int) Math.ceil(trace.at(0) / fleet.capacity() - 1e-9);
        return Math.max(policy.minimum(), Math.min(policy.maximum(), needed));
    }

    /**
     * @param startReplicas replicas serving at the start (at least the policy's minimum)
     */
    public Replay replay(LoadTrace trace, ScalingPolicy policy, TimeScale time, int startReplicas) {
        Controller controller = policy.controller(time);
        long tick = Math.min(1000, Math.max(50, controller.intervalMillis() / 4));
        long window = time.millis(60);
        long end = Math.round(trace.durationSeconds() * 1000);
        long boot = Math.round(fleet.bootSeconds() * 1000);
        int ticks = (int) (end / tick) + 1;
        double[] perReplica = new double[ticks];
        double[] cpu = new double[ticks];
        List<Fleet.Instance> instances = new ArrayList<>();
        int serial = 0;
        for (int i = 0; i < Math.max(policy.minimum(), startReplicas); i++) instances.add(new Fleet.Instance("replica-" + ++serial, -3_600_000, -3_600_000));
        int desired = instances.size();
        Metrics metrics = new ModelMetrics(perReplica, cpu, tick);

        List<Replay.Window> windows = new ArrayList<>();
        List<Decision> events = new ArrayList<>();
        WindowStats stats = new WindowStats();
        double backlog = 0;
        double replicaMillis = 0;
        double oracleMillis = 0;
        double shortSince = -1;
        double longestShort = 0;
        int maxReplicas = desired;
        long nextDecision = controller.intervalMillis();
        long windowStart = 0;
        double windowPeak = 0;
        int index = 0;
        for (long now = 0; now < end; now += tick, index++) {
            double offered = trace.at(now);
            final long t = now;
            int ready = (int) instances.stream().filter(i -> i.ready(t)).count();
            double seconds = tick / 1000.0;
            double capacity = ready * fleet.saturation();
            if (fleet.databaseBound() != null) capacity = Math.min(capacity, fleet.databaseBound());
            double arriving = offered * seconds;
            double served = Math.min(backlog + arriving, capacity * seconds);
            backlog = backlog + arriving - served;
            double failed = 0;
            if (ready == 0) {
                failed = backlog;
                backlog = 0;
            } else if (backlog / capacity > TIMEOUT_SECONDS) {
                failed = backlog - capacity * TIMEOUT_SECONDS;
                backlog = capacity * TIMEOUT_SECONDS;
            }
            double load = ready == 0 ? 0 : served / seconds / ready;
            // The edge counts what it routes to a target, served or queued (as an ALB's RequestCountPerTarget); CPU follows what is served.
            perReplica[index] = ready == 0 ? 0 : offered / ready;
            cpu[index] = fleet.cpuPercentAt(load);
            double[] latency = ready == 0 ? new double[] {1000 * TIMEOUT_SECONDS, 1000 * TIMEOUT_SECONDS} // all of them fail
                    : fleet.latencyAt(Math.max(load, offered / ready));
            double wait = ready == 0 ? 0 : 1000 * backlog / capacity;
            boolean databaseShort = fleet.databaseBound() != null && offered > fleet.databaseBound();
            stats.add(arriving, failed, latency[0] + wait + (databaseShort ? fleet.slo().p95Millis() : 0), latency[1] + wait);
            windowPeak = Math.max(windowPeak, offered);

            boolean shortOfCapacity = offered > ready * fleet.capacity();
            if (shortOfCapacity && shortSince < 0) shortSince = now;
            if (!shortOfCapacity && shortSince >= 0) {
                longestShort = Math.max(longestShort, (now - shortSince) / 1000);
                shortSince = -1;
            }
            replicaMillis += instances.size() * tick;

            if (now + tick >= nextDecision) {
                long at = now + tick;
                Decision decision = controller.evaluate(at, new Fleet(desired, instances), metrics);
                nextDecision += controller.intervalMillis();
                if (decision.changes()) {
                    events.add(decision);
                    while (instances.size() < decision.to()) instances.add(new Fleet.Instance("replica-" + ++serial, at, at + boot));
                    while (instances.size() > decision.to()) instances.remove(youngest(instances));
                    desired = decision.to();
                    maxReplicas = Math.max(maxReplicas, desired);
                }
            }
            if (now + tick - windowStart >= window || now + tick >= end) {
                long closedAt = now + tick;
                int needed = Math.max(policy.minimum(), (int) Math.ceil(windowPeak / fleet.capacity() - 1e-9));
                oracleMillis += needed * (double) (closedAt - windowStart);
                int readyAtEnd = (int) instances.stream().filter(i -> i.ready(closedAt)).count();
                windows.add(stats.close(windowStart / 1000.0, (closedAt - windowStart) / 1000.0, desired, readyAtEnd, needed, fleet));
                stats = new WindowStats();
                windowStart = closedAt;
                windowPeak = 0;
            }
        }
        if (shortSince >= 0) longestShort = Math.max(longestShort, (end - shortSince) / 1000);
        Replay.Summary summary = Replay.Summary.of(windows, events, window, time.millis(60), replicaMillis, oracleMillis, longestShort, maxReplicas);
        return new Replay(policy.describe(), trace.name(), time.factor(), List.copyOf(windows), List.copyOf(events), summary);
    }

    /** The instance to remove: one still booting first, else the newest (the one least warm). */
    private static Fleet.Instance youngest(List<Fleet.Instance> instances) {
        return instances.stream().max(java.util.Comparator.comparingLong(Fleet.Instance::launchedAt)).orElseThrow();
    }

    /**
     * The model's metrics: every replica serving carries the same share, so a window's value is the mean share over it, whichever
     * ready replicas are asked about (one that became ready within the window is credited with the whole window's share).
     */
    private record ModelMetrics(double[] perReplica, double[] cpu, long tick) implements Metrics {
        @Override
        public double value(Metric metric, long from, long to, Collection<String> instances) {
            if (instances.isEmpty()) return Double.NaN;
            int first = (int) Math.max(0, from / tick);
            int last = (int) Math.min(perReplica.length, to / tick);
            if (last <= first) return Double.NaN;
            double sum = 0;
            for (int i = first; i < last; i++) sum += metric == Metric.CPU_PERCENT ? cpu[i] : perReplica[i] * 60;
            return sum / (last - first);
        }
    }

    /** A window's requests and their latency, weighted by the requests of each tick. */
    private static final class WindowStats {
        private final List<double[]> ticks = new ArrayList<>();
        private double requests;
        private double failed;

        void add(double arriving, double failedNow, double p95, double p99) {
            ticks.add(new double[] {arriving, p95, p99});
            requests += arriving;
            failed += failedNow;
        }

        Replay.Window close(double start, double length, int desired, int ready, int needed, FleetModel fleet) {
            double p95 = percentileOfTicks(1, 0.95);
            double p99 = percentileOfTicks(2, 0.99);
            double errors = requests <= 0 ? 0 : 100 * Math.min(requests, failed) / requests;
            boolean kept = p95 <= fleet.slo().p95Millis() && p99 <= fleet.slo().p99Millis() && errors <= fleet.slo().errorPercent();
            return new Replay.Window(start, requests / Math.max(1e-9, length), desired, ready, needed, p95, p99, errors, kept);
        }

        /**
         * The window's percentile, approximated from each tick's: the tick's own percentile when the requests it holds are a
         * large part of the window, else the request-weighted percentile of the ticks' values (a tick beyond the SLO with more
         * than 5 % of the window's requests breaks the window's p95).
         */
        private double percentileOfTicks(int column, double quantile) {
            if (requests <= 0) return 0;
            List<double[]> sorted = new ArrayList<>(ticks);
            sorted.sort(java.util.Comparator.comparingDouble(t -> t[column]));
            double below = 0;
            for (double[] t : sorted) {
                below += t[0];
                if (below >= quantile * requests) return t[column];
            }
            return sorted.get(sorted.size() - 1)[column];
        }
    }
}
