package org.lmsharness.gate.duet;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.lmsharness.capacity.measure.CpuSampler;
import org.lmsharness.common.Durations;
import org.lmsharness.reports.run.Slo;
import org.lmsharness.simulations.run.GatlingRun;
import org.lmsharness.simulations.run.SimulationLog;
import org.lmsharness.simulations.run.SimulationParameters;

/**
 * Drives every side with the LMS simulation at once: one Gatling run whose scenarios are the sides,
 * each with the same constant arrival rate, so their users arrive at the same instants and whatever
 * else the host does hits both alike. Each side's requests are told apart by their Gatling group,
 * each replica's CPU is sampled from /proc.
 */
public final class Duet {

    private static final String SIMULATION = "org.lmsharness.simulations.LmsSimulation";

    private final List<Side> sides;
    private final Map<String, Long> otherProcesses;
    private final Path users;
    private final Path folder;
    private final Slo slo;

    /**
     * @param sides          baseline first, then the candidate
     * @param otherProcesses the rest of each deployment (edges, databases) by name, whose CPU the rounds record beside the replicas'
     * @param users          the dataset folder whose users.csv gives the accounts (null: the generated numbering)
     * @param folder         where each round's Gatling run is written
     */
    public Duet(List<Side> sides, Map<String, Long> otherProcesses, Path users, Path folder, Slo slo) {
        this.sides = List.copyOf(sides);
        this.otherProcesses = Map.copyOf(otherProcesses);
        this.users = users;
        this.folder = folder;
        this.slo = slo;
    }

    public List<Side> sides() {
        return sides;
    }

    /**
     * One round: {@code ramp} of arrivals that do not count, then {@code window} measured, both whole seconds (Gatling injects a
     * constant rate for whole seconds only). The window ends at the last arrival at the latest.
     */
    public Round run(int index, double level, double rate, Duration ramp, Duration window, String label) {
        long rampMillis = Durations.wholeSeconds(ramp.toMillis());
        long windowMillis = Durations.wholeSeconds(window.toMillis());
        Map<String, Long> pids = new LinkedHashMap<>();
        pids.put("injector", ProcessHandle.current().pid());
        sides.stream().filter(Side::measuresCpu).forEach(side -> pids.put(side.name(), side.replica()));
        pids.putAll(otherProcesses);
        Set<String> replicas = sides.stream().filter(Side::measuresCpu).map(Side::name).collect(Collectors.toSet());
        SimulationParameters parameters = SimulationParameters.step(rate, Duration.ofMillis(rampMillis), Duration.ofMillis(windowMillis),
                        sides.stream().map(Side::url).toList())
                .sides(sides.stream().map(Side::name).toList())
                .usersFrom(users)
                .slo(slo.p95Millis(), slo.p99Millis(), slo.errorPercent())
                .requestTimeout(Duration.ofSeconds(10))
                .maxDuration(Duration.ofMillis(rampMillis + windowMillis + 5_000));
        try (CpuSampler sampler = new CpuSampler(pids, Set.of("injector"), replicas)) {
            SimulationLog log = GatlingRun.run(SIMULATION, parameters, folder.resolve(label), label);
            String first = sides.get(0).name();
            List<Long> arrivals = log.journeyStarts(first);
            if (arrivals.isEmpty()) throw new IllegalStateException("round " + label + ": no journey was started on the " + first + " side");
            long from = arrivals.get(0) + rampMillis;
            long to = Math.min(from + windowMillis, arrivals.get(arrivals.size() - 1) + Math.round(1000 / rate));
            CpuSampler.Usage usage = sampler.usage(from, to);
            Map<String, SideFigures> figures = new LinkedHashMap<>();
            for (Side side : sides) {
                boolean measured = side.measuresCpu() && usage.missing() == null;
                figures.put(side.name(), SideFigures.of(side.name(), log, from, to, measured ? usage.of(side.name()) : Double.NaN,
                        measured ? usage.compiling().getOrDefault(side.name(), 0.0) : Double.NaN));
            }
            return new Round(index, level, rate, figures, usage.of("injector"), usage.hostBusy(), usage.missing());
        }
    }
}
