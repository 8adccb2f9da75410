package org.lmsharness.toxiproxy.toxic;

import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** slow_close: data passes; the end (EOF) is passed on {@code delay} ms after it came. */
final class SlowCloseToxic extends Stage {

    private ScheduledFuture<?> pendingEnd;

    SlowCloseToxic(Link link, Toxic toxic) {
        super(link, toxic);
    }

    @Override
    void accept(Chunk chunk) {
        next.push(chunk);
    }

    @Override
    void acceptEnd() {
        pendingEnd = link.schedule(this::passEnd, TimeUnit.MILLISECONDS.toNanos(toxic.attribute("delay")));
    }

    /** As Toxiproxy restarts the toxic: the delay runs again from now. */
    @Override
    void reconfigured(boolean fresh) {
        if (pendingEnd != null) {
            pendingEnd.cancel(false);
            acceptEnd();
        }
    }

    @Override
    void flush() {
        if (pendingEnd != null) passEnd();
    }

    @Override
    void dispose() {
        if (pendingEnd != null) pendingEnd.cancel(false);
    }

    private void passEnd() {
        pendingEnd.cancel(false);
        pendingEnd = null;
        next.end();
    }
}
