package org.lmsharness.toxiproxy.toxic;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * latency: each chunk leaves at its read time + {@code latency} ± uniform {@code jitter} (ms). Delays
 * of successive chunks overlap; order is kept, so a chunk never overtakes the one before it.
 */
final class LatencyToxic extends HoldingStage {

    /** The delay drawn for each held chunk, drawn once when it arrives. */
    private final Map<Chunk, Long> delays = new IdentityHashMap<>();

    LatencyToxic(Link link, Toxic toxic) {
        super(link, toxic);
    }

    @Override
    void accept(Chunk chunk) {
        delays.put(chunk, drawDelayMillis());
        hold(chunk);
    }

    @Override
    long waitNanos(Chunk head, long nowNanos) {
        long delay = delays.computeIfAbsent(head, c -> drawDelayMillis());
        return head.readNanos() + TimeUnit.MILLISECONDS.toNanos(delay) - nowNanos;
    }

    @Override
    void leave(Chunk head) {
        delays.remove(head);
        super.leave(head);
    }

    /** New attributes: every held chunk's delay is drawn again from its read time. */
    @Override
    void reconfigured(boolean fresh) {
        delays.clear();
        super.reconfigured(fresh);
    }

    @Override
    void flush() {
        delays.clear();
        super.flush();
    }

    @Override
    void dispose() {
        delays.clear();
        super.dispose();
    }

    /** As Toxiproxy: latency + a whole number in [-jitter, jitter). */
    private long drawDelayMillis() {
        long latency = toxic.attribute("latency");
        long jitter = toxic.attribute("jitter");
        return jitter > 0 ? latency + link.random().nextLong(2 * jitter) - jitter : latency;
    }
}
