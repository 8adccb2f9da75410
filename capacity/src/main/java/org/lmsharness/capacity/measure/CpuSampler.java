package org.lmsharness.capacity.measure;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Samples the CPU time of named processes (replicas, edge, database, the load generator itself) and
 * of the host every half second while a step runs; afterwards any window within the step gives
 * cores used per process and the host's busy fraction.
 */
public final class CpuSampler implements AutoCloseable {

    private record Sample(long at, Map<Long, Double> seconds, Map<Long, Double> compiling, ProcCpu.HostTicks host) {}

    /**
     * Cores each process used over a window, and the host's busy fraction (0..1).
     *
     * @param compiling cores the JIT compiler threads of each JVM sampled for them used, part of its {@code cores}
     * @param missing why the figures do not describe the window (the sampler fell behind on an overloaded
     *                host, or had no sample), null when they do
     */
    public record Usage(Map<String, Double> cores, double hostBusy, Map<String, Double> compiling, String missing) {

        public Usage(Map<String, Double> cores, double hostBusy) {
            this(cores, hostBusy, Map.of(), null);
        }

        public static Usage missing(String why) {
            return new Usage(Map.of(), 0, Map.of(), why);
        }

        public double of(String name) {
            return cores.getOrDefault(name, 0.0);
        }

        /** Cores of every process whose name starts with {@code prefix}: all the edges ({@code edge}, or {@code edge-1}, {@code edge-2}). */
        public double ofAll(String prefix) {
            return cores.entrySet().stream().filter(entry -> entry.getKey().startsWith(prefix)).mapToDouble(Map.Entry::getValue).sum();
        }
    }

    private final Map<String, Long> pids;
    private final Set<Long> alone;
    private final Set<Long> jvms;
    private final List<Sample> samples = new ArrayList<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "cpu-sampler");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * @param pids  name → process id; each process is counted with its descendants
     * @param alone names of processes counted without their descendants
     * @param jvms  names of JVMs whose JIT compiler threads are sampled as well
     */
    public CpuSampler(Map<String, Long> pids, Set<String> alone, Set<String> jvms) {
        this.pids = new LinkedHashMap<>(pids);
        this.alone = alone.stream().filter(pids::containsKey).map(pids::get).collect(Collectors.toSet());
        this.jvms = jvms.stream().filter(pids::containsKey).map(pids::get).collect(Collectors.toSet());
        timer.scheduleAtFixedRate(this::sample, 0, 500, TimeUnit.MILLISECONDS);
    }

    private void sample() {
        try {
            Map<Long, Double> compiling = new HashMap<>();
            jvms.forEach(pid -> compiling.put(pid, ProcCpu.compilerSeconds(pid)));
            Sample sample = new Sample(System.currentTimeMillis(), ProcCpu.treeSeconds(List.copyOf(pids.values()), alone), compiling, ProcCpu.host());
            synchronized (samples) {
                samples.add(sample);
            }
        } catch (RuntimeException e) {
            // A periodic task that throws is never run again: keep sampling, and say why a window may lack its samples.
            if (failure == null) failure = e.toString();
        }
    }

    /** The first error a sample met, null when none: the figures of a window without samples then say why. */
    private volatile String failure;

    /** A window's ends must each have a sample this close (ms); the sampler takes one every 500 ms unless starved. */
    static final long MAX_SAMPLE_GAP_MILLIS = 1_500;

    /**
     * Usage between the samples nearest to {@code from} and {@code to} (epoch ms). When either end has
     * no sample near it (the sampling thread starved: an overloaded host), the figures would describe
     * another interval, so they are returned empty with the reason.
     */
    public Usage usage(long from, long to) {
        Sample first;
        Sample last;
        synchronized (samples) {
            if (samples.size() < 2) return Usage.missing("no CPU sample was taken");
            first = nearest(from);
            last = nearest(to);
        }
        double seconds = (last.at() - first.at()) / 1000.0;
        long gap = Math.max(Math.abs(first.at() - from), Math.abs(last.at() - to));
        if (seconds <= 0 || gap > MAX_SAMPLE_GAP_MILLIS) {
            return Usage.missing(failure != null ? "the CPU sampler failed: " + failure
                    : String.format("the CPU sampler fell behind (nearest sample %.1f s from the window's end): the host was overloaded", gap / 1000.0));
        }
        Map<String, Double> cores = new LinkedHashMap<>();
        Map<String, Double> compiling = new LinkedHashMap<>();
        pids.forEach((name, pid) -> {
            cores.put(name, Math.max(0, last.seconds().getOrDefault(pid, 0.0) - first.seconds().getOrDefault(pid, 0.0)) / seconds);
            if (jvms.contains(pid)) {
                compiling.put(name, Math.max(0, last.compiling().getOrDefault(pid, 0.0) - first.compiling().getOrDefault(pid, 0.0)) / seconds);
            }
        });
        long total = last.host().total() - first.host().total();
        double busy = total <= 0 ? 0 : (double) (last.host().busy() - first.host().busy()) / total;
        return new Usage(cores, busy, compiling, null);
    }

    private Sample nearest(long at) {
        Sample best = samples.get(0);
        for (Sample sample : samples) if (Math.abs(sample.at() - at) < Math.abs(best.at() - at)) best = sample;
        return best;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
