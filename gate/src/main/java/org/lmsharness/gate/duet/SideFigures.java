package org.lmsharness.gate.duet;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.lmsharness.simulations.run.SimulationLog;

/**
 * What one side did in one round's window.
 *
 * @param journeys          journeys that started in the window
 * @param requests          requests that started in it
 * @param failed            of which failed
 * @param cpuPerJourney     the replica's CPU per journey, ms (NaN without CPU figures)
 * @param compilingPerJourney of which its JIT compilers', ms (NaN without)
 * @param p50               client-side median of every request, ms
 * @param p95               client-side 95th percentile, ms
 * @param p99               client-side 99th percentile, ms
 * @param byName            per request name: how many, and their median and p95 (ms)
 */
public record SideFigures(long journeys, long requests, long failed, double cpuPerJourney, double compilingPerJourney,
                          double p50, double p95, double p99, Map<String, NameFigures> byName) {

    public record NameFigures(long requests, double p50, double p95) {}

    /** The side's requests (its group) that started in [from, to), and its replica's CPU over the window. */
    static SideFigures of(String side, SimulationLog log, long from, long to, double replicaCores, double compilingCores) {
        List<SimulationLog.Request> requests = log.requests().stream().filter(r -> r.group().equals(side) && r.start() >= from && r.start() < to).toList();
        long journeys = log.journeyStarts(side).stream().filter(at -> at >= from && at < to).count();
        double seconds = (to - from) / 1000.0;
        double cpu = journeys == 0 || Double.isNaN(replicaCores) ? Double.NaN : 1000 * replicaCores * seconds / journeys;
        double compiling = journeys == 0 || Double.isNaN(compilingCores) ? Double.NaN : 1000 * compilingCores * seconds / journeys;
        Map<String, NameFigures> byName = requests.stream().collect(Collectors.groupingBy(SimulationLog.Request::name, TreeMap::new,
                Collectors.collectingAndThen(Collectors.toList(), named -> new NameFigures(named.size(), percentile(named, 50), percentile(named, 95)))));
        return new SideFigures(journeys, requests.size(), requests.stream().filter(r -> !r.ok()).count(), cpu, compiling,
                percentile(requests, 50), percentile(requests, 95), percentile(requests, 99), byName);
    }

    /** Nearest-rank percentile of the requests' times (failures with the time they took), ms; NaN for none. */
    static double percentile(List<SimulationLog.Request> requests, double percent) {
        if (requests.isEmpty()) return Double.NaN;
        long[] millis = requests.stream().mapToLong(SimulationLog.Request::millis).sorted().toArray();
        int rank = (int) Math.ceil(percent / 100 * millis.length);
        return millis[Math.max(0, Math.min(millis.length, rank) - 1)];
    }

    /**
     * The replica's CPU per journey outside its JIT compiler threads, ms: what the gate compares. Compiling is transient and lands
     * on one side's round or the other's at random (measured here: 2–12 ms per journey in one round, minutes after the warm-up),
     * which moved the whole CPU per journey ±6 % between sides in a round; without it the same build read within ±1.5 %.
     */
    public double workPerJourney() {
        return cpuPerJourney - compilingPerJourney;
    }

    public double errorPercent() {
        return requests == 0 ? 0 : 100.0 * failed / requests;
    }
}
