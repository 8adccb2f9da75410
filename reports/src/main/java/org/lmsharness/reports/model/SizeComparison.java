package org.lmsharness.reports.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.lmsharness.common.Figures;
import org.lmsharness.reports.run.CapacityRun;

/**
 * Vertical or horizontal: one replica's capacity at each instance size (CPU quota), per size and per
 * core, so that an engineer picks the size before tuning the alarms. Each size is a capacity run of
 * its own (its folder holds its report); this is what sets them side by side.
 *
 * @param sizes   one entry per size, smallest first
 * @param answers the comparison in sentences: where capacity per core is highest, how capacity grows with the size, the cheapest
 */
public record SizeComparison(List<Size> sizes, List<String> answers) {

    /**
     * One size.
     *
     * @param cores                    the replica's CPU quota
     * @param folder                   its run folder, relative to the comparison's
     * @param requestsPerSecond        C₁ at this size: the median of its forks; null when no bound was found
     * @param lowRequestsPerSecond     its interval's low end (null with no bound)
     * @param highRequestsPerSecond    its interval's high end
     * @param journeysPerSecond        the median capacity rate
     * @param requestsPerSecondPerCore C₁ ÷ cores
     * @param utilisation              the replica's CPU at capacity ÷ its quota (ρ*); null when not measured
     * @param cpuMillisPerRequest      the replica's service demand D at this size; null when too few steps for a fit
     * @param forks                    JVMs searched at this size
     * @param betweenForkPercent       (largest − smallest) ÷ median of the forks, percent
     * @param pricePerHour             what one instance of this size costs an hour, when given
     * @param costPerMillionRequests   pricePerHour ÷ (C₁ × 3,600) × 10⁶, when a price was given and a bound found
     * @param reliable                 a bound was found and no fork's target drifted
     * @param verdict                  the one-replica line of its report
     */
    public record Size(double cores, String folder, Double requestsPerSecond, Double lowRequestsPerSecond, Double highRequestsPerSecond,
                       Double journeysPerSecond, Double requestsPerSecondPerCore, Double utilisation, Double cpuMillisPerRequest, int forks,
                       Double betweenForkPercent, Double pricePerHour, Double costPerMillionRequests, boolean reliable, String verdict) {

        boolean measured() {
            return requestsPerSecond != null;
        }
    }

    /** A size's run, as the comparison reads it. */
    public record SizeRun(double cores, String folder, CapacityRun run, String verdict) {}

    /** @param pricesPerHour price of one instance an hour by its cores; sizes without a price get no cost */
    public static SizeComparison of(List<SizeRun> runs, Map<Double, Double> pricesPerHour) {
        List<Size> sizes = runs.stream().sorted(Comparator.comparingDouble(SizeRun::cores))
                .map(run -> size(run, pricesPerHour.get(run.cores()))).toList();
        return new SizeComparison(sizes, answers(sizes));
    }

    private static Size size(SizeRun sized, Double price) {
        CapacityModel model = CapacityModel.of(sized.run());
        ForkedCapacity forked = model.forked();
        Double demand = ServiceDemand.find(model.demands(), ServiceDemand.REPLICA).map(ServiceDemand::coreMillisPerRequest).orElse(null);
        int forks = (int) sized.run().searches().stream().filter(search -> search.replicas() == 1).count();
        if (forked == null) {
            return new Size(sized.cores(), sized.folder(), null, null, null, null, null, null, demand, forks, null, price, null, false, sized.verdict());
        }
        double rps = forked.medianRequestsPerSecond();
        Double utilisation = forked.cpuPerReplica() > 0 ? forked.cpuPerReplica() / sized.cores() : null;
        Double cost = price == null || rps <= 0 ? null : price / (rps * 3600) * 1e6;
        return new Size(sized.cores(), sized.folder(), rps, forked.lowRequestsPerSecond(), forked.highRequestsPerSecond(), forked.medianJourneysPerSecond(),
                rps / sized.cores(), utilisation, demand, forks, forked.betweenForkPercent(), price, cost, forked.reliable(), sized.verdict());
    }

    private static List<String> answers(List<Size> sizes) {
        List<String> answers = new ArrayList<>();
        List<Size> measured = sizes.stream().filter(Size::measured).toList();
        sizes.stream().filter(size -> !size.measured())
                .forEach(size -> answers.add(cores(size.cores()) + " cores: no capacity found (" + size.verdict() + "); left out of the comparison."));
        if (measured.isEmpty()) return answers;
        Size perCore = measured.stream().max(Comparator.comparingDouble(Size::requestsPerSecondPerCore)).orElseThrow();
        answers.add(String.format(Locale.ROOT, "Capacity per core is highest at %s cores: %s req/s per core (%s req/s in all).",
                cores(perCore.cores()), Figures.of(perCore.requestsPerSecondPerCore()), Figures.of(perCore.requestsPerSecond())));
        for (int i = 1; i < measured.size(); i++) {
            Size smaller = measured.get(i - 1);
            Size larger = measured.get(i);
            double capacity = larger.requestsPerSecond() / smaller.requestsPerSecond();
            double size = larger.cores() / smaller.cores();
            // Intervals that overlap cannot tell the two sizes' capacity per core apart.
            boolean overlap = larger.lowRequestsPerSecond() / larger.cores() <= smaller.highRequestsPerSecond() / smaller.cores()
                    && smaller.lowRequestsPerSecond() / smaller.cores() <= larger.highRequestsPerSecond() / larger.cores();
            answers.add(String.format(Locale.ROOT, "From %s to %s cores (×%s): capacity ×%s, %s %% of linear%s%s.",
                    cores(smaller.cores()), cores(larger.cores()), Figures.of(size), Figures.of(capacity), Figures.of(100 * capacity / size),
                    overlap ? "; within what the intervals allow, the same per core" : capacity / size < 1
                            ? "; the larger size gives less per core: more, smaller replicas (horizontal) carry more per core"
                            : "; the larger size gives more per core (vertical pays)",
                    smaller.reliable() && larger.reliable() ? "" : "; but a search drifted, so this may not hold"));
        }
        Optional<Size> cheapest = measured.stream().filter(size -> size.costPerMillionRequests() != null)
                .min(Comparator.comparingDouble(Size::costPerMillionRequests));
        cheapest.ifPresent(size -> answers.add(String.format(Locale.ROOT, "Cheapest per million requests at capacity: %s cores, %s per million (%s an hour for %s req/s).",
                cores(size.cores()), money(size.costPerMillionRequests()), money(size.pricePerHour()), Figures.of(size.requestsPerSecond()))));
        measured.stream().filter(size -> !size.reliable())
                .forEach(size -> answers.add(cores(size.cores()) + " cores: the target drifted during a search, so that size's figure is unreliable."));
        return answers;
    }

    static String cores(double cores) {
        return Figures.of(cores);
    }

    static String money(double amount) {
        return String.format(Locale.ROOT, amount >= 1 ? "%.2f" : "%.4f", amount);
    }
}
