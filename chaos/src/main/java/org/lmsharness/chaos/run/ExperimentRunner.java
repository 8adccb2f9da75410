package org.lmsharness.chaos.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.lmsharness.chaos.experiment.Experiment;
import org.lmsharness.chaos.experiment.Fault;
import org.lmsharness.chaos.experiment.Hypothesis;
import org.lmsharness.chaos.ledger.LedgerCheck;
import org.lmsharness.dashboards.Monitoring;
import org.lmsharness.simulations.run.GatlingRun;
import org.lmsharness.simulations.run.SimulationParameters;
import org.lmsharness.simulations.run.SimulationLog;
import org.lmsharness.topology.Deployment;
import org.lmsharness.topology.FaultProxies;

/**
 * Runs an experiment on a running deployment: starts the Gatling load (with the write ledger on),
 * waits out the steady state, injects the faults, holds them, rolls back (always: also when something
 * fails, and on Ctrl-C through a shutdown hook), lets the load finish, then measures: the timeline
 * from Gatling's simulation.log, the edge's detection from its server states, the ledger against the
 * database. Everything that happens goes into the journal.
 */
public final class ExperimentRunner {

    public static final String LOAD_SIMULATION = "org.lmsharness.simulations.LmsSimulation";

    private final LoadSettings load;
    /** A live Prometheus beside the current deployment (--monitoring), told of the load and the fault windows. */
    private Monitoring monitoring = Monitoring.off();
    /** Experiments run so far: each is a step of the run on the dashboards (their step annotations mark where each began). */
    private int experimentsRun;

    public ExperimentRunner(LoadSettings load) {
        this.load = load;
    }

    /** Monitoring of the deployment the next experiments run on; the previous one is stopped. */
    public void monitor(Monitoring next) {
        monitoring.close();
        monitoring = next;
    }

    public ExperimentResult run(Deployment deployment, String backend, Experiment experiment, Path folder) {
        Journal journal = new Journal(experiment.name());
        Path dir = folder.resolve(experiment.name());
        Path ledger = dir.resolve("ledger.tsv");
        Path results = dir.resolve("gatling");
        List<String> faults = experiment.method().stream().map(Fault::description).toList();
        List<Fault> injected = new ArrayList<>();
        Thread onInterrupt = new Thread(() -> rollback(deployment, injected, journal), "chaos-rollback");
        Runtime.getRuntime().addShutdownHook(onInterrupt);
        ExecutorService gatling = Executors.newSingleThreadExecutor(runnable -> new Thread(runnable, "chaos-load"));
        long faultStart = 0;
        long faultEnd = 0;
        EdgeWatch watch = null;
        try {
            deleteRecursively(dir); // an earlier run's simulation.log would be taken for this one's
            Files.createDirectories(dir);
            Duration length = experiment.steady().plus(experiment.faultWindow()).plus(experiment.observe());
            journal.log(String.format(Locale.ROOT, "load: %.2f journeys/s of %s for %s after a %s ramp", load.journeysPerSecond(), load.mix(),
                    seconds(length), seconds(load.warmUp())));
            SimulationParameters parameters = loadParameters(deployment, load.journeysPerSecond(), ledger, length);
            monitoring.load(++experimentsRun, deployment.replicas().size(), load.journeysPerSecond());
            Future<SimulationLog> run = gatling.submit(() -> GatlingRun.run(LOAD_SIMULATION, parameters, results, "chaos " + experiment.name()));
            long loadStart = awaitLoadStart(results, run);
            sleepUntil(loadStart + load.warmUp().plus(experiment.steady()).toMillis(), run);

            journal.log("steady state measured; method: " + String.join(", ", faults));
            watch = deployment.edgeUrl().isEmpty() ? null : new EdgeWatch(deployment);
            faultStart = System.currentTimeMillis();
            if (watch != null) watch.armed(faultStart);
            monitoring.fault(experiment.name(), true);
            for (Fault fault : experiment.method()) {
                fault.inject().run(deployment, journal::log);
                injected.add(fault);
                journal.log("injected: " + fault.description());
            }
            // A method that takes its time (a rollout) must end while the load still runs, or its figures are not the load's.
            if (run.isDone()) throw new IllegalStateException("the load ended before the method did: the fault window ("
                    + seconds(experiment.faultWindow()) + ") is too short for it");
            sleepUntil(faultStart + experiment.faultWindow().toMillis(), run);
            faultEnd = System.currentTimeMillis();
            journal.log("fault window over");
            rollback(deployment, injected, journal);
            monitoring.fault(experiment.name(), false);
            List<String> leftOnLinks = deployment.faultProxies().map(FaultProxies::disturbed).orElse(List.of());
            if (!leftOnLinks.isEmpty()) journal.log("left behind on the links: " + String.join("; ", leftOnLinks));

            SimulationLog log = run.get(length.plusSeconds(120).toMillis(), TimeUnit.MILLISECONDS);
            journal.log("load ended: " + log.requests().size() + " requests");
            Hypothesis hypothesis = experiment.hypothesis();
            Timeline timeline = Timeline.of(log.requests(), log.runStart() + load.warmUp().toMillis(), faultStart, faultEnd, hypothesis.counted(),
                    hypothesis.maxErrorPercent(), hypothesis.p99Millis());
            LedgerCheck writes = LedgerCheck.of(ledger, deployment.jdbcUrl(), LedgerCheck.SETTLE_WITHIN);
            journal.log("ledger: " + writes.acknowledged() + " acknowledged writes, " + writes.found() + " found, " + writes.lost() + " lost, "
                    + writes.chargedTwice() + " charged twice, " + writes.unsettled() + " checkouts still queued");
            Long detected = watch == null ? null : watch.detectedMillis();
            List<ExperimentResult.Probe> probes = probes(hypothesis, timeline, writes, faultStart);
            probes.add(new ExperimentResult.Probe("nothing left on the links after the rollback (toxics, disabled proxies)", "none",
                    leftOnLinks.isEmpty() ? "none" : String.join("; ", leftOnLinks), leftOnLinks.isEmpty()));
            return new ExperimentResult(experiment.name(), experiment.title(), deployment.preset().name(), backend, load.journeysPerSecond(), faults,
                    probes, probes.stream().allMatch(ExperimentResult.Probe::held), faultStart, faultEnd, detected, timeline, writes,
                    journal.entries(), null);
        } catch (Exception e) {
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            String why = e instanceof ExecutionException && e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
            journal.log("experiment broke: " + why);
            return new ExperimentResult(experiment.name(), experiment.title(), deployment.preset().name(), backend, load.journeysPerSecond(), faults,
                    List.of(), false, faultStart, faultEnd, null, null, null, journal.entries(), String.valueOf(why));
        } finally {
            rollback(deployment, injected, journal);
            monitoring.fault(experiment.name(), false);
            monitoring.idle();
            if (watch != null) watch.close();
            gatling.shutdownNow();
            try {
                Runtime.getRuntime().removeShutdownHook(onInterrupt);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs the rollback
            }
        }
    }

    /** The hypothesis, probe by probe. */
    static List<ExperimentResult.Probe> probes(Hypothesis hypothesis, Timeline timeline, LedgerCheck writes, long faultStart) {
        List<ExperimentResult.Probe> probes = new ArrayList<>();
        Timeline.Phase before = timeline.before();
        probes.add(new ExperimentResult.Probe("steady state: p99 before the fault", "≤ " + ms(hypothesis.p99Millis()), ms(before.p99Millis()),
                before.requests() > 0 && before.p99Millis() <= hypothesis.p99Millis()));
        long requests = timeline.requests();
        long failed = timeline.failed();
        double errorPercent = requests == 0 ? 100 : 100.0 * failed / requests;
        probes.add(new ExperimentResult.Probe("error rate over the experiment (" + hypothesis.countedDescription() + ")",
                "≤ " + percent(hypothesis.maxErrorPercent()), percent(errorPercent) + " (" + failed + " of " + requests + ")",
                requests > 0 && errorPercent <= hypothesis.maxErrorPercent()));
        if (hypothesis.recoverWithin() != null) {
            Long recovered = timeline.recoveredMillis();
            probes.add(new ExperimentResult.Probe("back within the SLO after the fault began", "≤ " + ms(hypothesis.recoverWithin().toMillis()),
                    recovered == null ? "not before the load ended" : ms(recovered),
                    recovered != null && recovered <= hypothesis.recoverWithin().toMillis()));
        }
        probes.add(lostWrites(hypothesis.recoveryPoint(), writes, faultStart));
        probes.add(new ExperimentResult.Probe("purchases charged twice", "0", Long.toString(writes.chargedTwice()), writes.chargedTwice() == 0));
        probes.add(new ExperimentResult.Probe("checkouts queued (202) and not charged within " + LedgerCheck.SETTLE_WITHIN.toSeconds()
                + " s of the load's end", "0", Long.toString(writes.unsettled()), writes.unsettled() == 0));
        return probes;
    }

    /**
     * No acknowledged write lost; or, with a recovery point objective, none acknowledged longer than that
     * before the fault, nor any after {@link #FAULT_LANDS} (while the fault lands, commits in flight are
     * still acknowledged; a write acknowledged by the restored database must never be lost). The measured RPO is how far before the fault the earliest lost
     * write was acknowledged.
     */
    private static final Duration FAULT_LANDS = Duration.ofSeconds(1);

    static ExperimentResult.Probe lostWrites(Duration recoveryPoint, LedgerCheck writes, long faultStart) {
        String lost = writes.lost() + " of " + writes.acknowledged();
        if (recoveryPoint == null) return new ExperimentResult.Probe("acknowledged writes lost", "0", lost, writes.lost() == 0);
        var earliest = writes.earliestLostAt();
        long latest = writes.lostAt().stream().mapToLong(Long::longValue).max().orElse(0);
        String measured = earliest.isEmpty() ? lost : String.format(Locale.ROOT, "%s, acknowledged from %s to %s", lost,
                relativeToTheFault(earliest.getAsLong() - faultStart), relativeToTheFault(latest - faultStart));
        boolean held = earliest.isEmpty() || (faultStart - earliest.getAsLong() <= recoveryPoint.toMillis() && latest <= faultStart + FAULT_LANDS.toMillis());
        return new ExperimentResult.Probe("acknowledged writes lost (recovery point)", "only those acknowledged in the "
                + seconds(recoveryPoint) + " before the fault", measured, held);
    }

    /** "250 ms before the fault", "12 ms after it began". */
    private static String relativeToTheFault(long millis) {
        return millis < 0 ? -millis + " ms before the fault" : millis + " ms after it began";
    }

    /** Load at the experiments' rate, quotas in force, after the warm-up: what the JIT left queued is worked off before any steady state is measured. */
    static final Duration SETTLE = Duration.ofSeconds(10);

    /**
     * Unmeasured load on a freshly booted deployment, with the replicas' CPU quotas lifted meanwhile,
     * so that the first experiment's steady state is the service's and not its JIT compiler's; then
     * {@link #SETTLE} at the experiments' rate under the quotas (the first experiment after a boot once
     * started with p99 over the SLO without it).
     */
    public void warmUp(Deployment deployment, Duration length, Path folder) {
        deleteRecursively(folder.resolve("warm-up"));
        if (length.isZero()) return; // a verdict that does not need a warm JIT (a single replica frozen: no answer at all)
        try (Deployment.QuotasLifted lifted = deployment.liftCpuQuotas()) {
            System.out.printf("warming the replicas up: %s of load, CPU quotas lifted%n", seconds(length));
            GatlingRun.run(LOAD_SIMULATION, loadParameters(deployment, 2 * load.journeysPerSecond(), null, length), folder.resolve("warm-up"),
                    "chaos warm-up");
        }
        System.out.printf("settling: %s of load at the experiments' rate, CPU quotas in force%n", seconds(SETTLE));
        GatlingRun.run(LOAD_SIMULATION, loadParameters(deployment, load.journeysPerSecond(), null, SETTLE), folder.resolve("warm-up").resolve("settle"),
                "chaos settle");
    }

    private SimulationParameters loadParameters(Deployment deployment, double rate, Path ledger, Duration length) {
        SimulationParameters parameters = SimulationParameters.load(rate, load.warmUp(), length, deployment.clientUrls()).mix(load.mix())
                .usersFrom(deployment.datasetDir())
                // Several edges: the clients probe them and fail over, as clients of a zonal load balancer do.
                .clientFailover(deployment.edgeUrl().isPresent() && deployment.clientUrls().size() > 1);
        return ledger == null ? parameters : parameters.ledger(ledger);
    }

    /** Reverts what was injected and can be, once; says what stays broken. Safe to call again. */
    private static void rollback(Deployment deployment, List<Fault> injected, Journal journal) {
        synchronized (injected) {
            for (Fault fault : List.copyOf(injected)) {
                injected.remove(fault);
                if (!fault.reversible()) {
                    journal.log("rollback: nothing undoes '" + fault.description() + "' in place; the deployment stays as the fault left it");
                    continue;
                }
                try {
                    fault.revert().run(deployment);
                    journal.log("rolled back: " + fault.description());
                } catch (Exception e) {
                    journal.log("rollback of '" + fault.description() + "' failed: " + e.getMessage());
                }
            }
        }
    }

    /** When Gatling has begun: its simulation.log exists. Fails when the run ended first (a bad target, say). */
    private static long awaitLoadStart(Path results, Future<SimulationLog> run) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            if (run.isDone()) {
                run.get(); // throws the run's failure
                throw new IllegalStateException("the load ended before the experiment began");
            }
            if (Files.isDirectory(results)) {
                try (var files = Files.walk(results)) {
                    if (files.anyMatch(path -> path.getFileName().toString().equals("simulation.log"))) return System.currentTimeMillis();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            Thread.sleep(50);
        }
        throw new TimeoutException("Gatling did not start within 60 s");
    }

    private static void deleteRecursively(Path folder) {
        if (!Files.exists(folder)) return;
        try (var paths = Files.walk(folder)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear " + folder + ": " + e.getMessage(), e);
        }
    }

    private static void sleepUntil(long epochMillis, Future<?> run) throws Exception {
        while (System.currentTimeMillis() < epochMillis) {
            if (run.isDone()) {
                run.get();
                throw new IllegalStateException("the load ended before the experiment did");
            }
            Thread.sleep(Math.min(100, Math.max(1, epochMillis - System.currentTimeMillis())));
        }
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() / 1000.0 + " s";
    }

    private static String ms(double millis) {
        return String.format(Locale.ROOT, "%.0f ms", millis);
    }

    private static String percent(double value) {
        return String.format(Locale.ROOT, "%.2f %%", value);
    }

    /** Polls the edge's server states every 100 ms: the first change after the fault is its detection. */
    private static final class EdgeWatch implements AutoCloseable {
        private final Deployment deployment;
        private final Map<String, String> initial;
        private final AtomicLong armedAt = new AtomicLong();
        private final AtomicLong detectedAt = new AtomicLong();
        private final Thread poller;
        private volatile boolean running = true;

        EdgeWatch(Deployment deployment) {
            this.deployment = deployment;
            this.initial = deployment.edgeServerStatus();
            this.poller = new Thread(this::poll, "chaos-edge-watch");
            poller.setDaemon(true);
            poller.start();
        }

        void armed(long at) {
            armedAt.set(at);
        }

        Long detectedMillis() {
            long at = detectedAt.get();
            return at == 0 ? null : at - armedAt.get();
        }

        private void poll() {
            while (running && detectedAt.get() == 0) {
                try {
                    if (armedAt.get() > 0) {
                        Map<String, String> now = deployment.edgeServerStatus();
                        boolean changed = initial.entrySet().stream()
                                .anyMatch(server -> !server.getValue().equals(now.getOrDefault(server.getKey(), "gone")));
                        if (changed) detectedAt.set(System.currentTimeMillis());
                    }
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    // The edge itself is down (an edge-loss experiment): its loss is what detects nothing.
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException interrupted) {
                        return;
                    }
                }
            }
        }

        @Override
        public void close() {
            running = false;
            poller.interrupt();
        }
    }
}
