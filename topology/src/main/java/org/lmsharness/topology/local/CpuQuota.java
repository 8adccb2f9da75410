package org.lmsharness.topology.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Holds a process to a share of the CPU and a memory limit with cgroup v1, the local stand-in for
 * an instance size: {@code cpu.cfs_quota_us / cpu.cfs_period_us} = cores. Needs root and the v1
 * {@code cpu} and {@code memory} hierarchies; where the host does not allow it, {@link #available()}
 * says why and the replicas run unlimited (the deployment prints a warning).
 */
final class CpuQuota {

    private static final Path CPU = Path.of("/sys/fs/cgroup/cpu");
    private static final Path MEMORY = Path.of("/sys/fs/cgroup/memory");
    private static final long PERIOD_US = 100_000;

    private final Path cpuGroup;
    private final Path memoryGroup;

    private CpuQuota(Path cpuGroup, Path memoryGroup) {
        this.cpuGroup = cpuGroup;
        this.memoryGroup = memoryGroup;
    }

    /** Null when quotas can be set; otherwise the reason they cannot. */
    static String unavailableBecause() {
        if (!System.getProperty("os.name", "").toLowerCase().contains("linux")) return "not Linux";
        if (!Files.isWritable(CPU.resolve("cgroup.procs")) || !Files.exists(CPU.resolve("cpu.cfs_quota_us"))) {
            return "no writable cgroup v1 cpu hierarchy at " + CPU + " (needs root)";
        }
        return null;
    }

    static boolean available() {
        return unavailableBecause() == null;
    }

    /** Creates {@code lms-harness/<run>/<node>} groups with the given limits. */
    static CpuQuota create(String run, String node, double cores, int memoryMb) throws IOException {
        Path cpuGroup = CPU.resolve("lms-harness").resolve(run).resolve(node);
        Files.createDirectories(cpuGroup);
        Files.writeString(cpuGroup.resolve("cpu.cfs_period_us"), Long.toString(PERIOD_US));
        Files.writeString(cpuGroup.resolve("cpu.cfs_quota_us"), Long.toString(Math.round(cores * PERIOD_US)));
        Path memoryGroup = null;
        if (Files.isWritable(MEMORY.resolve("cgroup.procs"))) {
            memoryGroup = MEMORY.resolve("lms-harness").resolve(run).resolve(node);
            Files.createDirectories(memoryGroup);
            Files.writeString(memoryGroup.resolve("memory.limit_in_bytes"), Long.toString(memoryMb * 1024L * 1024L));
        }
        return new CpuQuota(cpuGroup, memoryGroup);
    }

    /** A new quota for the running group, in cores; 0 or less lifts it. */
    void setCores(double cores) throws IOException {
        Files.writeString(cpuGroup.resolve("cpu.cfs_quota_us"), cores > 0 ? Long.toString(Math.round(cores * PERIOD_US)) : "-1");
    }

    /** The group's weight against its siblings when the CPU is contended (cgroup v1 {@code cpu.shares}). */
    void setShares(int shares) throws IOException {
        Files.writeString(cpuGroup.resolve("cpu.shares"), Integer.toString(shares));
    }

    /** Wraps a command so that it joins the groups before it starts (its threads and children inherit them). */
    List<String> wrap(List<String> command) {
        StringBuilder join = new StringBuilder("echo $$ > '" + cpuGroup.resolve("cgroup.procs") + "'");
        if (memoryGroup != null) join.append(" && echo $$ > '").append(memoryGroup.resolve("cgroup.procs")).append("'");
        List<String> wrapped = new ArrayList<>(List.of("sh", "-c", join + " && exec \"$@\"", "sh"));
        wrapped.addAll(command);
        return wrapped;
    }

    /** Removes the groups once their processes are gone (empty groups only; the kernel refuses others). */
    void remove() {
        for (Path group : new Path[] {cpuGroup, memoryGroup}) {
            if (group == null) continue;
            try {
                Files.deleteIfExists(group);
            } catch (IOException ignored) {
                // still has a process: left for the cleanup of the next run
            }
        }
    }

    /** Removes the (empty) groups of a finished run, and its parent folder. */
    /** The run's cgroups still there. */
    static List<Path> groupsOf(String run) {
        return Stream.of(CPU, MEMORY).map(root -> root.resolve("lms-harness").resolve(run)).filter(Files::isDirectory).toList();
    }

    static void removeRun(String run) {
        for (Path root : new Path[] {CPU, MEMORY}) {
            Path runGroup = root.resolve("lms-harness").resolve(run);
            try (var nodes = Files.list(runGroup)) {
                nodes.filter(Files::isDirectory).forEach(node -> {
                    try {
                        Files.deleteIfExists(node);
                    } catch (IOException ignored) {
                        // a process is still in it
                    }
                });
                Files.deleteIfExists(runGroup);
            } catch (IOException ignored) {
                // nothing there
            }
        }
    }
}
