package org.lmsharness.capacity.measure;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * CPU time from Linux's /proc: a process with all its descendants (PostgreSQL runs a process per
 * connection), and the whole host. Containers' processes are host processes too, so one reader
 * serves both back ends.
 */
public final class ProcCpu {

    /** USER_HZ: /proc counts CPU time in these ticks on every Linux architecture we run on. */
    private static final double TICKS_PER_SECOND = 100;

    private ProcCpu() {}

    /**
     * CPU seconds (user + system) used so far by each root process and its descendants, read in one
     * pass over /proc; a root in {@code alone} is counted without its descendants (the JVM that runs
     * the load generator is also the parent of the local deployment's processes).
     */
    public static Map<Long, Double> treeSeconds(List<Long> roots, Set<Long> alone) {
        Map<Long, Long> parents = new HashMap<>();
        Map<Long, Long> ticks = new HashMap<>();
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), entry -> entry.getFileName().toString().chars().allMatch(Character::isDigit))) {
            for (Path process : processes) {
                String[] fields = statFields(process.resolve("stat"));
                if (fields == null) continue;
                long pid = Long.parseLong(process.getFileName().toString());
                parents.put(pid, Long.parseLong(fields[1]));
                ticks.put(pid, Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
            }
        } catch (IOException e) {
            return Map.of();
        }
        Map<Long, Double> seconds = new HashMap<>();
        for (long root : roots) {
            if (alone.contains(root)) {
                seconds.put(root, ticks.getOrDefault(root, 0L) / TICKS_PER_SECOND);
                continue;
            }
            long total = 0;
            for (Map.Entry<Long, Long> process : ticks.entrySet()) {
                if (descendsFrom(process.getKey(), root, parents)) total += process.getValue();
            }
            seconds.put(root, total / TICKS_PER_SECOND);
        }
        return seconds;
    }

    /**
     * CPU seconds used so far by a HotSpot JVM's JIT compiler threads ("C1 CompilerThread0", "C2
     * CompilerThread0"…, cut to 15 characters by Linux), read from its tasks; 0 when it has none or is
     * gone. What a JVM spends compiling is CPU its requests do not get: a step measured while it
     * compiles sees a higher cost per request than one measured after.
     */
    public static double compilerSeconds(long pid) {
        long total = 0;
        try (DirectoryStream<Path> threads = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path thread : threads) {
                String name;
                try {
                    name = Files.readString(thread.resolve("comm")).trim();
                } catch (IOException gone) {
                    continue;
                }
                if (!name.startsWith("C1 CompilerThre") && !name.startsWith("C2 CompilerThre")) continue;
                String[] fields = statFields(thread.resolve("stat"));
                if (fields != null) total += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            }
        } catch (IOException | RuntimeException gone) {
            return 0;
        }
        return total / TICKS_PER_SECOND;
    }

    /** Busy and total ticks of all cores since boot (busy excludes idle and iowait). */
    public record HostTicks(long busy, long total) {}

    public static HostTicks host() {
        try {
            String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < cpu.length && i <= 8; i++) total += Long.parseLong(cpu[i]);
            long idle = Long.parseLong(cpu[4]) + Long.parseLong(cpu[5]);
            return new HostTicks(total - idle, total);
        } catch (IOException | RuntimeException e) {
            return new HostTicks(0, 0);
        }
    }

    private static boolean descendsFrom(long pid, long root, Map<Long, Long> parents) {
        for (int depth = 0; depth < 64 && pid > 1; depth++) {
            if (pid == root) return true;
            Long parent = parents.get(pid);
            if (parent == null) return false;
            pid = parent;
        }
        return pid == root;
    }

    /** The fields after the command name (which may hold spaces and parentheses): [0] state, [1] ppid, … [11] utime, [12] stime. */
    private static String[] statFields(Path stat) {
        try {
            String line = Files.readString(stat);
            return line.substring(line.lastIndexOf(')') + 2).trim().split(" ");
        } catch (IOException | RuntimeException gone) {
            return null; // the process ended while we read
        }
    }
}
