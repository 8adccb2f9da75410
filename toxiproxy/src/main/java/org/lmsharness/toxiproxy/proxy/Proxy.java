package org.lmsharness.toxiproxy.proxy;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.Locale;
import org.lmsharness.toxiproxy.api.ApiError;
import org.lmsharness.toxiproxy.toxic.Toxics;

/**
 * A named listener that forwards each accepted connection to its upstream through the proxy's
 * toxics. {@code enabled} is whether it listens: disabling closes the listener and every live
 * connection ("down"); changing listen or upstream restarts it.
 */
public final class Proxy {

    /** The proxy as the API shows it; {@code listen} is the address actually bound once started. */
    public record View(String name, String listen, String upstream, boolean enabled) {
    }

    private final String name;
    private final Network network;
    final Toxics toxics;
    final ProxyMetrics metrics = new ProxyMetrics();
    /**
     * Every socket of the live connections of the current listener, closed together when the proxy
     * stops; a new group per start, which closes any socket added after it was closed.
     */
    private ChannelGroup channels;
    private String listen;
    /** Read by event loops on each accept without the lock: stop() holds it while waiting for them. */
    private volatile String upstream;
    private boolean enabled;
    private Channel listener;

    Proxy(String name, String listen, String upstream, Network network) {
        this.name = name;
        this.listen = listen;
        this.upstream = upstream;
        this.network = network;
        this.toxics = new Toxics(network.random);
    }

    public String name() {
        return name;
    }

    public synchronized View view() {
        return new View(name, listen, upstream, enabled);
    }

    /** The upstream new connections are dialled to; without the lock (see {@link #upstream}). */
    String upstream() {
        return upstream;
    }

    public Toxics toxics() {
        return toxics;
    }

    public ProxyMetrics metrics() {
        return metrics;
    }

    /** Binds the listener; an address that cannot be parsed or bound is a 500 with Go's wording. */
    public synchronized void start() {
        if (enabled) return;
        InetSocketAddress address;
        try {
            address = HostPort.resolve(listen);
        } catch (IllegalArgumentException e) {
            throw ApiError.internal("listen tcp: " + e.getMessage());
        }
        ChannelGroup sockets = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE, true);
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(network.group)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel client) {
                        client.pipeline().addLast(new Connection(Proxy.this, client, sockets).clientSide());
                    }
                });
        ChannelFuture bound = bootstrap.bind(address).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            String reason = String.valueOf(bound.cause().getMessage()).toLowerCase(Locale.ROOT);
            throw ApiError.internal("listen tcp " + HostPort.format(address) + ": bind: " + reason);
        }
        listener = bound.channel();
        channels = sockets;
        listen = HostPort.format(((ServerSocketChannel) listener).localAddress());
        enabled = true;
    }

    /** Closes the listener and every live connection. */
    public synchronized void stop() {
        if (!enabled) return;
        enabled = false;
        listener.close().awaitUninterruptibly();
        listener = null;
        channels.close().awaitUninterruptibly();
    }

    /** Partial update: listen or upstream changed restarts the proxy; enabled starts or stops it. */
    public synchronized void update(String newListen, String newUpstream, boolean newEnabled) {
        if (differs(newListen, newUpstream)) {
            stop();
            listen = newListen;
            upstream = newUpstream;
        }
        if (newEnabled && !enabled) start();
        else if (!newEnabled) stop();
    }

    /** Whether listen (as resolved) or upstream differ from this proxy's; an unparsable listen is a 500. */
    synchronized boolean differs(String otherListen, String otherUpstream) {
        String resolved;
        try {
            resolved = HostPort.format(HostPort.resolve(otherListen));
        } catch (IllegalArgumentException e) {
            throw ApiError.internal(e.getMessage());
        }
        return !resolved.equals(listen) || !otherUpstream.equals(upstream);
    }
}
