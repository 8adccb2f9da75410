package org.lmsharness.lms.platform;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@code lms_cpu_quota_cores}: the CPU quota this process runs under, read from its cgroup at every
 * scrape (the capacity search lifts and restores it while the replica runs), so a dashboard can put
 * {@code process_cpu_time_ns_total} against it. Without a quota it is the host's core count.
 * Micrometer has no such meter; the cgroup files are read here by hand (v1 and v2).
 */
@Configuration(proxyBeanMethods = false)
public class CpuQuotaMetric {

    private static final Path CGROUP = Path.of("/sys/fs/cgroup");

    @Bean
    Gauge cpuQuotaGauge(MeterRegistry registry) {
        return Gauge.builder("lms.cpu.quota", CpuQuotaMetric::quotaCores)
                .baseUnit("cores")
                .description("CPU quota of this process's cgroup, in cores (the host's cores when it has none)")
                .register(registry);
    }

    static double quotaCores() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/cgroup"))) {
                String[] parts = line.split(":", 3); // hierarchy-id:controllers:path
                if (parts.length < 3) continue;
                String path = parts[2].startsWith("/") ? parts[2].substring(1) : parts[2];
                if (parts[1].isEmpty()) { // cgroup v2: "max 100000" or "50000 100000"
                    Double v2 = v2Quota(firstExisting(CGROUP.resolve(path).resolve("cpu.max"), CGROUP.resolve("cpu.max")));
                    if (v2 != null) return v2;
                } else if (List.of(parts[1].split(",")).contains("cpu")) {
                    for (Path hierarchy : List.of(CGROUP.resolve("cpu"), CGROUP.resolve("cpu,cpuacct"))) {
                        // Inside a container the group is mounted at the hierarchy's root.
                        Path quota = firstExisting(hierarchy.resolve(path).resolve("cpu.cfs_quota_us"), hierarchy.resolve("cpu.cfs_quota_us"));
                        if (quota == null) continue;
                        long quotaUs = Long.parseLong(Files.readString(quota).trim());
                        long periodUs = Long.parseLong(Files.readString(quota.resolveSibling("cpu.cfs_period_us")).trim());
                        if (quotaUs > 0 && periodUs > 0) return (double) quotaUs / periodUs;
                        break;
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or no cgroup files: no quota known
        }
        return hostCores();
    }

    private static Double v2Quota(Path cpuMax) throws IOException {
        if (cpuMax == null) return null;
        String[] fields = Files.readString(cpuMax).trim().split("\\s+");
        if (fields.length < 2 || fields[0].equals("max")) return hostCores();
        return Double.parseDouble(fields[0]) / Double.parseDouble(fields[1]);
    }

    private static Path firstExisting(Path... candidates) {
        for (Path candidate : candidates) if (Files.isReadable(candidate)) return candidate;
        return null;
    }

    private static double hostCores() {
        try {
            // /proc/cpuinfo counts the host's cores; availableProcessors() is already cut to the quota.
            long cores = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("processor")).count();
            if (cores > 0) return cores;
        } catch (IOException e) {
            // not Linux
        }
        return Runtime.getRuntime().availableProcessors();
    }
}
