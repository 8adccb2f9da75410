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

    /** Lifts both sides' CPU quotas until closed; does nothing for external targets. */
    public interface Quotas {
        AutoCloseable lift();
    }

    private final Duet duet;
    private final GateSettings settings;
    private final Quotas quotas;
    private final PrintStream out;
    private final long started = System.currentTimeMillis();

    public GateRun(Duet duet, GateSettings settings, Quotas quotas, PrintStream out) {
        this.duet = duet;
        this.settings = settings;
        this.quotas = quotas;
        this.out = out;
    }

    /** Runs the rounds; {@code conditions} are given to the result as they are. */
    public GateResult run(java.util.Map<String, String> conditions, double bootSeconds) throws Exception {
        double top = settings.levels().stream().mapToDouble(Double::doubleValue).max().orElse(1) * settings.capacity();
        double low = settings.levels().stream().mapToDouble(Double::doubleValue).min().orElse(1) * settings.capacity();
        Duration ramp = settings.round().dividedBy(6);
        warmUp(low, ramp);
        progress("settle: one round under the quotas at %s journeys/s that does not count", Figures.of(top));
        describe(duet.run(0, top / settings.capacity(), top, ramp, settings.round().minus(ramp), "settle"));
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
                describe(round);
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
    private void warmUp(double rate, Duration ramp) throws Exception {
        if (settings.warmUp().isZero()) return;
        long until = System.currentTimeMillis() + settings.warmUp().toMillis();
        progress("warm-up: both sides at %s journeys/s without their CPU quotas until their JIT compilers are quiet (at most %d s)", Figures.of(rate),
                settings.warmUp().toSeconds());
        try (AutoCloseable lifted = quotas.lift()) {
            for (int round = 1; System.currentTimeMillis() + settings.round().toMillis() <= until || round == 1; round++) {
                Round warm = duet.run(0, rate / settings.capacity(), rate, ramp, settings.round().minus(ramp), String.format("warm-up-%02d", round));
                describe(warm);
                if (warm.sides().values().stream().allMatch(side -> !(side.compilingPerJourney() > QUIET_COMPILERS * side.cpuPerJourney()))) {
                    progress("warm-up: compilers quiet on both sides after %d rounds", round);
                    return;
                }
            }
        }
        progress("warm-up: %d s spent and a JIT compiler is still busy: the first rounds may measure compiling", settings.warmUp().toSeconds());
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

    private void describe(Round round) {
        SideFigures baseline = round.side(Side.BASELINE);
        SideFigures candidate = round.side(Side.CANDIDATE);
        String what = round.index() == 0 ? "      " : String.format(Locale.ROOT, "round %2d", round.index());
        progress("%s %3.0f %% %6s journeys/s  cpu/journey %5.1f | %5.1f ms (+ jit %4.1f | %4.1f)  p95 %4.0f | %4.0f ms  err %.2f | %.2f %%  injector %.2f  host %3.0f %%%s",
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
