package org.lmsharness.toxiproxy.toxic;

import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayDeque;

/**
 * A toxic that holds chunks in order and lets each go at a time it computes (latency, bandwidth,
 * slicer). One timer at most, set for the head; an end waits behind the data before it.
 */
abstract class HoldingStage extends Stage {

    /** {@link #waitNanos} for data held until the toxic changes (bandwidth rate 0). */
    static final long NEVER = Long.MAX_VALUE;

    final ArrayDeque<Chunk> queue = new ArrayDeque<>();
    private boolean endHeld;
    private ScheduledFuture<?> timer;

    HoldingStage(Link link, Toxic toxic) {
        super(link, toxic);
    }

    /** Nanoseconds until the head may leave ({@code <= 0}: now, {@link #NEVER}: not by itself). */
    abstract long waitNanos(Chunk head, long nowNanos);

    /** Passes on the head, or the part of it that may leave now; polls it when it left whole. */
    void leave(Chunk head) {
        queue.poll();
        next.push(head);
    }

    void hold(Chunk chunk) {
        queue.add(chunk);
        if (timer == null) pump();
    }

    @Override
    void accept(Chunk chunk) {
        hold(chunk);
    }

    @Override
    void acceptEnd() {
        endHeld = true;
        if (timer == null) pump();
    }

    final void pump() {
        while (!queue.isEmpty()) {
            long wait = waitNanos(queue.peek(), System.nanoTime());
            if (wait == NEVER) return;
            if (wait > 0) {
                timer = link.schedule(() -> {
                    timer = null;
                    pump();
                }, wait);
                return;
            }
            leave(queue.peek());
        }
        if (endHeld) {
            endHeld = false;
            next.end();
        }
    }

    /** The toxic's attributes changed: the head's time is computed again. */
    @Override
    void reconfigured(boolean fresh) {
        cancelTimer();
        pump();
    }

    @Override
    void flush() {
        cancelTimer();
        while (!queue.isEmpty()) next.push(queue.poll());
        if (endHeld) {
            endHeld = false;
            next.end();
        }
    }

    @Override
    void dispose() {
        cancelTimer();
        while (!queue.isEmpty()) queue.poll().data().release();
    }

    private void cancelTimer() {
        if (timer != null) timer.cancel(false);
        timer = null;
    }
}
