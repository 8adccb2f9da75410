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
 * @param recoveredMillis     from the fault's start until every later 5 s window met the SLO (errors and p99);
 *                            null when that never happened before the load ended
 * @param sloP99Millis        the p99 the windows were judged against (the chart draws it)
 */
public record Timeline(Phase before, Phase during, Phase after, List<Second> seconds, long errorsStoppedMillis, Long recoveredMillis,
                       double sloP99Millis) {

    /** Figures of one phase; failures by Gatling's message (e.g. "status.find.is(200), found 502"). */
    public record Phase(long requests, long failed, double errorPercent, long p50Millis, long p99Millis, long maxMillis, Map<String, Long> failures) {}

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
        // Back within the SLO from the second after the last window (on the 1 s grid from the fault) that broke it.
        long lastBroken = faultStart - 1000;
        for (long from = faultStart; from + WINDOW_MILLIS <= end; from += 1000) {
            Phase window = phase(measured, from, from + WINDOW_MILLIS, counted);
            if (window.errorPercent() > sloErrorPercent || window.p99Millis() > sloP99Millis) lastBroken = from;
        }
        Long recovered = lastBroken + 1000 + WINDOW_MILLIS <= end ? lastBroken + 1000 - faultStart : null;
        return new Timeline(before, during, after, seconds, lastFailureEnd - faultStart, recovered, sloP99Millis);
    }

    private static Phase phase(List<SimulationLog.Request> requests, long from, long to, Predicate<String> counted) {
        Histogram latency = new Histogram(3_600_000L, 3);
        long count = 0;
        long failed = 0;
        Map<String, Long> failures = new TreeMap<>();
        for (SimulationLog.Request request : requests) {
            if (request.end() < from || request.end() >= to || !counted.test(request.name())) continue;
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
