package org.lmsharness.capacity;

import org.lmsharness.common.Figures;
import org.lmsharness.reports.run.Step;

/**
 * One line per step and per phase on standard output: where the search is, the step's figures, the
 * time elapsed and an estimate of the time left (steps a search typically takes, at the average
 * step length so far).
 */
final class Progress {

    /** Start-up and wind-down of an in-process Gatling run, before any step has been timed. */
    private static final double STEP_OVERHEAD_SECONDS = 2;
    private final long started = System.nanoTime();
    private final int searches;
    private final int firstSearchSteps;
    private final int laterSearchSteps;
    private final double plannedStepSeconds;
    private int searchesDone;
    private int stepsThisSearch;
    private int steps;
    private double stepSecondsTotal;
    private long lastStepEnded = System.nanoTime();

    Progress(CapacitySettings settings, int searches, int firstSearchSteps, int laterSearchSteps) {
        this.searches = searches;
        this.firstSearchSteps = firstSearchSteps;
        this.laterSearchSteps = laterSearchSteps;
        this.plannedStepSeconds = (settings.warmUp().toMillis() + settings.measure().toMillis()) / 1000.0 + STEP_OVERHEAD_SECONDS;
    }

    void phase(String what) {
        System.out.printf("[%s] %s%n", clock(elapsed()), what);
        System.out.flush();
        lastStepEnded = System.nanoTime();
    }

    /** A search begins, after {@code done} others. */
    void search(int done) {
        searchesDone = done;
        stepsThisSearch = 0;
    }

    void step(Step step) {
        steps++;
        stepsThisSearch++;
        stepSecondsTotal += (System.nanoTime() - lastStepEnded) / 1e9;
        lastStepEnded = System.nanoTime();
        String cpu = step.cpu().replicas().isEmpty() ? "" : String.format(" cpu/replica %.2f of %.2f (jit %.2f)", step.cpu().perReplica(), step.cpu().quotaCores(),
                step.cpu().compilingPerReplica());
        System.out.printf("[%s] step %d  %d repl.  %-9s %6s journeys/s → %7s req/s  p95 %5.0f ms  p99 %5.0f ms  err %5.2f %%%s  injector %.2f  host %3.0f %%  %-7s %s   (~%s left)%n",
                clock(elapsed()), step.index(), step.replicas(), step.phase(), Figures.of(step.offeredJourneysPerSecond()), Figures.of(step.throughput().achievedRequestsPerSecond()),
                step.client().p95(), step.client().p99(), step.errorPercent(), cpu, step.cpu().injector(), 100 * step.cpu().hostBusy(), step.outcome(),
                step.verdict().reason(), clock(left()));
        System.out.flush();
    }

    private double left() {
        double perStep = steps == 0 ? plannedStepSeconds : stepSecondsTotal / steps;
        int typical = searchesDone == 0 ? firstSearchSteps : laterSearchSteps;
        int stepsLeft = Math.max(1, typical - stepsThisSearch) + laterSearchSteps * Math.max(0, searches - searchesDone - 1);
        return stepsLeft * perStep;
    }

    private double elapsed() {
        return (System.nanoTime() - started) / 1e9;
    }

    static String clock(double seconds) {
        long total = Math.round(seconds);
        return String.format("%d:%02d", total / 60, total % 60);
    }
}
