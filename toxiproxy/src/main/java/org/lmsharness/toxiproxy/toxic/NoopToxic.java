package org.lmsharness.toxiproxy.toxic;

/** noop: accepted by the API, passes everything. */
final class NoopToxic extends Stage {

    NoopToxic(Link link, Toxic toxic) {
        super(link, toxic);
    }

    @Override
    void accept(Chunk chunk) {
        next.push(chunk);
    }
}
