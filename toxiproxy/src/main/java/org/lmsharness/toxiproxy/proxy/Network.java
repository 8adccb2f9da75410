package org.lmsharness.toxiproxy.proxy;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * What every proxy shares: the event loops that accept and carry proxied connections (apart from
 * the API's, so an API call may wait for a change to reach live connections), and the random source
 * of toxicity, jitter and slice sizes ({@code -seed}).
 */
public final class Network implements AutoCloseable {

    final EventLoopGroup group;
    final Random random;

    public Network(int threads, long seed) {
        this.group = new MultiThreadIoEventLoopGroup(threads, NioIoHandler.newFactory());
        this.random = new Random(seed);
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
