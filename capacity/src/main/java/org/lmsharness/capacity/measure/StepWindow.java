package org.lmsharness.capacity.measure;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToLongFunction;
import org.HdrHistogram.Histogram;
import org.lmsharness.simulations.run.SimulationLog;
import org.lmsharness.reports.run.Latency;
import org.lmsharness.reports.run.Slo;

/**
 * The figures of one step's measured window, from every request Gatling recorded (failures
 * included: a refused connection or a timeout counts with the time it took). Requests are assigned
 * to the window by start time, so requests slowed by overload still count against it.
 */
public record StepWindow(double offeredRequestsPerSecond, double achievedRequestsPerSecond, double okRequestsPerSecond,
                         double journeysPerSecond, long requests, long failed, Map<String, Long> errors, Latency client,
                         Latency edge, double meanConcurrency, boolean steady, String unsteadyBecause) {

    public static StepWindow of(SimulationLog log, long from, long to, List<EdgeLog.Entry> edgeEntries, Slo slo) {
        double seconds = (to - from) / 1000.0;
        List<SimulationLog.Request> started = log.requests().stream().filter(r -> r.start() >= from && r.start() < to).toList();
        long ended = log.requests().stream().filter(r -> r.end() >= from && r.end() < to).count();
        long endedOk = log.requests().stream().filter(r -> r.ok() && r.end() >= from && r.end() < to).count();
        long journeys = log.journeyStarts().stream().filter(at -> at >= from && at < to).count();
        Map<String, Long> errors = new TreeMap<>();
        started.stream().filter(r -> !r.ok()).forEach(r -> errors.merge(kind(r.message()), 1L, Long::sum));
        long failed = errors.values().stream().mapToLong(Long::longValue).sum();
        Latency client = latency(started, SimulationLog.Request::millis);
        List<EdgeLog.Entry> atEdge = edgeEntries.stream().filter(e -> e.at() >= from && e.at() < to).toList();
        Latency edge = atEdge.isEmpty() ? null : latency(atEdge, EdgeLog.Entry::activeMillis);
        double achieved = ended / seconds;

        // Steady state: responses keep up with requests, and latency does not climb across the window
        // to where the second half alone breaks the SLO (a half of 4 s holds one burst of slow logins
        // more or less: a climb that stays within the SLO is noise, not a trend).
        // Counts are compared beyond their noise: journeys of 3 to 9 requests make arrivals bursty.
        long middle = from + (to - from) / 2;
        List<SimulationLog.Request> first = started.stream().filter(r -> r.start() < middle).toList();
        List<SimulationLog.Request> second = started.stream().filter(r -> r.start() >= middle).toList();
        String unsteady = null;
        double shortfall = started.size() - ended;
        if (shortfall > 0.1 * started.size() && shortfall > 3 * Math.sqrt(started.size())) {
            unsteady = String.format("responses fall behind requests (%d of %d)", ended, started.size());
        } else if (!first.isEmpty() && !second.isEmpty()) {
            double p95First = latency(first, SimulationLog.Request::millis).p95();
            double p95Second = latency(second, SimulationLog.Request::millis).p95();
            if (p95Second > 1.5 * p95First && p95Second > slo.p95Millis()) {
                unsteady = String.format("latency climbing (p95 %.0f → %.0f ms across the window)", p95First, p95Second);
            }
        }
        return new StepWindow(started.size() / seconds, achieved, endedOk / seconds, journeys / seconds, started.size(), failed, errors,
                client, edge, achieved * client.mean() / 1000, unsteady == null, unsteady);
    }

    private static <T> Latency latency(List<T> items, ToLongFunction<T> millis) {
        if (items.isEmpty()) return new Latency(0, 0, 0, 0, 0);
        Histogram histogram = new Histogram(3_600_000L, 3);
        for (T item : items) histogram.recordValue(Math.max(0, Math.min(3_600_000L, millis.applyAsLong(item))));
        return new Latency(histogram.getValueAtPercentile(50), histogram.getValueAtPercentile(95), histogram.getValueAtPercentile(99),
                histogram.getMaxValue(), histogram.getMean());
    }

    /** Gatling's failure message with long numbers (ids, ports) taken out, so failures of one kind count together. */
    static String kind(String message) {
        String text = message == null || message.isBlank() ? "failed" : message.trim();
        return text.replaceAll("\\d{4,}", "N");
    }
}
