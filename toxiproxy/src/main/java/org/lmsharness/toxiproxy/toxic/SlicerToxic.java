package org.lmsharness.toxiproxy.toxic;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * slicer: each chunk is cut into pieces of about {@code average_size} ± {@code size_variation} bytes
 * (halving, as Toxiproxy does), each piece written on its own with {@code delay} µs after it.
 * An average size below 1 is taken as 1 (Toxiproxy would recurse without end).
 */
final class SlicerToxic extends HoldingStage {

    private final Map<Chunk, Long> due = new IdentityHashMap<>();
    private long nextFreeNanos = Long.MIN_VALUE;

    SlicerToxic(Link link, Toxic toxic) {
        super(link, toxic);
    }

    @Override
    void accept(Chunk chunk) {
        long delayNanos = toxic.attribute("delay") * 1_000L;
        long at = Math.max(System.nanoTime(), nextFreeNanos);
        List<Integer> cuts = cuts(chunk.size());
        for (int i = 1; i < cuts.size(); i++) {
            Chunk piece = chunk.slice(cuts.get(i - 1), cuts.get(i));
            due.put(piece, at);
            at += delayNanos;
            hold(piece);
        }
        nextFreeNanos = at;
        chunk.data().release();
    }

    @Override
    long waitNanos(Chunk head, long nowNanos) {
        return due.getOrDefault(head, nowNanos) - nowNanos;
    }

    @Override
    void leave(Chunk head) {
        due.remove(head);
        super.leave(head);
    }

    @Override
    void flush() {
        due.clear();
        super.flush();
    }

    @Override
    void dispose() {
        due.clear();
        super.dispose();
    }

    /** Piece boundaries 0 = c0 < c1 < … < cn = size. */
    private List<Integer> cuts(int size) {
        int average = (int) Math.max(1, toxic.attribute("average_size"));
        int variation = (int) Math.max(0, toxic.attribute("size_variation"));
        List<Integer> cuts = new ArrayList<>();
        cuts.add(0);
        cut(0, size, average, variation, cuts);
        return cuts;
    }

    private void cut(int start, int end, int average, int variation, List<Integer> cuts) {
        if ((end - start) - average <= variation) {
            if (end > start) cuts.add(end);
            return;
        }
        int mid = start + (end - start) / 2;
        if (variation > 0) mid += link.random().nextInt(variation * 2) - variation;
        mid = Math.max(start + 1, Math.min(end - 1, mid));
        cut(start, mid, average, variation, cuts);
        cut(mid, end, average, variation, cuts);
    }
}
