package org.lmsharness.toxiproxy.toxic;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import java.util.concurrent.atomic.LongAdder;

/** The end of a chain: writes each chunk to the sink socket as it comes (one write each, flushed). */
final class Writer implements Sink {

    private final Link link;
    private final Channel sink;
    private final LongAdder sent;
    private boolean ended;

    Writer(Link link, Channel sink, LongAdder sent) {
        this.link = link;
        this.sink = sink;
        this.sent = sent;
    }

    Channel sink() {
        return sink;
    }

    @Override
    public void push(Chunk chunk) {
        if (ended) {
            link.drop(chunk);
            return;
        }
        int size = chunk.size();
        sink.writeAndFlush(chunk.data()).addListener(f -> {
            if (f.isSuccess()) sent.add(size);
            link.released(size);
        });
    }

    /** Closes the whole socket once what was written is flushed, as Toxiproxy closes its destination. */
    @Override
    public void end() {
        if (ended) return;
        ended = true;
        sink.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }
}
