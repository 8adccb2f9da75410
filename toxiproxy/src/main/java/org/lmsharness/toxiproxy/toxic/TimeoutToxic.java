package org.lmsharness.toxiproxy.toxic;

import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * timeout: drops all data and closes the stream once {@code timeout} ms pass without data coming in;
 * {@code 0} never closes. Removing the toxic closes the stream too (Toxiproxy's cleanup), whether or
 * not this connection's draw made it apply.
 */
final class TimeoutToxic extends Stage {

    private ScheduledFuture<?> clock;

    TimeoutToxic(Link link, Toxic toxic) {
        super(link, toxic);
    }

    @Override
    void begin() {
        restartClock();
    }

    @Override
    void accept(Chunk chunk) {
        link.drop(chunk);
        restartClock();
    }

    @Override
    void acceptEnd() {
        stopClock();
        next.end();
    }

    @Override
    void reconfigured(boolean fresh) {
        restartClock();
    }

    @Override
    void removed() {
        stopClock();
        if (!done) closeOutput();
    }

    @Override
    void flush() {
        stopClock();
    }

    @Override
    void dispose() {
        stopClock();
    }

    private void restartClock() {
        stopClock();
        long timeout = toxic.attribute("timeout");
        if (timeout > 0) clock = link.schedule(this::closeOutput, TimeUnit.MILLISECONDS.toNanos(timeout));
    }

    private void stopClock() {
        if (clock != null) clock.cancel(false);
        clock = null;
    }
}
