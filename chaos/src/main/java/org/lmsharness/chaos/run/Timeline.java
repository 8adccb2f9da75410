package org.lmsharness.chaos.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.HdrHistogram.Histogram;
import org.lmsharness.simulations.run.SimulationLog;

/**
 * The load's requests around the fault, from Gatling's simulation.log: per-phase figures, a per-second
 * series for the chart, and when the service recovered. Requests belong to the phase in which they
 * ended, so that a request the fault broke in flight counts toward the fault; the load's warm-up ramp
 * is left out.
 *
 * @param before    the steady state before the fault
 * @param during    the fault window
 * @param after     after the window
 * @param seconds   per second of the load, from its first measured second
 * @param errorsStoppedMillis from the fault's start to the end of the last failed request that ended after it;
 *                            0 when none failed
 * @param recoveredMillis     from the fault's start until the service was back within the SLO for the rest of the load
 *                            (see {@link #recovered}); null when that never happened before the load ended
 * @param recoveredWhileFaultedMillis the same, judged within the fault window alone: what a restore did to the service
 *                            afterwards does not count; null when the service was not back within the SLO before the
 *                            window ended (the audit's "survives or degrades" against "single point of failure")
 * @param sloP99Millis        the p99 the windows were judged against (the chart draws it)
 */
public record Timeline(Phase before, Phase during, Phase after, List<Second> seconds, long errorsStoppedMillis, Long recoveredMillis,
                       Long recoveredWhileFaultedMillis, double sloP99Millis) {

    /** Figures of one phase; failures by Gatling's message (e.g. "status.find.is(200), found 502"). */
    public record Phase(long requests, long failed, double errorPercent, long p50Millis, long p99Millis, long maxMillis, Map<String, Long> failures) {

        /** Whether this phase met an SLO: some requests completed, and within both limits. */
        public boolean meets(double sloErrorPercent, double sloP99Millis) {
            return requests > 0 && errorPercent <= sloErrorPercent && p99Millis <= sloP99Millis;
        }
    }

    /** One second of load: its offset from the fault's start, requests that ended in it, how many failed, their p99. */
    public record Second(long offsetSeconds, long requests, long failed, long p99Millis) {}

    /** Requests over the whole experiment (steady state, fault window, after). */
    public long requests() {
        return before.requests() + during.requests() + after.requests();
    }

    /** Failed requests over the whole experiment. */
    public long failed() {
        return before.failed() + during.failed() + after.failed();
    }

    /** Failures over the whole experiment, by request and Gatling's message. */
    public Map<String, Long> failures() {
        Map<String, Long> all = new TreeMap<>();
        for (Phase phase : List.of(before, during, after)) phase.failures().forEach((failure, count) -> all.merge(failure, count, Long::sum));
        return all;
    }

    /** Windows the recovery is judged on: long enough to hold a few hundred requests, short enough to date the recovery. */
    public static final long WINDOW_MILLIS = 5_000;

    /**
     * @param measuredFrom epoch ms at which the steady state begins (after the load's ramp)
     * @param faultStart   epoch ms at which the faults were injected
     * @param faultEnd     epoch ms at which the fault window ended (reversible faults reverted)
     * @param counted      which requests count toward errors (by name)
     */
    public static Timeline of(List<SimulationLog.Request> requests, long measuredFrom, long faultStart, long faultEnd, Predicate<String> counted,
                              double sloErrorPercent, double sloP99Millis) {
        List<SimulationLog.Request> measured = requests.stream().filter(r -> r.end() >= measuredFrom).toList();
        Phase before = phase(measured, measuredFrom, faultStart, counted);
        Phase during = phase(measured, faultStart, faultEnd, counted);
        long end = measured.stream().mapToLong(SimulationLog.Request::end).max().orElse(faultEnd) + 1;
        Phase after = phase(measured, faultEnd, end, counted);

        List<Second> seconds = new ArrayList<>();
        for (long from = measuredFrom; from < end; from += 1000) {
            Phase second = phase(measured, from, from + 1000, counted);
            seconds.add(new Second(Math.floorDiv(from - faultStart, 1000), second.requests(), second.failed(), second.p99Millis()));
        }

        long lastFailureEnd = measured.stream().filter(r -> r.end() >= faultStart && !r.ok() && counted.test(r.name()))
                .mapToLong(SimulationLog.Request::end).max().orElse(faultStart);
        return new Timeline(before, during, after, seconds, lastFailureEnd - faultStart,
                recovered(measured, faultStart, faultEnd, end, counted, sloErrorPercent, sloP99Millis),
                recovered(measured, faultStart, faultEnd, faultEnd, counted, sloErrorPercent, sloP99Millis), sloP99Millis);
    }

    /**
     * The first second on the 1 s grid from the fault's start from which the service met the SLO (errors
     * and p99): in the 5 s window that starts there, in the rest of the fault window, and in everything
     * until {@code until}, each taken whole. Taken whole because that is how the SLO is stated, a p99
     * over a period: asking every later 5 s window to meet it judged the service "never back" for two
     * slow answers anywhere afterwards (a 5 s window holds about 140 answers at the suite's rate, so its
     * p99 is the second slowest, and a service exactly at the SLO breaks 4 windows in 10). The fault
     * window is judged apart so that a long calm afterwards cannot dilute what the fault did.
     * A span holds every request in flight during it, not only those that ended in it: a request that
     * hangs from the fault until the component is restored counts against the outage it sat through.
     *
     * @return ms from the fault's start; null when no such second leaves a whole window before {@code until}
     */
    static Long recovered(List<SimulationLog.Request> measured, long faultStart, long faultEnd, long until, Predicate<String> counted,
                          double sloErrorPercent, double sloP99Millis) {
        for (long from = faultStart; from + WINDOW_MILLIS <= until; from += 1000) {
            if (inFlight(measured, from, from + WINDOW_MILLIS, counted).meets(sloErrorPercent, sloP99Millis)
                    && inFlight(measured, from, Math.max(faultEnd, from + WINDOW_MILLIS), counted).meets(sloErrorPercent, sloP99Millis)
                    && inFlight(measured, from, until, counted).meets(sloErrorPercent, sloP99Millis)) {
                return from - faultStart;
            }
        }
        return null;
    }

    /** The requests in flight at some point of [from, to): started before its end, ended at or after its start. */
    private static Phase inFlight(List<SimulationLog.Request> requests, long from, long to, Predicate<String> counted) {
        return phase(requests.stream().filter(r -> r.start() < to && r.end() >= from).toList(), counted);
    }

    /** The requests that ended in [from, to). */
    private static Phase phase(List<SimulationLog.Request> requests, long from, long to, Predicate<String> counted) {
        return phase(requests.stream().filter(r -> r.end() >= from && r.end() < to).toList(), counted);
    }

    private static Phase phase(List<SimulationLog.Request> requests, Predicate<String> counted) {
        Histogram latency = new Histogram(3_600_000L, 3);
        long count = 0;
        long failed = 0;
        Map<String, Long> failures = new TreeMap<>();
        for (SimulationLog.Request request : requests) {
            if (!counted.test(request.name())) continue;
            count++;
            if (!request.ok()) {
                failed++;
                failures.merge(request.name() + ": " + request.message(), 1L, Long::sum);
            }
            latency.recordValue(Math.max(0, Math.min(request.millis(), 3_600_000L)));
        }
        return new Phase(count, failed, count == 0 ? 0 : 100.0 * failed / count, latency.getValueAtPercentile(50),
                latency.getValueAtPercentile(99), latency.getMaxValue(), failures);
    }
}
