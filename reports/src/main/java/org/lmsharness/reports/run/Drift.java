package org.lmsharness.reports.run;

import java.util.Locale;
import org.lmsharness.common.Figures;

/**
 * Whether the target stayed the same system through a search: the lowest passing rate is measured
 * again after the search, and what it cost then is compared with what it cost at first. A target
 * that slows down as it runs (a table that grows, a leak, a cache that fills) makes every capacity
 * figure depend on when it was measured; the search then says so instead of reporting one plainly.
 *
 * <p>What decides: the replicas' CPU per request (the service demand, the steadiest signal) when the
 * harness measured it, the client's median latency otherwise (a deployment that is not ours).
 *
 * @param firstStep                  the step measured first at that rate
 * @param recheckStep                the step that measured it again, after the search
 * @param journeysPerSecond          the rate measured twice
 * @param cpuMillisPerRequestBefore  replicas' CPU per request at first, ms; null without CPU figures
 * @param cpuMillisPerRequestAfter   the same at the recheck; null without CPU figures
 * @param p50MillisBefore            client median latency at first
 * @param p50MillisAfter             client median latency at the recheck
 * @param decidedBy                  the figure compared: {@value #DEMAND} or {@value #LATENCY}
 * @param changePercent              how much it moved, (after − before) / before, percent
 * @param drifted                    it moved more than {@value #LIMIT_PERCENT} %, or the rate failed the second time
 */
public record Drift(int firstStep, int recheckStep, double journeysPerSecond, Double cpuMillisPerRequestBefore,
                    Double cpuMillisPerRequestAfter, double p50MillisBefore, double p50MillisAfter, String decidedBy,
                    double changePercent, boolean drifted) {

    public static final String DEMAND = "replica CPU per request";
    public static final String LATENCY = "client median latency";
    /** More than this (either way) and the target is not the system it was when the search began. */
    public static final double LIMIT_PERCENT = 10;

    /**
     * Compares a rate's first passing step with its recheck.
     *
     * @return the comparison; drifted also when the recheck did not pass (a rate that passed now fails)
     */
    public static Drift between(Step first, Step recheck) {
        Double before = cpuMillisPerRequest(first);
        Double after = cpuMillisPerRequest(recheck);
        boolean demand = before != null && after != null;
        double change = demand ? 100 * (after / before - 1) : 100 * (recheck.client().p50() / first.client().p50() - 1);
        boolean drifted = Math.abs(change) > LIMIT_PERCENT || recheck.outcome() == Step.Outcome.FAIL;
        return new Drift(first.index(), recheck.index(), first.offeredJourneysPerSecond(), before, after, first.client().p50(),
                recheck.client().p50(), demand ? DEMAND : LATENCY, change, drifted);
    }

    /** One line: what moved, by how much, between which steps. */
    public String describe() {
        return String.format(Locale.ROOT, "%s %+.1f %% at %s journeys/s between step %d and its recheck, step %d%s",
                decidedBy, changePercent, Figures.of(journeysPerSecond), firstStep, recheckStep,
                drifted ? " (more than " + (int) LIMIT_PERCENT + " %, or the rate failed again): the target drifted, its capacity is unreliable"
                        : " (within " + (int) LIMIT_PERCENT + " %): steady");
    }

    private static Double cpuMillisPerRequest(Step step) {
        double cores = step.cpu().replicas().values().stream().mapToDouble(Double::doubleValue).sum();
        double requests = step.throughput().achievedRequestsPerSecond();
        return cores > 0 && requests > 0 ? 1000 * cores / requests : null;
    }
}
