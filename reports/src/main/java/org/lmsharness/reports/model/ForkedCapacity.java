package org.lmsharness.reports.model;

import java.util.List;
import org.lmsharness.reports.run.CapacityRun;
import org.lmsharness.reports.run.Drift;
import org.lmsharness.reports.run.ReplicaSearch;
import org.lmsharness.reports.run.Spread;

/**
 * One replica's capacity over the JVMs it was searched on, each alone (forks, as JMH runs them): a
 * JVM's JIT decisions are its own, so repeats within one JVM cannot show how much the figure depends
 * on them; forks can.
 *
 * <p>The interval is where the capacity lies given what was measured: from the lowest passing repeat
 * of any fork to the highest rate that failed on any fork (converted to requests per second at that
 * fork's requests per journey), each end moved out by as much as that fork's cost per request moved
 * between its first step at a rate and the recheck of that rate (capacity goes as the inverse of the
 * cost: a fork whose replica got 14 % cheaper during its search could have passed 14 % more at the end
 * than at the start). It holds the search's resolution (the tolerance between the passing and the
 * failing rate), the forks' differences and the host's changes of speed within the run, so a run's
 * interval should contain the median of another run under the same conditions.
 *
 * @param forks                   each fork's capacity, in fork order
 * @param medianRequestsPerSecond C₁: the median of the forks' medians
 * @param medianJourneysPerSecond the median of the forks' capacity rates
 * @param lowRequestsPerSecond    the interval's low end
 * @param highRequestsPerSecond   the interval's high end
 * @param betweenForkPercent      (largest − smallest) ÷ median of the forks' medians, percent
 * @param withinForkPercent       the widest range of repeats inside one fork, percent of its median
 * @param cpuPerReplica           cores at capacity, median of the forks' medians (0 when not measured)
 * @param reliable                no fork's target drifted
 */
public record ForkedCapacity(List<Fork> forks, double medianRequestsPerSecond, double medianJourneysPerSecond, double lowRequestsPerSecond,
                             double highRequestsPerSecond, double betweenForkPercent, double withinForkPercent, double cpuPerReplica,
                             boolean reliable) {

    /**
     * @param fork                     1, 2, 3 …
     * @param replica                  the JVM searched; null in runs recorded before forks
     * @param journeysPerSecond        the highest rate that passed its repeats
     * @param failingJourneysPerSecond the lowest rate that failed; null when none did
     * @param requestsPerSecond        achieved req/s at the capacity rate, over the repeats
     * @param reliable                 its recheck found no drift
     * @param demandChangePercent      how much the replica's CPU per request moved between the recheck and the first step
     *                                 at that rate, percent; null when not measured (no recheck, no CPU figures)
     */
    public record Fork(int fork, String replica, double journeysPerSecond, Double failingJourneysPerSecond, Spread requestsPerSecond,
                       boolean reliable, Double demandChangePercent) {

        /** The failing rate in requests per second, at this fork's requests per journey; the highest repeat without one. */
        double failingRequestsPerSecond() {
            if (failingJourneysPerSecond == null || journeysPerSecond <= 0) return requestsPerSecond.max();
            return failingJourneysPerSecond * requestsPerSecond.median() / journeysPerSecond;
        }

        /** Its interval's low end: the lowest passing repeat, less the drift of its cost. */
        double low() {
            return requestsPerSecond.min() / drift();
        }

        /** Its interval's high end: the failing rate, plus the drift of its cost. */
        double high() {
            return failingRequestsPerSecond() * drift();
        }

        private double drift() {
            return 1 + (demandChangePercent == null ? 0 : Math.abs(demandChangePercent) / 100);
        }
    }

    /** Null when no one-replica search found a capacity. */
    public static ForkedCapacity of(CapacityRun run) {
        List<ReplicaSearch> found = run.searches().stream().filter(search -> search.replicas() == 1 && search.capacity() != null).toList();
        if (found.isEmpty()) return null;
        List<Fork> forks = found.stream().map(search -> new Fork(Math.max(1, search.fork()), search.replica(), search.capacity().journeysPerSecond(),
                search.capacity().failingJourneysPerSecond(), search.capacity().requestsPerSecond(), search.reliable(),
                search.drift() != null && Drift.DEMAND.equals(search.drift().decidedBy()) ? search.drift().changePercent() : null)).toList();
        Spread medians = Spread.of(forks.stream().map(fork -> fork.requestsPerSecond().median()).toList());
        double low = forks.stream().mapToDouble(Fork::low).min().orElse(Double.NaN);
        double high = forks.stream().mapToDouble(Fork::high).max().orElse(Double.NaN);
        double within = forks.stream().mapToDouble(fork -> fork.requestsPerSecond().rangePercent()).max().orElse(0);
        double cpu = Spread.of(found.stream().map(search -> search.capacity().cpuPerReplica().median()).filter(Double::isFinite).toList()).median();
        return new ForkedCapacity(forks, medians.median(), Spread.of(forks.stream().map(Fork::journeysPerSecond).toList()).median(), low,
                Math.max(high, medians.max()), medians.rangePercent(), within, Double.isFinite(cpu) ? cpu : 0, forks.stream().allMatch(Fork::reliable));
    }
}
