package org.lmsharness.toxiproxy.toxic;

/** Where a stage passes data on: the next stage of the chain, or the link's writer. */
interface Sink {

    void push(Chunk chunk);

    /** No more data will come (EOF or a toxic closed the stream). */
    void end();
}
