package org.lmsharness.toxiproxy.toxic;

/**
 * bandwidth: {@code rate} KB/s (1 KB = 1000 B, so rate bytes per millisecond). A chunk leaves once
 * its bytes' time has passed; a chunk larger than 100 ms of data leaves in 100 ms slices. While data
 * keeps coming the schedule runs on from the last due time (a late timer is made up), an idle link
 * earns no credit. {@code rate 0} holds data until the toxic is changed or removed.
 */
final class BandwidthToxic extends HoldingStage {

    private static final long UNSET = Long.MIN_VALUE;

    private long headDueNanos = UNSET;
    private int headSliceBytes;
    private long lastDueNanos = UNSET;
    private boolean backlogged;

    BandwidthToxic(Link link, Toxic toxic) {
        super(link, toxic);
    }

    @Override
    void accept(Chunk chunk) {
        if (queue.isEmpty()) backlogged = false;
        hold(chunk);
    }

    @Override
    long waitNanos(Chunk head, long nowNanos) {
        long rate = toxic.attribute("rate");
        if (rate <= 0) return NEVER;
        if (headDueNanos == UNSET) {
            headSliceBytes = (int) Math.min(head.size(), rate * 100);
            long start = backlogged && lastDueNanos != UNSET ? lastDueNanos : Math.max(nowNanos, lastDueNanos);
            headDueNanos = start + headSliceBytes * 1_000_000L / rate;
        }
        return headDueNanos - nowNanos;
    }

    @Override
    void leave(Chunk head) {
        lastDueNanos = headDueNanos;
        headDueNanos = UNSET;
        if (headSliceBytes >= head.size()) {
            super.leave(head);
        } else {
            queue.poll();
            queue.addFirst(head.slice(headSliceBytes, head.size()));
            next.push(head.slice(0, headSliceBytes));
            head.data().release();
        }
        backlogged = !queue.isEmpty();
    }

    @Override
    void reconfigured(boolean fresh) {
        headDueNanos = UNSET;
        lastDueNanos = UNSET;
        super.reconfigured(fresh);
    }
}
