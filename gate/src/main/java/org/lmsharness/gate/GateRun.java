package org.lmsharness.gate;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.lmsharness.common.Figures;
import org.lmsharness.gate.compare.Comparison;
import org.lmsharness.gate.compare.Metric;
import org.lmsharness.gate.duet.Duet;
import org.lmsharness.gate.duet.Round;
import org.lmsharness.gate.duet.Side;
import org.lmsharness.gate.duet.SideFigures;
import org.lmsharness.gate.stats.Verdict;

/**
 * The gate's rounds: a warm-up without quotas (both JVMs compile their hot paths at full speed), one
 * settle round under the quotas that does not count, then batches of rounds — every level once, in
 * an order shuffled by the seed — until the verdict is decided after at least {@code minRounds}, or
 * the budget of {@code maxRounds} is spent.
 */
public final class GateRun {

    /** Each side's CPU quota: lifted for the warm-up; its size, with the baseline's CPU per journey, gives the capacity. */
    public interface Quotas {
        /** Lifts both sides' quotas until closed. */
        AutoCloseable lift();

        /** Cores per replica; NaN for external targets. */
        double cores();

        /** Whether the sides are replicas the gate booted, with a quota and CPU figures (not deployments given by URL). */
        default boolean known() {
            return Double.isFinite(cores());
        }

        /** External targets: nothing to lift, no size. */
        Quotas NONE = new Quotas() {
            public AutoCloseable lift() {
                return () -> {};
            }

            public double cores() {
                return Double.NaN;
            }
        };
    }

    private final Duet duet;
    private final GateSettings given;
    private final Quotas quotas;
    private final PrintStream out;
    private final long started = System.currentTimeMillis();

    public GateRun(Duet duet, GateSettings settings, Quotas quotas, PrintStream out) {
        this.duet = duet;
        this.given = settings;
        if (settings.capacity() == GateSettings.FROM_DEMAND && !quotas.known()) {
            throw new IllegalArgumentException("the capacity is measured from the replicas' quota: deployments given by URL need one given");
        }
        this.quotas = quotas;
        this.out = out;
    }

    /** Runs the rounds; {@code conditions} are given to the result as they are. */
    public GateResult run(java.util.Map<String, String> conditions, double bootSeconds) throws Exception {
        Duration ramp = given.round().dividedBy(6);
        double lowest = given.levels().stream().mapToDouble(Double::doubleValue).min().orElse(1);
        double highest = given.levels().stream().mapToDouble(Double::doubleValue).max().orElse(1);
        boolean measure = given.capacity() == GateSettings.FROM_DEMAND;
        Round warm = warmUp(lowest, lowest * (measure ? guess() : given.capacity()), ramp);
        if (measure && warm == null) { // no warm-up: one round under the quotas at the guessed low level measures the demand
            progress("demand: one round under the quotas at %s journeys/s that does not count", Figures.of(lowest * guess()));
            warm = duet.run(0, lowest, lowest * guess(), ramp, given.round().minus(ramp), "demand");
            describe("demand", warm);
        }
        GateSettings settings = measure ? given.withCapacity(capacity(warm)) : given;
        double top = highest * settings.capacity();
        progress("settle: one round%s at %s journeys/s that does not count", quotas.known() ? " under the quotas" : "", Figures.of(top));
        describe("settle", duet.run(0, highest, top, ramp, settings.round().minus(ramp), "settle"));
        Random order = new Random(settings.seed());
        List<Round> rounds = new ArrayList<>();
        List<Metric> metrics = List.of();
        Verdict verdict = Verdict.UNKNOWN;
        while (rounds.size() < settings.maxRounds()) {
            List<Double> batch = new ArrayList<>(settings.levels());
            Collections.shuffle(batch, order);
            for (double level : batch) {
                if (rounds.size() >= settings.maxRounds()) break;
                double rate = level * settings.capacity();
                int index = rounds.size() + 1;
                Round round = duet.run(index, level, rate, ramp, settings.round().minus(ramp), String.format(Locale.ROOT, "round-%02d-%.0f-percent", index,
                        100 * level));
                rounds.add(round);
                describe(String.format(Locale.ROOT, "round %d", index), round);
            }
            if (rounds.size() < settings.minRounds()) continue;
            metrics = Comparison.of(rounds, settings);
            verdict = Comparison.verdict(metrics);
            if (verdict != Verdict.UNKNOWN) break;
            if (rounds.size() < settings.maxRounds()) progress("after %d rounds still undecided: %s; more rounds", rounds.size(), undecided(metrics));
        }
        double seconds = (System.currentTimeMillis() - started) / 1000.0 + bootSeconds;
        return new GateResult(conditions, settings, rounds, metrics, verdict, summary(verdict, metrics, rounds.size()), seconds);
    }

    /**
     * A side's JIT compilers are quiet when they take at most this share of its replica's CPU in a warm-up round. At 5 % one
     * side or the other flared above it for minutes (2–12 ms of 50 per journey); the rounds compare CPU outside the compilers.
     */
    static final double QUIET_COMPILERS = 0.10;

    /**
     * Rounds without the quotas until both JVMs' compilers are quiet, at most {@code warmUp} in all. Measured here: after 120 s at
     * 85 % with both sides unquoted (the host 100 % busy), the compilers still took 30–50 ms per journey under the quota for six
     * minutes, and the rounds measured whichever JVM happened to be compiling (one round read 70 against 97 ms per journey).
     * A lower rate leaves the compilers cores of their own, and the warm-up ends on what it measures.
     */
    private Round warmUp(double level, double rate, Duration ramp) throws Exception {
        if (given.warmUp().isZero()) return null;
        Round warm = null;
        long until = System.currentTimeMillis() + given.warmUp().toMillis();
        if (quotas.known()) {
            progress("warm-up: both sides at %s journeys/s without their CPU quotas until their JIT compilers are quiet (at most %d s)", Figures.of(rate),
                    given.warmUp().toSeconds());
        } else {
            progress("warm-up: both sides at %s journeys/s for %d s (no CPU figures from them to tell when their compilers are quiet)", Figures.of(rate),
                    given.warmUp().toSeconds());
        }
        try (AutoCloseable lifted = quotas.lift()) {
            for (int round = 1; System.currentTimeMillis() + given.round().toMillis() <= until || round == 1; round++) {
                warm = duet.run(0, level, rate, ramp, given.round().minus(ramp), String.format("warm-up-%02d", round));
                describe("warm-up " + round, warm);
                // Without CPU figures (deployments given by URL) nothing says the compilers are quiet: the whole warm-up runs.
                if (warm.sides().values().stream().allMatch(side -> side.compilingPerJourney() <= QUIET_COMPILERS * side.cpuPerJourney())) {
                    progress("warm-up: compilers quiet on both sides after %d rounds", round);
                    return warm;
                }
            }
        }
        if (quotas.known()) {
            progress("warm-up: %d s spent and a JIT compiler is still busy: the first rounds may measure compiling", given.warmUp().toSeconds());
        } else {
            progress("warm-up: %d s spent", given.warmUp().toSeconds());
        }
        return warm;
    }

    /**
     * Where no capacity is given, the warm-up's rate: about 50 ms of CPU per journey (the reference app at dataset S, measured
     * here: 44–68 ms in the duet) puts 20 journeys per second on a core. The rounds' rate is measured; this only has to be near.
     */
    private double guess() {
        return 20 * quotas.cores();
    }

    /**
     * The baseline's capacity from its CPU per journey once warm (the utilisation law: a replica with {@code c} cores and {@code d}
     * seconds of CPU per journey is 100 % busy at {@code c / d} journeys per second), so a level is its replica's utilisation. A
     * fixed rate did not do: the duet's replicas cost 44 to 68 ms per journey from one run to the next, and at 85 % of a lone
     * replica's 10 journeys/s half the runs' upper rounds saturated (p95 0.8–1.6 s) and told nothing about latency.
     */
    private double capacity(Round warm) {
        double demand = warm.side(Side.BASELINE).cpuPerJourney();
        if (!(demand > 0)) {
            progress("capacity: no CPU figure for the baseline; the levels are fractions of %s journeys/s", Figures.of(guess()));
            return guess();
        }
        double capacity = 1000 * quotas.cores() / demand;
        progress("capacity: the baseline's replica costs %.1f ms of CPU per journey: its %s cores are busy at %s journeys/s, the levels' 100 %%",
                demand, Figures.of(quotas.cores()), Figures.of(capacity));
        return capacity;
    }

    static String summary(Verdict verdict, List<Metric> metrics, int rounds) {
        return switch (verdict) {
            case PASS -> "PASS: no metric rose beyond what is allowed (" + rounds + " rounds)";
            case REGRESSION -> "REGRESSION: " + String.join("; ", metrics.stream().filter(m -> m.verdict() == Verdict.REGRESSION)
                    .map(m -> m.name() + " " + m.reason()).toList());
            case UNKNOWN -> "UNKNOWN after " + rounds + " rounds (the budget): " + undecided(metrics);
        };
    }

    private static String undecided(List<Metric> metrics) {
        return String.join("; ", metrics.stream().filter(m -> m.decides() && m.verdict() == Verdict.UNKNOWN).map(m -> m.name() + " " + m.reason()).toList());
    }

    /** One line per round, baseline | candidate: {@code what} says which (a warm-up round, the settle round, a counted round). */
    private void describe(String what, Round round) {
        SideFigures baseline = round.side(Side.BASELINE);
        SideFigures candidate = round.side(Side.CANDIDATE);
        progress("%-10s %3.0f %% %6s journeys/s  cpu/journey %5.1f | %5.1f ms (+ jit %4.1f | %4.1f)  p95 %4.0f | %4.0f ms  err %.2f | %.2f %%  injector %.2f  host %3.0f %%%s",
                what, 100 * round.level(), Figures.of(round.rate()), baseline.workPerJourney(), candidate.workPerJourney(), baseline.compilingPerJourney(),
                candidate.compilingPerJourney(), baseline.p95(), candidate.p95(),
                baseline.errorPercent(), candidate.errorPercent(), round.injectorCores(), 100 * round.hostBusy(),
                round.missing() == null ? "" : "  (no CPU figures: " + round.missing() + ")");
    }

    private void progress(String format, Object... arguments) {
        long elapsed = (System.currentTimeMillis() - started) / 1000;
        out.printf(Locale.ROOT, "[%d:%02d] gate: %s%n", elapsed / 60, elapsed % 60, String.format(Locale.ROOT, format, arguments));
    }
}
