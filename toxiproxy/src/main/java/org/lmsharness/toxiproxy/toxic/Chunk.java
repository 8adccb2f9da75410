package org.lmsharness.toxiproxy.toxic;

import io.netty.buffer.ByteBuf;

/** One socket read, stamped with the time it was read ({@link System#nanoTime()}). */
record Chunk(ByteBuf data, long readNanos) {

    int size() {
        return data.readableBytes();
    }

    /** Bytes {@code [from, to)} of this chunk as a chunk of its own, with the same read time. */
    Chunk slice(int from, int to) {
        return new Chunk(data.retainedSlice(data.readerIndex() + from, to - from), readNanos);
    }
}
