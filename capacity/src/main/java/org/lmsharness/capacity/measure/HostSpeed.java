package org.lmsharness.capacity.measure;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * How fast this host's cores are right now: a fixed piece of JVM work (sorting, hashing into a map,
 * building strings, SHA-256), timed in this thread's CPU time, as passes per CPU-second.
 *
 * <p>A replica's quota is CPU time, so when the same work costs more CPU time (a busy sibling
 * hyper-thread, a lower clock, a neighbour on the same physical host — none of which shows as
 * steal time) a replica does less within its quota and its capacity falls. On the machines this
 * harness was built on, that speed moved by a third within minutes; measured before every step, it
 * says how far two runs' capacities can be compared. Written by hand: it has to be a fixed, short
 * workload, which no benchmark library offers without its own harness and forks.
 */
public final class HostSpeed {

    /** Passes per measurement; the median pass counts, so a pass preempted halfway does not. */
    private static final int PASSES = 7;
    private static final int SORTED = 20_000;
    private static final int MAPPED = 4_000;
    private static final byte[] HASHED = new byte[32 * 1024];

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    /** Keeps the JIT from removing the work: every pass folds its result in. */
    private static volatile long sink;

    private HostSpeed() {
    }

    /** Passes per CPU-second, the median of {@value #PASSES} passes (about 0.1 s of CPU in all); 0 where thread CPU time is not measurable. */
    public static double measure() {
        if (!THREADS.isCurrentThreadCpuTimeSupported()) return 0;
        long[] nanos = new long[PASSES];
        for (int i = 0; i < PASSES; i++) {
            long start = THREADS.getCurrentThreadCpuTime();
            sink += pass(i);
            nanos[i] = THREADS.getCurrentThreadCpuTime() - start;
        }
        Arrays.sort(nanos);
        long median = nanos[PASSES / 2];
        return median <= 0 ? 0 : 1e9 / median;
    }

    private static long pass(int seed) {
        SplittableRandom random = new SplittableRandom(seed);
        long[] numbers = random.longs(SORTED).toArray();
        Arrays.sort(numbers);
        Map<String, Integer> map = new HashMap<>();
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < MAPPED; i++) {
            String key = "course-" + numbers[i] % 10_007 + "-lesson-" + i;
            map.merge(key, i, Integer::sum);
            if (i % 100 == 0) text.append(key).append(',');
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(HASHED);
            sha.update(text.toString().getBytes(StandardCharsets.UTF_8));
            return numbers[SORTED / 2] ^ map.size() ^ sha.digest()[0];
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
