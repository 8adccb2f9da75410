package org.lmsharness.toxiproxy.toxic;

import java.util.concurrent.TimeUnit;

/**
 * reset_peer: on the first data or EOF in its direction (dropped), waits {@code timeout} ms, then
 * closes both sockets with SO_LINGER 0: each peer sees a TCP RST ("Connection reset").
 */
final class ResetPeerToxic extends Stage {

    private boolean triggered;

    ResetPeerToxic(Link link, Toxic toxic) {
        super(link, toxic);
    }

    @Override
    void accept(Chunk chunk) {
        link.drop(chunk);
        trigger();
    }

    @Override
    void acceptEnd() {
        trigger();
    }

    private void trigger() {
        if (triggered) return;
        triggered = true;
        link.schedule(link::reset, TimeUnit.MILLISECONDS.toNanos(toxic.attribute("timeout")));
    }
}
