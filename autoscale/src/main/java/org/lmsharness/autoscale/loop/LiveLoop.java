package org.lmsharness.autoscale.loop;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.lmsharness.autoscale.policy.Controller;
import org.lmsharness.autoscale.policy.Decision;
import org.lmsharness.autoscale.policy.Metric;
import org.lmsharness.autoscale.policy.Metrics;
import org.lmsharness.autoscale.policy.ScalingPolicy;
import org.lmsharness.autoscale.policy.TimeScale;
import org.lmsharness.autoscale.replay.Agreement;
import org.lmsharness.autoscale.replay.FleetModel;
import org.lmsharness.autoscale.replay.LoadTrace;
import org.lmsharness.autoscale.replay.Replay;
import org.lmsharness.autoscale.replay.Replayer;
import org.lmsharness.capacity.measure.CpuSampler;
import org.lmsharness.reports.run.Slo;
import org.lmsharness.simulations.run.GatlingRun;
import org.lmsharness.simulations.run.SimulationLog;
import org.lmsharness.simulations.run.SimulationParameters;
import org.lmsharness.topology.Deployment;
import org.lmsharness.topology.Node;

/**
 * The closed loop, for real: Gatling drives a running deployment along a load trace while the policy reads the edge's request
 * counts (or, for a policy on CPU, the replicas' own: {@link ReplicaCpu}) and launches and removes replicas through the
 * topology handle. Afterwards the run is cut into the same windows as a replay (the SLO judged from Gatling's simulation.log),
 * and the replayer runs the same policy over the load Gatling really
 * offered, so that the two can be compared window by window ({@link Agreement}).
 */
public final class LiveLoop {

    /** How often the fleet's state is recorded, and the resolution of the offered load. */
    static final long SECOND = 1_000;

    /**
     * @param live      the real loop, window by window
     * @param model     the replayer over the load Gatling offered
     * @param agreement how closely the model followed the real loop
     * @param harness   what the harness itself used in each window of the live run, beside the replicas on the same cores
     * @param problems  launches or removals that failed, and missed metrics; empty when none
     */
    public record Result(Replay live, Replay model, Agreement agreement, List<HarnessCpu> harness, List<String> problems) {}

    /**
     * The harness's own CPU in one window: on two cores the load generator, the edge and the database compete with the replicas,
     * so a live run's verdicts are read beside them.
     *
     * @param fromSeconds   the window's start, seconds into the load
     * @param loadGenerator cores used by this JVM (Gatling and the policy's loop)
     * @param edge          cores used by the edges (HAProxy)
     * @param database      cores used by the primary database with its backends
     * @param hostBusy      the host's busy share, 0..1
     * @param missing       why the window has no figures (the sampler starved), null when it has them
     */
    public record HarnessCpu(double fromSeconds, double loadGenerator, double edge, double database, double hostBusy, String missing) {

        /** The largest figures over a run's windows, those with figures. */
        public static HarnessCpu peak(List<HarnessCpu> windows) {
            List<HarnessCpu> measured = windows.stream().filter(w -> w.missing() == null).toList();
            if (measured.isEmpty()) return new HarnessCpu(0, 0, 0, 0, 0, "no window has CPU figures");
            return new HarnessCpu(0, measured.stream().mapToDouble(HarnessCpu::loadGenerator).max().orElse(0),
                    measured.stream().mapToDouble(HarnessCpu::edge).max().orElse(0), measured.stream().mapToDouble(HarnessCpu::database).max().orElse(0),
                    measured.stream().mapToDouble(HarnessCpu::hostBusy).max().orElse(0), null);
        }
    }

    private LiveLoop() {}

    /**
     * @param trace             requests per second to offer, second by second
     * @param requestsPerJourney requests a journey of the simulation sends: the trace's requests become journeys
     */
    public static Result run(Deployment deployment, ScalingPolicy policy, TimeScale time, LoadTrace trace, double requestsPerJourney, FleetModel model,
                             String simulation, Slo slo, Path folder, Consumer<String> progress) {
        String metricsUrl = deployment.edgeMetricsUrl()
                .orElseThrow(() -> new IllegalStateException("the live loop reads the edge's request counts: this deployment has no edge"));
        int seconds = (int) Math.ceil(trace.durationSeconds());
        double[] journeys = new double[seconds];
        for (int s = 0; s < seconds; s++) journeys[s] = Math.round(100 * trace.at(s * SECOND) / requestsPerJourney) / 100.0;
        int start = deployment.replicas().size();
        List<Decision> decisions = Collections.synchronizedList(new ArrayList<>());
        List<long[]> states = Collections.synchronizedList(new ArrayList<>());
        List<String> problems = Collections.synchronizedList(new ArrayList<>());
        List<String> evaluations = Collections.synchronizedList(new ArrayList<>());
        SimulationLog log;
        try (EdgeRequests edge = new EdgeRequests(metricsUrl); LiveFleet fleet = new LiveFleet(deployment, System.currentTimeMillis());
             CpuSampler cpu = harnessSampler(deployment); ReplicaCpu replicaCpu = new ReplicaCpu(deployment)) {
            Controller controller = policy.controller(time);
            Metrics metrics = (metric, from, to, ids) -> switch (metric) {
                case REQUESTS_PER_TARGET_PER_MINUTE -> edge.perTargetPerMinute(from, to, ids);
                case CPU_PERCENT -> replicaCpu.percentOfQuota(from, to, ids);
            };
            AtomicBoolean running = new AtomicBoolean(true);
            Thread loop = new Thread(() -> {
                long next = System.currentTimeMillis() + controller.intervalMillis();
                long nextState = System.currentTimeMillis();
                while (running.get()) {
                    long now = System.currentTimeMillis();
                    if (now >= nextState) {
                        states.add(new long[] {now, fleet.desired(), fleet.ready(now), fleet.launched()});
                        nextState += SECOND;
                    }
                    if (now >= next) {
                        next += controller.intervalMillis();
                        try {
                            Decision decision = controller.evaluate(now, fleet.fleet(), metrics);
                            evaluations.add(String.format(java.util.Locale.ROOT, "%d %d→%d %.1f %s", now, decision.from(), decision.to(), decision.metric(), decision.reason()));
                            if (decision.changes()) {
                                decisions.add(decision);
                                fleet.scaleTo(decision.to(), now);
                                progress.accept(String.format("%d → %d replicas: %s", decision.from(), decision.to(), decision.reason()));
                            }
                        } catch (RuntimeException e) {
                            problems.add("the policy's evaluation failed, the fleet left as it was: " + e.getMessage());
                        }
                    }
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "autoscale-loop");
            loop.setDaemon(true);
            loop.start();
            try {
                log = GatlingRun.run(simulation, SimulationParameters.trace(journeys, folder.resolve("trace.txt"), deployment.clientUrls())
                                .usersFrom(deployment.datasetDir()).slo(slo.p95Millis(), slo.p99Millis(), slo.errorPercent())
                                .requestTimeout(Duration.ofSeconds(10)).maxDuration(Duration.ofSeconds(seconds + 20)),
                        folder.resolve("gatling"), "autoscale: " + trace.name() + " under " + policy.kind());
            } finally {
                running.set(false);
                loop.interrupt();
                try {
                    loop.join(5_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            problems.addAll(fleet.failures());
            try {
                java.nio.file.Files.write(folder.resolve("evaluations.log"), List.copyOf(evaluations));
            } catch (java.io.IOException e) {
                problems.add("evaluations.log not written: " + e.getMessage());
            }
            if (edge.lastError() != null) problems.add("the edge's metrics missed a sample: " + edge.lastError());
            if (replicaCpu.lastError() != null) problems.add("the replicas' CPU missed a sample: " + replicaCpu.lastError());
            long t0 = log.journeyStarts().isEmpty() ? log.runStart() : log.journeyStarts().get(0);
            double[] offered = offeredPerSecond(log, t0, seconds, requestsPerJourney);
            Replay live = live(policy, time, model, slo, log, t0, offered, List.copyOf(states), List.copyOf(decisions));
            List<HarnessCpu> harness = new ArrayList<>();
            for (Replay.Window window : live.windows()) {
                long from = t0 + Math.round(window.startSeconds() * 1000);
                CpuSampler.Usage usage = cpu.usage(from, Math.min(t0 + seconds * SECOND, from + time.millis(60)));
                harness.add(new HarnessCpu(window.startSeconds(), usage.of(LOAD_GENERATOR), usage.ofAll(EDGE), usage.of(DATABASE), usage.hostBusy(), usage.missing()));
            }
            LoadTrace measured = new LoadTrace(trace.name() + " (as offered)", 1, offered);
            Replay modelled = new Replayer(model).replay(measured, policy, time, start);
            return new Result(live, modelled, Agreement.of(live, modelled), List.copyOf(harness), List.copyOf(problems));
        }
    }

    private static final String LOAD_GENERATOR = "load generator";
    private static final String EDGE = "edge";
    private static final String DATABASE = "database";

    /** This JVM alone (it is also the parent of local replicas), the edges and the primary database, each with its descendants. */
    private static CpuSampler harnessSampler(Deployment deployment) {
        Map<String, Long> pids = new LinkedHashMap<>();
        pids.put(LOAD_GENERATOR, ProcessHandle.current().pid());
        for (Node node : deployment.nodes()) {
            if (node.kind() == Node.Kind.EDGE) pids.put(node.id(), deployment.pid(node.id())); // edge, or edge-1, edge-2: summed
            if (node.kind() == Node.Kind.DB_PRIMARY) pids.put(DATABASE, deployment.pid(node.id()));
        }
        return new CpuSampler(pids, Set.of(LOAD_GENERATOR), Set.of());
    }

    /**
     * The load offered in each second from {@code t0}: journeys that arrived, times the requests a journey sends. Not the
     * requests sent: a journey whose login failed sends nothing more, so under overload the requests sent fell to half of
     * what arrived (54 req/s of 117 in the first live run), and a model fed with them found enough capacity where users had
     * none.
     */
    static double[] offeredPerSecond(SimulationLog log, long t0, int seconds, double requestsPerJourney) {
        double[] offered = new double[seconds];
        for (long start : log.journeyStarts()) {
            int s = (int) ((start - t0) / SECOND);
            if (s >= 0 && s < seconds) offered[s] += requestsPerJourney;
        }
        return offered;
    }

    /** The real loop cut into the replay's windows: the SLO per window from the requests that started in it. */
    static Replay live(ScalingPolicy policy, TimeScale time, FleetModel model, Slo slo, SimulationLog log, long t0, double[] offered,
                       List<long[]> states, List<Decision> decisions) {
        long window = time.millis(60);
        long end = t0 + offered.length * SECOND;
        List<Replay.Window> windows = new ArrayList<>();
        double replicaMillis = 0;
        double oracleMillis = 0;
        double longestShort = 0;
        long shortSince = -1;
        for (long[] state : states) {
            if (state[0] < t0 || state[0] >= end) continue;
            replicaMillis += state[3] * SECOND;
            int s = (int) ((state[0] - t0) / SECOND);
            boolean shortOfCapacity = offered[s] > state[2] * model.capacity();
            if (shortOfCapacity && shortSince < 0) shortSince = state[0];
            if (!shortOfCapacity && shortSince >= 0) {
                longestShort = Math.max(longestShort, (state[0] - shortSince) / 1000.0);
                shortSince = -1;
            }
        }
        if (shortSince >= 0) longestShort = Math.max(longestShort, (end - shortSince) / 1000.0);
        for (long from = t0; from < end; from += window) {
            long to = Math.min(end, from + window);
            long a = from;
            List<SimulationLog.Request> in = log.requests().stream().filter(r -> r.start() >= a && r.start() < to).toList();
            long[] millis = in.stream().mapToLong(SimulationLog.Request::millis).sorted().toArray();
            long failed = in.stream().filter(r -> !r.ok()).count();
            double p95 = percentile(millis, 0.95);
            double p99 = percentile(millis, 0.99);
            double errors = in.isEmpty() ? 0 : 100.0 * failed / in.size();
            // The load offered, as the replay counts it (journeys that arrived × requests per journey): under overload the
            // requests sent fall short of it, since a journey whose login failed sends nothing more.
            double peak = 0;
            double sum = 0;
            int counted = 0;
            for (int s = (int) ((from - t0) / SECOND); s < (to - t0) / SECOND && s < offered.length; s++) {
                peak = Math.max(peak, offered[s]);
                sum += offered[s];
                counted++;
            }
            int needed = Math.max(policy.minimum(), (int) Math.ceil(peak / model.capacity() - 1e-9));
            oracleMillis += needed * (double) (to - from);
            long[] last = stateAt(states, to);
            boolean kept = p95 <= slo.p95Millis() && p99 <= slo.p99Millis() && errors <= slo.errorPercent();
            windows.add(new Replay.Window((from - t0) / 1000.0, counted == 0 ? 0 : sum / counted, (int) last[1], (int) last[2], needed, p95, p99, errors, kept));
        }
        List<Decision> events = decisions.stream().map(d -> new Decision(d.at() - t0, d.from(), d.to(), d.metric(), d.reason())).toList();
        int max = Math.max(states.isEmpty() ? 0 : (int) states.get(0)[1], events.stream().mapToInt(Decision::to).max().orElse(0));
        Replay.Summary summary = Replay.Summary.of(windows, events, window, time.millis(60), replicaMillis, oracleMillis, longestShort, max);
        return new Replay(policy.describe() + " (live)", "live", time.factor(), List.copyOf(windows), events, summary);
    }

    /** The fleet's state last recorded at or before {@code at}: {at, desired, ready, launched}. */
    private static long[] stateAt(List<long[]> states, long at) {
        long[] found = states.isEmpty() ? new long[] {at, 0, 0, 0} : states.get(0);
        for (long[] state : states) {
            if (state[0] <= at) found = state;
            else break;
        }
        return found;
    }

    static double percentile(long[] sorted, double quantile) {
        if (sorted.length == 0) return 0;
        int index = (int) Math.ceil(quantile * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
