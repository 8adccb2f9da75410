package org.lmsharness.capacity.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.lmsharness.common.Figures;
import org.lmsharness.reports.run.Drift;
import org.lmsharness.reports.run.ReplicaSearch;
import org.lmsharness.reports.run.Spread;
import org.lmsharness.reports.run.Step;
import org.lmsharness.reports.run.Step.Outcome;

/**
 * Finds the highest arrival rate a number of replicas sustains within the SLO.
 *
 * <ol>
 *   <li><b>Start</b> from what is known before the first step ({@link Estimate}): at 90 % of a hint (the
 *       capacity a neighbouring replica count predicts), or at 85 % of the rate at which the replicas'
 *       CPU quotas would be used up (the utilisation law, from the warm-up's CPU per journey); with
 *       {@code lowPoint}, after a first step at half of that (a low-concurrency point for the one-replica
 *       model). With neither (a deployment that is not ours), at the start rate.</li>
 *   <li><b>Bracket</b>: up while steps pass, by as much as the step's CPU says is left of the quotas
 *       (between ×1.1 and ×2; ×2 without any estimate, ×1.15 from a hint), down by 20 % (by half
 *       without an estimate) while they fail, until a passing and a failing rate are known.</li>
 *   <li><b>Bisect</b> the bracket until its ends are within the tolerance (5 % by default). A failure
 *       near the boundary (going up, or bisecting) is tried again until a majority of {@code repeats}
 *       decides: 2 of 3 by default.</li>
 *   <li><b>Repeat</b> the highest passing rate until it has passed {@code repeats} times; if it fails
 *       a majority first, it becomes the failing end and the search steps down.</li>
 * </ol>
 * An INVALID step (the harness itself saturated) is never used as a bound: the search stops going up
 * there, and without a failing step above a passing one it reports no capacity rather than invent one.
 *
 * <p>Last, the <b>recheck</b>: the lowest passing rate is measured once more, and its cost compared with
 * the first time ({@link Drift}). A target that drifted meanwhile keeps its capacity figure, marked
 * unreliable, with by how much and between which steps.
 */
public final class CapacitySearch {

    /**
     * @param startRate  journeys per second of the first calibration step (when nothing predicts better)
     * @param tolerance  the bracket is narrowed until failing/passing − 1 is at most this
     * @param repeats    how many times the capacity rate must pass
     * @param maxSteps   steps allowed per replica count, so that a search always ends
     */
    public record Settings(double startRate, double tolerance, int repeats, int maxSteps) {}

    private final Settings settings;

    public CapacitySearch(Settings settings) {
        this.settings = settings;
    }

    /** The steps a search typically takes, for the progress estimate: bracket, bisections down to the tolerance, confirmations, repeats. */
    public int typicalSteps(boolean hinted) {
        double bracketWidth = hinted ? 0.11 : 0.25;
        int bisections = (int) Math.ceil(Math.log(bracketWidth / settings.tolerance()) / Math.log(2));
        int confirmations = (majority() - 1) * (hinted ? 1 : 2);
        return (hinted ? 2 : 3) + Math.max(0, bisections) + confirmations + settings.repeats() - 1 + 1; // + the recheck
    }

    /**
     * What is known of a replica count's capacity before its first step.
     *
     * @param hint       journeys per second these replicas are expected to sustain (from a neighbouring count), or null
     * @param saturation journeys per second at which the replicas' CPU quotas would be used up (utilisation
     *                   law, from the warm-up), or null when unknown
     * @param lowPoint   begin with a step at half the estimate: a low-concurrency point for the model
     */
    public record Estimate(Double hint, Double saturation, boolean lowPoint) {
        public static final Estimate NONE = new Estimate(null, null, false);
    }

    public ReplicaSearch run(int replicas, Probe probe, Estimate estimate, double quotaCores) {
        ReplicaSearch found = search(replicas, probe, estimate, quotaCores);
        Optional<Step> first = found.steps().stream().filter(step -> step.outcome() == Outcome.PASS)
                .min(Comparator.comparingDouble(Step::offeredJourneysPerSecond).thenComparingInt(Step::index));
        if (first.isEmpty()) return found;
        Step recheck = probe.measure(replicas, first.get().offeredJourneysPerSecond(), "recheck");
        List<Step> steps = new ArrayList<>(found.steps());
        steps.add(recheck);
        if (recheck.outcome() == Outcome.INVALID) {
            return new ReplicaSearch(replicas, steps, found.capacity(), found.verdict() + "; the recheck was invalid, drift not measured", null);
        }
        Drift drift = Drift.between(first.get(), recheck);
        return new ReplicaSearch(replicas, steps, found.capacity(), found.verdict() + (drift.drifted() ? "; UNRELIABLE: " + drift.describe() : ""), drift);
    }

    private ReplicaSearch search(int replicas, Probe probe, Estimate estimate, double quotaCores) {
        List<Step> steps = new ArrayList<>();
        // Where to start, and how big the bracketing moves are: small near a good estimate.
        Double guess = null;
        if (estimate.hint() != null) guess = round(0.9 * estimate.hint());
        else if (estimate.saturation() != null) guess = round(0.85 * estimate.saturation());
        double growth = estimate.hint() != null ? 1.15 : guess != null ? 1.1 : 2;
        double shrink = guess != null ? 0.8 : 0.5;
        double first = guess == null ? settings.startRate()
                : estimate.lowPoint() ? round(0.5 * (estimate.hint() != null ? estimate.hint() : estimate.saturation())) : guess;
        Step calibration = measure(probe, replicas, first, guess == null || estimate.lowPoint() ? "calibrate" : "bracket", steps);
        Double hint = estimate.hint();

        Double passing = null;
        Double failing = null;
        Double invalid = null;
        double next;
        switch (calibration.outcome()) {
            case PASS -> {
                passing = first;
                next = guess != null && guess > first ? guess : round(first * room(calibration, growth, quotaCores, hint));
            }
            case FAIL -> {
                failing = first;
                next = round(first * shrink);
            }
            default -> {
                invalid = first;
                next = round(first * shrink);
            }
        }

        // Bracket: a passing rate below a failing one.
        while ((passing == null || failing == null) && steps.size() < settings.maxSteps() && next >= 0.05) {
            if (invalid != null && next >= invalid) break; // the harness saturates there: no valid bound above
            // Going up from a passing rate, a failure would end the bracket: it must be confirmed.
            Outcome outcome = passing == null ? measure(probe, replicas, next, "bracket", steps).outcome()
                    : judged(probe, replicas, next, "bracket", steps);
            switch (outcome) {
                case PASS -> passing = next;
                case FAIL -> failing = next;
                case INVALID -> invalid = next;
            }
            if (passing == null) next = round(next * shrink);
            else if (failing == null && invalid == null) next = round(next * room(steps.get(steps.size() - 1), growth, quotaCores, hint));
            else if (failing == null) break;
        }
        if (passing == null || failing == null) {
            String verdict = passing == null
                    ? "no valid bound found: no step passed the SLO (lowest rate tried " + format(steps.get(steps.size() - 1).offeredJourneysPerSecond()) + " journeys/s)"
                    : invalid != null
                    ? "no valid bound found: " + format(passing) + " journeys/s passed, but the harness saturated (INVALID) at "
                            + format(invalid) + " before any step broke the SLO"
                    : "no valid bound found: " + format(passing) + " journeys/s passed, and the step budget (" + settings.maxSteps()
                            + ") ran out before any step broke the SLO";
            return new ReplicaSearch(replicas, steps, null, verdict);
        }

        // Bisect, then repeat the highest passing rate; a failed repeat moves the bracket down.
        while (steps.size() < settings.maxSteps()) {
            if (failing / passing - 1 > settings.tolerance()) {
                double middle = round((passing + failing) / 2);
                if (middle <= passing || middle >= failing) break;
                Outcome outcome = judged(probe, replicas, middle, "bisect", steps);
                if (outcome == Outcome.PASS) passing = middle;
                else if (outcome == Outcome.FAIL) failing = middle;
                else break;
                continue;
            }
            if (passesAt(steps, passing) >= settings.repeats()) break;
            Step repeat = measure(probe, replicas, passing, "repeat", steps);
            if (repeat.outcome() == Outcome.INVALID) break;
            if (failsAt(steps, passing) >= majority()) {
                failing = passing;
                double lower = passing;
                Optional<Double> below = steps.stream().filter(s -> s.outcome() == Outcome.PASS && s.offeredJourneysPerSecond() < lower)
                        .map(Step::offeredJourneysPerSecond).max(Double::compare);
                passing = below.orElse(round(passing * (1 - 2 * settings.tolerance())));
            }
        }
        final double capacity = passing;
        List<Step> atCapacity = steps.stream().filter(s -> s.outcome() == Outcome.PASS && s.offeredJourneysPerSecond() == capacity).toList();
        String verdict = String.format("capacity %s journeys/s (passed %d of %d tries at that rate); %s failed", format(capacity),
                atCapacity.size(), steps.stream().filter(s -> s.offeredJourneysPerSecond() == capacity).count(), format(failing));
        if (atCapacity.size() < settings.repeats()) verdict += "; only " + atCapacity.size() + " passing repeats within the step budget";
        return new ReplicaSearch(replicas, steps, new ReplicaSearch.Capacity(capacity, failing,
                Spread.of(atCapacity.stream().map(step -> step.throughput().achievedRequestsPerSecond()).toList()),
                Spread.of(atCapacity.stream().map(s -> s.client().p95()).toList()),
                Spread.of(atCapacity.stream().map(s -> s.client().p99()).toList()),
                Spread.of(atCapacity.stream().map(step -> step.cpu().perReplica()).toList()),
                Spread.of(atCapacity.stream().map(step -> step.throughput().meanConcurrency()).toList())), verdict);
    }

    /** Tries needed to decide a rate: a majority of {@code repeats} (2 of 3). */
    private int majority() {
        return settings.repeats() / 2 + 1;
    }

    /**
     * One step, and when it fails, more at the same rate until passes or failures reach a majority:
     * near the boundary a single failure is often a burst (a few expensive logins arriving together
     * on half a core), and taking it for the bound would make the capacity jump from run to run.
     */
    private Outcome judged(Probe probe, int replicas, double rate, String phase, List<Step> steps) {
        Outcome first = measure(probe, replicas, rate, phase, steps).outcome();
        if (first != Outcome.FAIL) return first;
        while (steps.size() < settings.maxSteps()) {
            if (failsAt(steps, rate) >= majority()) return Outcome.FAIL;
            if (passesAt(steps, rate) >= majority()) return Outcome.PASS;
            if (measure(probe, replicas, rate, "confirm", steps).outcome() == Outcome.INVALID) return Outcome.INVALID;
        }
        return Outcome.FAIL; // out of steps: the safe side
    }

    /** How far up the next bracketing step goes: the CPU left of the quotas (×1.1 to ×2), or the fixed growth without CPU figures or with a hint. */
    private static double room(Step passed, double growth, double quotaCores, Double hint) {
        double cpu = passed.cpu().replicas().values().stream().mapToDouble(Double::doubleValue).sum();
        if (hint != null || quotaCores <= 0 || cpu <= 0) return growth;
        return Math.max(1.1, Math.min(2, 0.95 * quotaCores * passed.replicas() / cpu));
    }

    private static Step measure(Probe probe, int replicas, double rate, String phase, List<Step> steps) {
        Step step = probe.measure(replicas, rate, phase);
        steps.add(step);
        return step;
    }

    private static long passesAt(List<Step> steps, double rate) {
        return steps.stream().filter(s -> s.outcome() == Outcome.PASS && s.offeredJourneysPerSecond() == rate).count();
    }

    private static long failsAt(List<Step> steps, double rate) {
        return steps.stream().filter(s -> s.outcome() == Outcome.FAIL && s.offeredJourneysPerSecond() == rate).count();
    }

    /** Rates to three significant digits, so that the same rate compares equal and reads well. */
    public static double round(double rate) {
        if (rate <= 0) return rate;
        double scale = Math.pow(10, 2 - Math.floor(Math.log10(rate)));
        return Math.round(rate * scale) / scale;
    }

    private static String format(double rate) {
        return Figures.of(rate);
    }
}
