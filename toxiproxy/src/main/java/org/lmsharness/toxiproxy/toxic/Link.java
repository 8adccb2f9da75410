package org.lmsharness.toxiproxy.toxic;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * One direction of one proxied connection.
 * <pre>
 *   upstream link:    client socket ──read──▶ [toxic] ─▶ … ─▶ writer ──▶ upstream socket
 *   downstream link:  upstream socket ──read──▶ [toxic] ─▶ … ─▶ writer ──▶ client socket
 * </pre>
 * Both sockets of a connection live on one event loop, so the chain needs no locks. Memory stays
 * bounded whatever the toxics hold or however slowly the far side reads: the source is read (autoRead
 * off) only while fewer than {@link #HELD_BYTES_LIMIT} bytes read from it are not yet written out; a
 * full link leaves data in the kernel, and TCP slows the sender.
 */
public final class Link {

    /** Bytes a link may hold between reading and writing (toxic queues plus the socket's outbound buffer). */
    static final int HELD_BYTES_LIMIT = 1 << 20;

    private final Direction direction;
    private final Channel source;
    private final Random random;
    private final LongAdder received;
    private final Writer writer;
    private final List<Stage> stages = new ArrayList<>();
    private long heldBytes;
    private boolean readPaused;
    private boolean sourceEnded;
    private boolean disposed;

    Link(Direction direction, Channel source, Channel sink, List<Toxic> chain, Random random, LongAdder received,
         LongAdder sent) {
        this.direction = direction;
        this.source = source;
        this.random = random;
        this.received = received;
        this.writer = new Writer(this, sink, sent);
        chain.forEach(this::append);
    }

    public Direction direction() {
        return direction;
    }

    io.netty.channel.EventLoop eventLoop() {
        return source.eventLoop();
    }

    /** Starts reading the source and the toxics' clocks; on the connection's event loop. */
    public void start() {
        stages.forEach(Stage::started);
        source.read();
    }

    /** A read from the source socket; the link owns {@code data} from here. */
    public void read(ByteBuf data) {
        if (sourceEnded || disposed) {
            data.release();
            return;
        }
        int size = data.readableBytes();
        heldBytes += size;
        received.add(size);
        head().push(new Chunk(data, System.nanoTime()));
    }

    public void readComplete() {
        if (heldBytes < HELD_BYTES_LIMIT) source.read();
        else readPaused = true;
    }

    /** EOF or the source socket closed. */
    public void sourceEnded() {
        if (sourceEnded) return;
        sourceEnded = true;
        head().end();
    }

    /** The connection is closed on both sides: release what the toxics still hold. */
    public void dispose() {
        if (disposed) return;
        disposed = true;
        stages.forEach(Stage::dispose);
    }

    void add(Toxic toxic) {
        if (!disposed) append(toxic).started();
    }

    void update(Toxic toxic) {
        if (disposed) return;
        for (Stage stage : stages) {
            if (stage.toxic.name().equals(toxic.name())) stage.update(toxic);
        }
    }

    void remove(String name) {
        for (int i = 0; i < stages.size(); i++) {
            Stage stage = stages.get(i);
            if (!stage.toxic.name().equals(name)) continue;
            stages.remove(i);
            if (i > 0) stages.get(i - 1).next = stage.next;
            if (!disposed) stage.removed();
            else stage.dispose();
            return;
        }
    }

    private Stage append(Toxic toxic) {
        Stage stage = toxic.type().newStage(this, toxic);
        stage.next = writer;
        if (!stages.isEmpty()) stages.get(stages.size() - 1).next = stage;
        stages.add(stage);
        return stage;
    }

    private Sink head() {
        return stages.isEmpty() ? writer : stages.get(0);
    }

    // What stages use.

    boolean draw(float toxicity) {
        return random.nextFloat() < toxicity;
    }

    Random random() {
        return random;
    }

    ScheduledFuture<?> schedule(Runnable task, long delayNanos) {
        return source.eventLoop().schedule(() -> {
            if (!disposed) task.run();
        }, Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
    }

    /** A chunk a toxic drops (timeout, reset_peer, limit_data) or that comes after the end. */
    void drop(Chunk chunk) {
        int size = chunk.size();
        chunk.data().release();
        released(size);
    }

    /** {@code size} bytes left the link (written or dropped): read more if it had paused. */
    void released(int size) {
        heldBytes -= size;
        if (readPaused && heldBytes < HELD_BYTES_LIMIT && !sourceEnded) {
            readPaused = false;
            source.read();
        }
    }

    /** reset_peer: both sockets closed with SO_LINGER 0, so each peer gets a TCP RST. */
    void reset() {
        for (Channel channel : List.of(source, writer.sink())) {
            if (!channel.isActive()) continue;
            channel.config().setOption(ChannelOption.SO_LINGER, 0);
            channel.close();
        }
    }
}
