package org.lmsharness.capacity;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.lmsharness.common.Durations;
import org.lmsharness.common.Figures;
import org.lmsharness.simulations.run.GatlingRun;
import org.lmsharness.simulations.run.SimulationParameters;
import org.lmsharness.simulations.run.SimulationLog;
import org.lmsharness.capacity.judge.StepEvidence;
import org.lmsharness.capacity.judge.StepRule;
import org.lmsharness.capacity.measure.CpuSampler;
import org.lmsharness.capacity.measure.EdgeLog;
import org.lmsharness.capacity.measure.StepWindow;
import org.lmsharness.capacity.search.Probe;
import org.lmsharness.dashboards.Monitoring;
import org.lmsharness.reports.run.Drift;
import org.lmsharness.reports.run.Step;

/**
 * One step = one Gatling run of the simulation at a constant arrival rate ("load" profile: a ramp
 * through the warm-up, then the measured window), in this JVM. Meanwhile the CPU of every replica,
 * the edge, the database and this JVM (the load generator) is sampled from /proc; afterwards the
 * window's figures come from Gatling's simulation.log and the edge's access log.
 */
final class GatlingProbe implements Probe {

    /** A window holds at least this many requests (longer windows at low rates), so that its p99 is not just its maximum. */
    static final int MIN_REQUESTS = 300;
    /** The window is lengthened for low rates up to this many times the configured one. */
    static final int MAX_STRETCH = 2;
    /**
     * The steps a recheck compares (the low point and its recheck) take twice as many requests, up to
     * twice as long again: at a low rate a window holds few of the LMS's expensive logins, and their
     * count alone moved the CPU per request by 15–20 % between two windows.
     */
    static final int DRIFT_FACTOR = 2;

    private final CapacitySettings settings;
    private final Target target;
    private final Path stepsFolder;
    private final EdgeLog edgeLog;
    private final Consumer<Step> onStep;
    /** Tells a live Prometheus (--monitoring) the step and rate offered; does nothing otherwise. */
    private final Monitoring monitoring;
    private int index;
    private long requestsSeen;
    private long journeysSeen;
    /** A target that is not ours: the client's median latency at the start rate once warm, what a cool-down waits to see again. */
    private double calibratedP50Millis = Double.NaN;
    private int coolDowns;
    private int warmUpRounds;

    GatlingProbe(CapacitySettings settings, Target target, Path stepsFolder, Consumer<Step> onStep, Monitoring monitoring) {
        this.settings = settings;
        this.monitoring = monitoring;
        this.target = target;
        this.stepsFolder = stepsFolder;
        this.edgeLog = new EdgeLog(target.edgeAccessLog().orElse(null));
        this.onStep = onStep;
    }

    /**
     * What a warm-up round measured over its held part: replica CPU per journey (core-seconds, 0 when
     * not measurable), the same without the JIT compilers' (the work a journey will cost once compiled), the host's busy share, the client's median latency, the largest share of a
     * replica's CPU its JIT compiler used (0 when not measurable), and why the CPU figures are missing (null when they are not).
     */
    record WarmUpRound(double cpuPerJourney, double workPerJourney, double hostBusy, double p50Millis, double compilingShare, String missing) {

        /** The replicas' cost per journey within {@code costLimit} of the round before, and no replica's compilers above {@code jitLimit} of its CPU. */
        boolean settledAfter(WarmUpRound before, double costLimit, double jitLimit) {
            return Math.abs(cpuPerJourney / before.cpuPerJourney - 1) <= costLimit && compilingShare <= jitLimit;
        }

        /** The round's cost and compiling, as the progress lines give them. */
        String describe() {
            return String.format("%.1f ms of replica CPU per journey, up to %.0f %% of a replica's CPU compiling", 1000 * cpuPerJourney, 100 * compilingShare);
        }
    }

    /**
     * Load that no step counts, so that the JIT of the replicas and of Gatling is warm before the
     * steps: one rate held, its CPU measured over the last two thirds.
     *
     * @param kind what the round is for ("warm-up", "settle"): its folder's and its description's first word
     */
    WarmUpRound warmUp(String kind, int replicas, double rate, long millis) {
        long ramp = Math.max(1_000, Math.round(millis / 3_000.0) * 1_000); // whole seconds, as every run (runSampled)
        Sampled run = runSampled(0, replicas, rate, ramp, millis - ramp, String.format("%s-%02d-%d-replicas-%s", kind, ++warmUpRounds, replicas, Figures.of(rate).replace(",", "")),
                kind + ", " + replicas + " replicas");
        double cores = target.replicaIds().stream().mapToDouble(run.usage()::of).sum();
        double p50 = StepWindow.of(run.log(), run.from(), run.to(), edgeLog.readNew(), settings.slo()).client().p50();
        if (target instanceof Target.External && rate == settings.startRate()) calibratedP50Millis = p50;
        double compilingShare = target.replicaIds().stream().mapToDouble(replica -> {
            double used = run.usage().of(replica);
            return used <= 0 ? 0 : run.usage().compiling().getOrDefault(replica, 0.0) / used;
        }).max().orElse(0);
        double compiling = target.replicaIds().stream().mapToDouble(replica -> run.usage().compiling().getOrDefault(replica, 0.0)).sum();
        return new WarmUpRound(cores / rate, Math.max(0, cores - compiling) / rate, run.usage().hostBusy(), p50, compilingShare, run.usage().missing());
    }

    /** A Gatling run at one rate, and the CPU used over its window: {@code warmUp} after the first arrival, {@code window} long. */
    private record Sampled(SimulationLog log, CpuSampler.Usage usage, long from, long to) {}

    /**
     * Gatling injects a constant rate for whole seconds only ({@code constantUsersPerSec(r).during(9.69 s)} stops arriving after
     * 9 s), so a window of 6.69 s after a warm-up of 3 s ran 0.69 s past the last arrival: it held 10 % fewer requests than the
     * rate offered, and one replica's capacity in requests per second read low by as much whenever its window was lengthened.
     * Both parts are therefore whole seconds, and the window ends at the last arrival at the latest whatever Gatling does.
     *
     * @param step the step's number, 0 for a warm-up round
     */
    private Sampled runSampled(int step, int replicas, double rate, long warmUp, long window, String folder, String description) {
        warmUp = Durations.wholeSeconds(warmUp);
        window = Durations.wholeSeconds(window);
        edgeLog.readNew(); // skip what earlier runs left
        monitoring.load(step, replicas, rate);
        try (CpuSampler sampler = new CpuSampler(processes(), Set.of("injector"), Set.copyOf(target.replicaIds()))) {
            SimulationLog log = GatlingRun.run(settings.simulation(), parameters(rate, warmUp, window), stepsFolder.resolve(folder), description);
            long from = injectionStart(log) + warmUp;
            long to = Math.min(from + window, injectionEnd(log, rate));
            return new Sampled(log, sampler.usage(from, to), from, to);
        } finally {
            monitoring.idle();
        }
    }

    /** One interval after the last arrival: where a window that held the rate to its end stops; no bound without arrivals. */
    private static long injectionEnd(SimulationLog log, double rate) {
        if (log.journeyStarts().isEmpty()) return Long.MAX_VALUE;
        return log.journeyStarts().stream().mapToLong(Long::longValue).max().getAsLong() + Math.round(1000 / rate);
    }

    /** The first arrival: with one constant rate it is where injection began (Gatling's run start comes earlier, by however long setting up took). */
    private static long injectionStart(SimulationLog log) {
        return log.journeyStarts().isEmpty() ? log.runStart() : log.journeyStarts().get(0);
    }

    /**
     * After a failed step the replicas may still work off queued requests (clients gone or not): wait
     * until their CPU is back under a fifth of the quota, at most 20 s, so the next step starts clean.
     * Without CPU figures (a deployment that is not ours), light probes at the start rate until the
     * median latency is back to what it was once warm, or levels off above it (two probes within
     * {@value Drift#LIMIT_PERCENT} %: the backlog is worked off, and a target that drifted will not come
     * back), at most {@value #EXTERNAL_COOL_DOWN_MILLIS} ms.
     */
    void coolDown() {
        if (target instanceof Target.External) {
            coolDownByLatency();
            return;
        }
        try (CpuSampler sampler = new CpuSampler(processes(), Set.of("injector"), Set.of())) {
            long start = System.currentTimeMillis();
            if (!Durations.pause(1_000)) return;
            while (System.currentTimeMillis() - start < 20_000) {
                long now = System.currentTimeMillis();
                CpuSampler.Usage usage = sampler.usage(now - 1_000, now);
                boolean idle = target.replicaIds().stream().allMatch(replica -> usage.of(replica) < target.quotaCores() / 5);
                if (idle || !Durations.pause(500)) return;
            }
        }
    }

    static final long EXTERNAL_COOL_DOWN_MILLIS = 20_000;
    static final long PROBE_MILLIS = 3_000;

    private void coolDownByLatency() {
        if (Double.isNaN(calibratedP50Millis)) {
            Durations.pause(5_000);
            return;
        }
        double recovered = calibratedP50Millis * (1 + Drift.LIMIT_PERCENT / 100) + 2; // + 2 ms: below that, noise on a busy host
        long start = System.currentTimeMillis();
        double p50 = Double.NaN;
        while (System.currentTimeMillis() - start < EXTERNAL_COOL_DOWN_MILLIS) {
            coolDowns++;
            Sampled probe = runSampled(0, 1, settings.startRate(), 1_000, PROBE_MILLIS, String.format("cool-down-%02d", coolDowns),
                    "cool-down: is the target back to its calibrated latency?");
            double previous = p50;
            p50 = StepWindow.of(probe.log(), probe.from(), probe.to(), edgeLog.readNew(), settings.slo()).client().p50();
            if (p50 <= recovered) return;
            if (Math.abs(p50 / previous - 1) <= Drift.LIMIT_PERCENT / 100) {
                System.out.printf("capacity: the target's median latency levelled off at %s ms after a failed step, %s ms once warm: it may have drifted%n",
                        Figures.of(p50), Figures.of(calibratedP50Millis));
                return;
            }
        }
        System.out.printf("capacity: after %d s of light load the target's median latency is still %s ms (%s ms once warm): the next step starts on a"
                + " target that has not recovered%n", EXTERNAL_COOL_DOWN_MILLIS / 1000, Figures.of(p50), Figures.of(calibratedP50Millis));
    }

    @Override
    public Step measure(int replicas, double rate, String phase) {
        index++;
        long warmUp = settings.warmUp().toMillis();
        double requestsPerJourney = journeysSeen == 0 ? 5 : (double) requestsSeen / journeysSeen;
        int factor = phase.equals("calibrate") || phase.equals("recheck") ? DRIFT_FACTOR : 1;
        long window = Math.min(factor * MAX_STRETCH * settings.measure().toMillis(),
                Math.max(settings.measure().toMillis(), Math.round(1000 * factor * MIN_REQUESTS / (rate * requestsPerJourney))));
        Sampled run = runSampled(index, replicas, rate, warmUp, window, String.format("step-%02d", index),
                String.format("step %d: %d replicas, %s, %s journeys/s", index, replicas, phase, Figures.of(rate)));
        SimulationLog log = run.log();
        StepWindow figures = StepWindow.of(log, run.from(), run.to(), edgeLog.readNew(), settings.slo());
        requestsSeen += log.requests().size();
        journeysSeen += log.journeyStarts().size();
        return judge(replicas, rate, phase, figures, run.usage(), run.from(), run.to());
    }

    private SimulationParameters parameters(double rate, long warmUp, long window) {
        return SimulationParameters.step(rate, Duration.ofMillis(warmUp), Duration.ofMillis(window), target.clientUrls())
                .given(settings.simulationParameters())
                .usersFrom(target.datasetDir().orElse(null)) // the LMS simulation's accounts, from the dataset the deployment exported
                .slo(settings.slo().p95Millis(), settings.slo().p99Millis(), settings.slo().errorPercent())
                // A request still open 10 s after it started has long broken any SLO: fail it rather than wait.
                .requestTimeout(Duration.ofSeconds(10))
                // Stop a few seconds after the window: journeys still running then are cut, not waited for.
                .maxDuration(Duration.ofMillis(warmUp + window + 5_000));
    }

    /** PASS, FAIL or INVALID by the first of the named rules that applies (StepRule), with its reason. */
    private Step judge(int replicas, double rate, String phase, StepWindow figures, CpuSampler.Usage usage, long from, long to) {
        Map<String, Double> replicaCpu = new LinkedHashMap<>();
        target.replicaIds().forEach(replica -> replicaCpu.put(replica, usage.of(replica)));
        StepRule.Judgement judged = StepRule.judge(new StepEvidence(rate, to - from, figures, usage, replicaCpu, target.quotaCores(), settings.slo()));
        Step.Outcome outcome = judged.outcome();
        Step step = new Step(index, replicas, phase,
                new Step.Throughput(rate, figures.offeredRequestsPerSecond(), figures.achievedRequestsPerSecond(), figures.okRequestsPerSecond(),
                        figures.requests(), figures.failed(), figures.errors(), figures.meanConcurrency()),
                figures.client(), figures.edge(),
                new Step.Cpu(replicaCpu, target.quotaCores(), usage.of("injector"), usage.ofAll("edge"), usage.of("database"), usage.hostBusy(),
                        usage.compiling()),
                new Step.Verdict(outcome, judged.reason(), figures.steady()), new Step.Window(from, to));
        onStep.accept(step);
        if (outcome == Step.Outcome.FAIL) coolDown();
        return step;
    }

    /** Name → process id of everything whose CPU the step records: the target's processes, and this JVM. */
    private Map<String, Long> processes() {
        Map<String, Long> pids = new LinkedHashMap<>();
        pids.put("injector", ProcessHandle.current().pid());
        pids.putAll(target.processes());
        return pids;
    }
}
