package org.lmsharness.capacity;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.lmsharness.common.Figures;
import org.lmsharness.simulations.run.GatlingRun;
import org.lmsharness.simulations.run.SimulationParameters;
import org.lmsharness.simulations.run.SimulationLog;
import org.lmsharness.capacity.measure.CpuSampler;
import org.lmsharness.capacity.measure.EdgeLog;
import org.lmsharness.capacity.measure.StepWindow;
import org.lmsharness.capacity.search.Probe;
import org.lmsharness.dashboards.Monitoring;
import org.lmsharness.reports.run.Slo;
import org.lmsharness.reports.run.Step;
import org.lmsharness.topology.Deployment;
import org.lmsharness.topology.Node;

/**
 * One step = one Gatling run of the simulation at a constant arrival rate ("load" profile: a ramp
 * through the warm-up, then the measured window), in this JVM. Meanwhile the CPU of every replica,
 * the edge, the database and this JVM (the load generator) is sampled from /proc; afterwards the
 * window's figures come from Gatling's simulation.log and the edge's access log.
 */
final class GatlingProbe implements Probe {

    /**
     * A step counts as harness-saturated above this host CPU when the replicas did not get their
     * quotas or the load generator's clock ran late (the client saw more latency than the edge), or
     * when injection fell this far behind.
     */
    static final double HOST_SATURATED = 0.95;
    /** Replicas that used less than this share of their quota on a saturated host were short of CPU. */
    static final double QUOTA_RECEIVED = 0.9;
    /** Client p95 beyond edge p95 by more than this (ms, and share) means the load generator itself was late. */
    static final double CLIENT_LATE_MILLIS = 20;
    static final double CLIENT_LATE_SHARE = 0.2;
    static final double INJECTION_BEHIND = 0.9;
    /** ... while the load generator itself was this busy (cores): a short count with an idle injector is not its saturation. */
    static final double INJECTOR_BUSY = 0.5;
    /** A window holds at least this many requests (longer windows at low rates), so that its p99 is not just its maximum. */
    static final int MIN_REQUESTS = 300;
    /** The window is lengthened for low rates up to this many times the configured one. */
    static final int MAX_STRETCH = 2;

    private final CapacitySettings settings;
    private final Deployment deployment;
    private final List<String> targets;
    private final Path stepsFolder;
    private final EdgeLog edgeLog;
    private final Consumer<Step> onStep;
    /** Tells a live Prometheus (--monitoring) the step and rate offered; does nothing otherwise. */
    private final Monitoring monitoring;
    /** Each replica's CPU quota, cores; 0 for a deployment that is not ours. */
    private final double quota;
    private int index;
    private long requestsSeen;
    private long journeysSeen;

    GatlingProbe(CapacitySettings settings, Deployment deployment, List<String> targets, Path stepsFolder, Consumer<Step> onStep,
                 Monitoring monitoring) {
        this.settings = settings;
        this.monitoring = monitoring;
        this.deployment = deployment;
        this.targets = targets;
        this.stepsFolder = stepsFolder;
        this.edgeLog = new EdgeLog(deployment == null ? null : deployment.edgeAccessLog());
        this.onStep = onStep;
        this.quota = deployment == null ? 0 : deployment.preset().replicas().cpus();
    }

    /** What a warm-up round measured over its held part: replica CPU per journey (core-seconds, 0 when not measurable), and the host's busy share. */
    record WarmUpRound(double cpuPerJourney, double hostBusy) {}

    /**
     * Load that no step counts, so that the JIT of the replicas and of Gatling is warm before the
     * steps: one rate held, its CPU measured over the last two thirds.
     */
    WarmUpRound warmUp(int replicas, double rate, long millis) {
        long ramp = millis / 3;
        Sampled run = runSampled(0, replicas, rate, ramp, millis - ramp, String.format("warm-up-%d-replicas-%s", replicas, Figures.of(rate).replace(",", "")), "warm-up, " + replicas + " replicas");
        double cores = deployment == null ? 0 : deployment.replicas().stream().mapToDouble(replica -> run.usage().of(replica.id())).sum();
        return new WarmUpRound(cores / rate, run.usage().hostBusy());
    }

    /** A Gatling run at one rate, and the CPU used over its window: {@code warmUp} after the first arrival, {@code window} long. */
    private record Sampled(SimulationLog log, CpuSampler.Usage usage, long from, long to) {}

    /** @param step the step's number, 0 for a warm-up round */
    private Sampled runSampled(int step, int replicas, double rate, long warmUp, long window, String folder, String description) {
        edgeLog.readNew(); // skip what earlier runs left
        monitoring.load(step, replicas, rate);
        try (CpuSampler sampler = new CpuSampler(processes(), Set.of("injector"))) {
            SimulationLog log = GatlingRun.run(settings.simulation(), parameters(rate, warmUp, window), stepsFolder.resolve(folder), description);
            long from = injectionStart(log) + warmUp;
            return new Sampled(log, sampler.usage(from, from + window), from, from + window);
        } finally {
            monitoring.idle();
        }
    }

    /** The first arrival: with one constant rate it is where injection began (Gatling's run start comes earlier, by however long setting up took). */
    private static long injectionStart(SimulationLog log) {
        return log.journeyStarts().isEmpty() ? log.runStart() : log.journeyStarts().get(0);
    }

    /**
     * After a failed step the replicas may still work off queued requests (clients gone or not): wait
     * until their CPU is back under a fifth of the quota, at most 20 s, so the next step starts clean.
     * Without CPU figures (a deployment that is not ours) a fixed 5 s.
     */
    void coolDown() {
        if (deployment == null) {
            sleep(5_000);
            return;
        }
        try (CpuSampler sampler = new CpuSampler(processes(), Set.of("injector"))) {
            long start = System.currentTimeMillis();
            sleep(1_000);
            while (System.currentTimeMillis() - start < 20_000) {
                long now = System.currentTimeMillis();
                CpuSampler.Usage usage = sampler.usage(now - 1_000, now);
                boolean idle = deployment.replicas().stream().allMatch(replica -> usage.of(replica.id()) < quota / 5);
                if (idle) return;
                sleep(500);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public Step measure(int replicas, double rate, String phase) {
        index++;
        long warmUp = settings.warmUp().toMillis();
        double requestsPerJourney = journeysSeen == 0 ? 5 : (double) requestsSeen / journeysSeen;
        long window = Math.min(MAX_STRETCH * settings.measure().toMillis(),
                Math.max(settings.measure().toMillis(), Math.round(1000 * MIN_REQUESTS / (rate * requestsPerJourney))));
        Sampled run = runSampled(index, replicas, rate, warmUp, window, String.format("step-%02d", index),
                String.format("step %d: %d replicas, %s, %s journeys/s", index, replicas, phase, Figures.of(rate)));
        SimulationLog log = run.log();
        StepWindow figures = StepWindow.of(log, run.from(), run.to(), edgeLog.readNew(), settings.slo());
        requestsSeen += log.requests().size();
        journeysSeen += log.journeyStarts().size();
        return judge(replicas, rate, phase, figures, run.usage(), run.from(), run.to());
    }

    private SimulationParameters parameters(double rate, long warmUp, long window) {
        return SimulationParameters.step(rate, Duration.ofMillis(warmUp), Duration.ofMillis(window), targets)
                .usersFrom(deployment == null ? null : deployment.datasetDir()) // the LMS simulation's accounts, from the dataset the deployment exported
                .slo(settings.slo().p95Millis(), settings.slo().p99Millis(), settings.slo().errorPercent())
                // A request still open 10 s after it started has long broken any SLO: fail it rather than wait.
                .requestTimeout(Duration.ofSeconds(10))
                // Stop a few seconds after the window: journeys still running then are cut, not waited for.
                .maxDuration(Duration.ofMillis(warmUp + window + 5_000));
    }

    /** PASS, FAIL or INVALID, with the reason, from the window's figures and the CPU used. */
    private Step judge(int replicas, double rate, String phase, StepWindow figures, CpuSampler.Usage usage, long from, long to) {
        long window = to - from;
        Map<String, Double> replicaCpu = new LinkedHashMap<>();
        if (deployment != null) deployment.replicas().forEach(replica -> replicaCpu.put(replica.id(), usage.of(replica.id())));
        Step.Outcome outcome;
        String reason;
        Slo slo = settings.slo();
        double expectedJourneys = rate * window / 1000.0;
        if (figures.requests() == 0) {
            outcome = Step.Outcome.INVALID;
            reason = "no request started in the measured window";
        } else if (usage.hostBusy() >= HOST_SATURATED && starvedBySaturatedHost(figures, replicaCpu)) {
            outcome = Step.Outcome.INVALID;
            reason = String.format("host saturated (%.0f %% of all cores busy): the harness competed with the replicas", 100 * usage.hostBusy());
        } else if (expectedJourneys >= 10 && figures.journeysPerSecond() < INJECTION_BEHIND * rate && usage.of("injector") >= INJECTOR_BUSY) {
            outcome = Step.Outcome.INVALID;
            reason = String.format("load generator fell behind (%s of %s journeys/s started)", Figures.of(figures.journeysPerSecond()), Figures.of(rate));
        } else if (figures.client().p95() > slo.p95Millis()) {
            outcome = Step.Outcome.FAIL;
            reason = String.format("p95 %.0f ms above %.0f ms", figures.client().p95(), slo.p95Millis());
        } else if (figures.client().p99() > slo.p99Millis()) {
            outcome = Step.Outcome.FAIL;
            reason = String.format("p99 %.0f ms above %.0f ms", figures.client().p99(), slo.p99Millis());
        } else if (100.0 * figures.failed() / figures.requests() > slo.errorPercent()) {
            outcome = Step.Outcome.FAIL;
            reason = String.format("%.2f %% of requests failed (SLO %.2f %%)", 100.0 * figures.failed() / figures.requests(), slo.errorPercent());
        } else if (!figures.steady()) {
            outcome = Step.Outcome.FAIL;
            reason = "not steady: " + figures.unsteadyBecause();
        } else {
            outcome = Step.Outcome.PASS;
            reason = "within the SLO, steady";
        }
        Step step = new Step(index, replicas, phase, rate, figures.offeredRequestsPerSecond(), figures.achievedRequestsPerSecond(),
                figures.okRequestsPerSecond(), figures.requests(), figures.failed(), figures.errors(), figures.client(), figures.edge(),
                figures.meanConcurrency(), replicaCpu, quota,
                usage.of("injector"), usage.ofAll("edge"), usage.of("database"), usage.hostBusy(), figures.steady(), outcome, reason, from, to);
        onStep.accept(step);
        if (outcome == Step.Outcome.FAIL) coolDown();
        return step;
    }

    /**
     * On a saturated host, whether the harness could have been the bottleneck: a replica got less than
     * {@value #QUOTA_RECEIVED} of its quota, or the client's p95 exceeds the edge's (the load generator
     * was late). Without CPU figures or edge figures (a deployment that is not ours), always.
     */
    private boolean starvedBySaturatedHost(StepWindow figures, Map<String, Double> replicaCpu) {
        if (deployment == null || replicaCpu.isEmpty() || figures.edge() == null) return true;
        boolean replicasShort = replicaCpu.values().stream().anyMatch(cpu -> cpu < QUOTA_RECEIVED * quota);
        double clientP95 = figures.client().p95();
        double edgeP95 = figures.edge().p95();
        boolean clientLate = clientP95 > edgeP95 + CLIENT_LATE_MILLIS && clientP95 > edgeP95 * (1 + CLIENT_LATE_SHARE);
        return replicasShort || clientLate;
    }

    /** Name → process id of everything whose CPU the step records: replicas, edge, database, and this JVM. */
    private Map<String, Long> processes() {
        Map<String, Long> pids = new LinkedHashMap<>();
        pids.put("injector", ProcessHandle.current().pid());
        if (deployment == null) return pids;
        deployment.replicas().forEach(replica -> pids.put(replica.id(), deployment.pid(replica.id())));
        for (Node node : deployment.nodes()) {
            if (node.kind() == Node.Kind.EDGE) pids.put(node.id(), deployment.pid(node.id())); // edge, or edge-1, edge-2: summed
            if (node.kind() == Node.Kind.DB_PRIMARY) pids.put("database", deployment.pid(node.id()));
        }
        return pids;
    }
}
