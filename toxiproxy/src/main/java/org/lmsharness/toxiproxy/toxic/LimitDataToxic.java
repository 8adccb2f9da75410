package org.lmsharness.toxiproxy.toxic;

/**
 * limit_data: passes at most {@code bytes} bytes on this connection (counted across updates),
 * truncating the chunk that crosses the limit, then closes the stream.
 */
final class LimitDataToxic extends Stage {

    private long transmitted;

    LimitDataToxic(Link link, Toxic toxic) {
        super(link, toxic);
    }

    @Override
    void accept(Chunk chunk) {
        long remaining = Math.max(0, toxic.attribute("bytes") - transmitted);
        if (remaining < chunk.size()) {
            int kept = (int) remaining;
            int dropped = chunk.size() - kept;
            if (kept > 0) next.push(chunk.slice(0, kept));
            chunk.data().release();
            link.released(dropped);
            transmitted += kept;
        } else {
            transmitted += chunk.size();
            next.push(chunk);
        }
        if (toxic.attribute("bytes") - transmitted <= 0) closeOutput();
    }
}
