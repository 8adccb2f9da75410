package org.lmsharness.gate.compare;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lmsharness.gate.GateSettings;
import org.lmsharness.gate.duet.Round;
import org.lmsharness.gate.duet.Side;
import org.lmsharness.gate.duet.SideFigures;
import org.lmsharness.gate.stats.Verdict;

class ComparisonTests {

    private static final GateSettings SETTINGS = GateSettings.DEFAULTS;

    /** Rounds whose candidate costs {@code cpuRatio} times the baseline and answers in {@code p95Ratio} times, each round with ±2 % noise shared by both. */
    private static List<Round> rounds(int count, double cpuRatio, double p95Ratio, long candidateFailed, long loginsPerRound) {
        Random random = new Random(7);
        List<Round> rounds = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            double host = 1 + 0.1 * random.nextGaussian(); // a busier host slows both sides alike
            double cpu = 47 * host;
            double p95 = 300 * host;
            double own = 1 + 0.02 * random.nextGaussian(); // what is the candidate's own this round
            SideFigures baseline = new SideFigures(300, 1_400, 0, cpu + 1, 1, 100, p95, 2 * p95,
                    Map.of("log in", new SideFigures.NameFigures(loginsPerRound, p95 / 3, p95), "checkout", new SideFigures.NameFigures(8, 300, 900)));
            SideFigures candidate = new SideFigures(300, 1_400, candidateFailed, cpu * cpuRatio * own + 1, 1, 100, p95 * p95Ratio * own, 2 * p95 * p95Ratio,
                    Map.of("log in", new SideFigures.NameFigures(loginsPerRound, p95 / 3 * p95Ratio * own, p95 * p95Ratio * own), "checkout",
                            new SideFigures.NameFigures(8, 1_000, 5_000)));
            rounds.add(new Round(i, i % 2 == 0 ? 0.85 : 0.5, 5, Map.of(Side.BASELINE, baseline, Side.CANDIDATE, candidate), 0.1, 0.6, null));
        }
        return rounds;
    }

    private static Metric named(List<Metric> metrics, String name) {
        return metrics.stream().filter(metric -> metric.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void theSameBuildOnBothSidesPasses() {
        List<Metric> metrics = Comparison.of(rounds(10, 1, 1, 0, 100), SETTINGS);
        assertThat(named(metrics, "cpu per journey").verdict()).isEqualTo(Verdict.PASS);
        assertThat(named(metrics, "p95").verdict()).isEqualTo(Verdict.PASS);
        assertThat(Comparison.verdict(metrics)).isEqualTo(Verdict.PASS);
    }

    @Test
    void aTenthMoreCpuPerJourneyIsARegression() {
        List<Metric> metrics = Comparison.of(rounds(10, 1.10, 1, 0, 100), SETTINGS);
        Metric cpu = named(metrics, "cpu per journey");
        assertThat(cpu.verdict()).isEqualTo(Verdict.REGRESSION);
        assertThat(cpu.ratio().low()).isGreaterThan(1.05);
        assertThat(cpu.ratio().estimate()).isBetween(1.08, 1.12);
        assertThat(Comparison.verdict(metrics)).isEqualTo(Verdict.REGRESSION);
    }

    @Test
    void aChangeNearTheAllowedLineIsUnknown() {
        List<Metric> metrics = Comparison.of(rounds(10, 1.05, 1, 0, 100), SETTINGS);
        assertThat(named(metrics, "cpu per journey").verdict()).isEqualTo(Verdict.UNKNOWN);
        assertThat(Comparison.verdict(metrics)).isEqualTo(Verdict.UNKNOWN);
    }

    @Test
    void tooFewRoundsBoundNothing() {
        List<Metric> metrics = Comparison.of(rounds(4, 1.5, 1, 0, 100), SETTINGS);
        assertThat(named(metrics, "cpu per journey").ratio().bounded()).isFalse();
        assertThat(named(metrics, "cpu per journey").verdict()).isEqualTo(Verdict.UNKNOWN);
    }

    @Test
    void aSlowerRequestFailsTheGateOnItsOwnP95() {
        List<Metric> metrics = Comparison.of(rounds(10, 1, 1.25, 0, 100), SETTINGS);
        assertThat(named(metrics, "p95 log in").verdict()).isEqualTo(Verdict.REGRESSION);
        assertThat(Comparison.verdict(metrics)).isEqualTo(Verdict.REGRESSION);
    }

    /** One request slower by a constant (a query that waits): its median moves with it, where its p95 of a few dozen is noisy. */
    @Test
    void aRequestSlowerByAConstantFailsTheGateOnItsMedian() {
        List<Round> rounds = new ArrayList<>();
        Random random = new Random(11);
        for (int i = 1; i <= 8; i++) {
            double login = 100 * (1 + 0.05 * random.nextGaussian());
            double tail = 300 * (1 + 0.4 * random.nextGaussian()); // the second slowest of 33: it moves by tens of percent
            SideFigures baseline = new SideFigures(85, 410, 0, 48, 1, 4, 150, 250, Map.of("log in", new SideFigures.NameFigures(33, login, tail),
                    "course detail", new SideFigures.NameFigures(60, 3, 6)));
            SideFigures candidate = new SideFigures(85, 410, 0, 48, 1, 4, 150, 250, Map.of("log in", new SideFigures.NameFigures(33, login + 40,
                    300 * (1 + 0.4 * random.nextGaussian())), "course detail", new SideFigures.NameFigures(60, 4, 6)));
            rounds.add(new Round(i, i % 2 == 0 ? 0.85 : 0.5, 5, Map.of(Side.BASELINE, baseline, Side.CANDIDATE, candidate), 0.1, 0.5, null));
        }
        List<Metric> metrics = Comparison.of(rounds, SETTINGS);
        assertThat(named(metrics, "p50 log in").verdict()).isEqualTo(Verdict.REGRESSION);
        assertThat(named(metrics, "p50 log in").ratio().estimate()).isBetween(1.35, 1.45);
        assertThat(metrics).extracting(Metric::name).as("3 against 4 ms is whole milliseconds, not a figure").doesNotContain("p50 course detail", "p95 course detail");
        assertThat(Comparison.verdict(metrics)).isEqualTo(Verdict.REGRESSION);
    }

    /** A request of a few milliseconds whose p95 doubles in every round: one CPU-quota period in it, not a figure of its own. */
    @Test
    void aRequestOfAFewMillisecondsIsNotGatedOnItsOwn() {
        List<Round> rounds = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            SideFigures baseline = new SideFigures(85, 410, 0, 48, 1, 4, 150, 250, Map.of("quiz", new SideFigures.NameFigures(30, 3, 8),
                    "course detail", new SideFigures.NameFigures(60, 12, 19 + i % 3)));
            SideFigures candidate = new SideFigures(85, 410, 0, 48, 1, 4, 150, 250, Map.of("quiz", new SideFigures.NameFigures(30, 3, 20),
                    "course detail", new SideFigures.NameFigures(60, 12, 40 + i % 3)));
            rounds.add(new Round(i, 0.5, 5, Map.of(Side.BASELINE, baseline, Side.CANDIDATE, candidate), 0.1, 0.5, null));
        }
        List<Metric> metrics = Comparison.of(rounds, SETTINGS);
        assertThat(metrics).extracting(Metric::name).doesNotContain("p95 quiz", "p50 quiz", "p50 course detail");
        // Its baseline p95 reads 19, 20 and 21 ms: a median of 20, the floor itself, is compared.
        assertThat(named(metrics, "p95 course detail").verdict()).isEqualTo(Verdict.REGRESSION);
        assertThat(Comparison.verdict(metrics)).isEqualTo(Verdict.REGRESSION);
    }

    @Test
    void aRequestTooRareForAP95PerRoundIsNotGated() {
        List<Metric> metrics = Comparison.of(rounds(10, 1, 1, 0, 100), SETTINGS);
        assertThat(metrics).extracting(Metric::name).doesNotContain("p95 checkout"); // 8 per round, far slower: not a figure
        assertThat(Comparison.of(rounds(10, 1, 1, 0, 20), SETTINGS)).extracting(Metric::name).doesNotContain("p95 log in");
    }

    @Test
    void anUnknownP95OfOneRequestDoesNotHoldTheGateOpen() {
        List<Metric> metrics = new ArrayList<>(Comparison.of(rounds(10, 1, 1, 0, 100), SETTINGS));
        Metric login = named(metrics, "p95 log in");
        metrics.set(metrics.indexOf(login), new Metric(login.name(), login.unit(), 1, 1, login.ratio(), 0.1, Verdict.UNKNOWN, false, "spans"));
        assertThat(Comparison.verdict(metrics)).isEqualTo(Verdict.PASS);
    }

    /** With CPU figures the service demand decides: an undecided p95 of all requests does not hold the gate open; without them it does. */
    @Test
    void theP95OfAllRequestsDecidesOnlyWithoutCpuFigures() {
        List<Round> rounds = rounds(10, 1, 1, 0, 100);
        assertThat(named(Comparison.of(rounds, SETTINGS), "p95").decides()).isFalse();
        List<Round> byUrl = rounds.stream().map(round -> new Round(round.index(), round.level(), round.rate(), round.sides(), 0, 0, "no CPU figures for URLs")).toList();
        assertThat(named(Comparison.of(byUrl, SETTINGS), "p95").decides()).isTrue();
        assertThat(Comparison.of(byUrl, SETTINGS)).extracting(Metric::name).doesNotContain("cpu per journey");
    }

    @Test
    void errorsBeyondTheBudgetAndTheBaselineAreARegression() {
        Metric errors = named(Comparison.of(rounds(10, 1, 1, 30, 100), SETTINGS), "errors"); // 30 of 1,400: 2.1 %
        assertThat(errors.verdict()).isEqualTo(Verdict.REGRESSION);
        assertThat(errors.candidate()).isCloseTo(2.14, org.assertj.core.data.Offset.offset(0.01));
        assertThat(named(Comparison.of(rounds(10, 1, 1, 7, 100), SETTINGS), "errors").verdict()).isEqualTo(Verdict.PASS); // 0.5 %: within
    }

    @Test
    void roundsWithoutCpuFiguresAreLeftOutOfTheServiceDemand() {
        List<Round> rounds = new ArrayList<>(rounds(10, 1.10, 1, 0, 100));
        Round starved = rounds.get(0);
        rounds.set(0, new Round(starved.index(), starved.level(), starved.rate(), starved.sides(), 0, 0, "the CPU sampler fell behind"));
        assertThat(named(Comparison.of(rounds, SETTINGS), "cpu per journey").ratio().n()).isEqualTo(9);
    }

    @Test
    void latencyIsComparedOnlyInRoundsWhereTheBaselineHeldTheSlo() {
        List<Round> rounds = new ArrayList<>(rounds(10, 1, 1.25, 0, 100));
        for (int i = 0; i < 3; i++) { // three saturated rounds where the candidate happened to queue less
            Round round = rounds.get(i);
            SideFigures baseline = round.side(Side.BASELINE);
            SideFigures candidate = round.side(Side.CANDIDATE);
            rounds.set(i, new Round(round.index(), round.level(), round.rate(), Map.of(
                    Side.BASELINE, new SideFigures(300, 1_400, 0, baseline.cpuPerJourney(), 1, 100, 1_500, 3_000, baseline.byName()),
                    Side.CANDIDATE, new SideFigures(300, 1_400, 0, candidate.cpuPerJourney(), 1, 100, 700, 1_400, candidate.byName())), 0.1, 0.9, null));
        }
        Metric p95 = named(Comparison.of(rounds, SETTINGS), "p95");
        assertThat(p95.ratio().n()).isEqualTo(7);
        assertThat(p95.verdict()).isEqualTo(Verdict.REGRESSION);
    }
}
