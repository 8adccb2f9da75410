package org.lmsharness.capacity.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.lmsharness.reports.run.ReplicaSearch;
import org.lmsharness.reports.run.Spread;
import org.lmsharness.reports.run.Step;
import org.lmsharness.reports.run.Step.Outcome;

/**
 * Finds the highest arrival rate a number of replicas sustains within the SLO.
 *
 * <ol>
 *   <li><b>Calibrate</b>: one step at a low rate (or half the rate the smaller counts predict). Its
 *       CPU per journey gives, by the utilisation law, the rate at which the replicas' quotas would be
 *       used up: the first guess for the upper end.</li>
 *   <li><b>Bracket</b>: from that guess, up by 25 % while steps pass (doubling when no CPU figure
 *       guided the guess), down by half while they fail, until a passing rate and a failing rate are known.</li>
 *   <li><b>Bisect</b> the bracket until its ends are within the tolerance (5 % by default).</li>
 *   <li><b>Repeat</b> the highest passing rate until it has passed {@code repeats} times; if a repeat
 *       fails, that rate becomes the failing end and the search steps down.</li>
 * </ol>
 * An INVALID step (the harness itself saturated) is never used as a bound: the search stops going up
 * there, and without a failing step above a passing one it reports no capacity rather than invent one.
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

    /** The steps a search typically takes, for the progress estimate. */
    public int typicalSteps() {
        return 4 + (int) Math.ceil(Math.log(0.5 / settings.tolerance()) / Math.log(2)) + settings.repeats() - 1;
    }

    /**
     * @param hint journeys per second these replicas are expected to sustain (from smaller counts), or null
     * @param quotaCores CPU quota of each replica, 0 when unknown
     */
    public ReplicaSearch run(int replicas, Probe probe, Double hint, double quotaCores) {
        List<Step> steps = new ArrayList<>();
        double calibration = hint == null ? settings.startRate() : round(hint / 2);
        Step first = measure(probe, replicas, calibration, "calibrate", steps);

        Double passing = null;
        Double failing = null;
        Double invalid = null;
        double next;
        double growth = 2;
        if (first.outcome() == Outcome.PASS) {
            passing = calibration;
            double cpu = first.replicaCpu().values().stream().mapToDouble(Double::doubleValue).sum();
            boolean guided = hint != null || (quotaCores > 0 && cpu > 0);
            if (guided) growth = 1.25;
            double saturation = quotaCores > 0 && cpu > 0 ? calibration * quotaCores * replicas / cpu : calibration * 4;
            double guess = hint == null ? 0.8 * saturation : hint;
            next = round(Math.max(calibration * 1.25, Math.min(guess, calibration * 8)));
        } else {
            if (first.outcome() == Outcome.FAIL) failing = calibration;
            else invalid = calibration;
            next = round(calibration / 2);
        }

        // Bracket: a passing rate below a failing one.
        while ((passing == null || failing == null) && steps.size() < settings.maxSteps() && next >= 0.05) {
            if (invalid != null && next >= invalid) break; // the harness saturates there: no valid bound above
            Step step = measure(probe, replicas, next, "bracket", steps);
            switch (step.outcome()) {
                case PASS -> passing = next;
                case FAIL -> failing = next;
                case INVALID -> invalid = next;
            }
            if (passing == null) next = round(next / 2);
            else if (failing == null && invalid == null) next = round(next * growth);
            else if (failing == null) break;
        }
        if (passing == null || failing == null) {
            String verdict = passing == null
                    ? "no valid bound found: no step passed the SLO (lowest rate tried " + format(steps.get(steps.size() - 1).offeredJourneysPerSecond()) + " journeys/s)"
                    : "no valid bound found: " + format(passing) + " journeys/s passed, but the harness saturated (INVALID) at "
                            + format(invalid == null ? next : invalid) + " before any step broke the SLO";
            return new ReplicaSearch(replicas, steps, null, verdict);
        }

        // Bisect, then repeat the highest passing rate; a failed repeat moves the bracket down.
        while (steps.size() < settings.maxSteps()) {
            if (failing / passing - 1 > settings.tolerance()) {
                double middle = round((passing + failing) / 2);
                if (middle <= passing || middle >= failing) break;
                Step step = measure(probe, replicas, middle, "bisect", steps);
                if (step.outcome() == Outcome.PASS) passing = middle;
                else if (step.outcome() == Outcome.FAIL) failing = middle;
                else break;
                continue;
            }
            if (passesAt(steps, passing) >= settings.repeats()) break;
            Step repeat = measure(probe, replicas, passing, "repeat", steps);
            if (repeat.outcome() == Outcome.FAIL) {
                failing = passing;
                double lower = passing;
                Optional<Double> below = steps.stream().filter(s -> s.outcome() == Outcome.PASS && s.offeredJourneysPerSecond() < lower)
                        .map(Step::offeredJourneysPerSecond).max(Double::compare);
                passing = below.orElse(round(passing * (1 - 2 * settings.tolerance())));
            } else if (repeat.outcome() == Outcome.INVALID) {
                break;
            }
        }
        final double capacity = passing;
        List<Step> atCapacity = steps.stream().filter(s -> s.outcome() == Outcome.PASS && s.offeredJourneysPerSecond() == capacity).toList();
        String verdict = String.format("capacity %s journeys/s (passed %d of %d tries at that rate); %s failed", format(capacity),
                atCapacity.size(), steps.stream().filter(s -> s.offeredJourneysPerSecond() == capacity).count(), format(failing));
        if (atCapacity.size() < settings.repeats()) verdict += "; only " + atCapacity.size() + " passing repeats within the step budget";
        return new ReplicaSearch(replicas, steps, new ReplicaSearch.Capacity(capacity, failing,
                Spread.of(atCapacity.stream().map(Step::achievedRequestsPerSecond).toList()),
                Spread.of(atCapacity.stream().map(s -> s.client().p95()).toList()),
                Spread.of(atCapacity.stream().map(s -> s.client().p99()).toList()),
                Spread.of(atCapacity.stream().map(Step::cpuPerReplica).toList()),
                Spread.of(atCapacity.stream().map(Step::meanConcurrency).toList())), verdict);
    }

    private static Step measure(Probe probe, int replicas, double rate, String phase, List<Step> steps) {
        Step step = probe.measure(replicas, rate, phase);
        steps.add(step);
        return step;
    }

    private static long passesAt(List<Step> steps, double rate) {
        return steps.stream().filter(s -> s.outcome() == Outcome.PASS && s.offeredJourneysPerSecond() == rate).count();
    }

    /** Rates to three significant digits, so that the same rate compares equal and reads well. */
    static double round(double rate) {
        if (rate <= 0) return rate;
        double scale = Math.pow(10, 2 - Math.floor(Math.log10(rate)));
        return Math.round(rate * scale) / scale;
    }

    private static String format(double rate) {
        return String.format("%.3g", rate);
    }
}
