package org.lmsharness.toxiproxy.proxy;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import org.lmsharness.toxiproxy.toxic.Direction;
import org.lmsharness.toxiproxy.toxic.Link;

/**
 * One proxied client connection: the accepted client socket, the socket dialled to the upstream
 * when the client connected (on the same event loop), and the two links between them.
 * <pre>
 *   client ◀──▶ [ up link: client → upstream  ]
 *               [ down link: upstream → client ] ◀──▶ upstream
 * </pre>
 * If the dial fails the client is closed. A socket that reaches EOF or closes ends the link it
 * feeds; that link closes the other socket once its toxics let the end through, as Toxiproxy does.
 */
final class Connection {

    private final Proxy proxy;
    private final Channel client;
    private final ChannelGroup sockets;
    private Channel upstream;
    private Link up;
    private Link down;
    private boolean dialling;
    private boolean finished;

    Connection(Proxy proxy, Channel client, ChannelGroup sockets) {
        this.proxy = proxy;
        this.client = client;
        this.sockets = sockets;
    }

    static void configure(Bootstrap bootstrap) {
        bootstrap.option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .option(ChannelOption.TCP_NODELAY, true);
    }

    ChannelInboundHandlerAdapter clientSide() {
        return new Side(true);
    }

    private void accepted() {
        sockets.add(client);
        proxy.metrics.connections.increment();
        proxy.metrics.openConnections.incrementAndGet();
        InetSocketAddress target;
        try {
            target = HostPort.resolve(proxy.upstream());
        } catch (IllegalArgumentException e) {
            client.close();
            return;
        }
        Bootstrap bootstrap = new Bootstrap().group(client.eventLoop()).channel(NioSocketChannel.class).handler(new Side(false));
        configure(bootstrap);
        dialling = true;
        bootstrap.connect(target).addListener((ChannelFutureListener) this::dialled);
    }

    private void dialled(ChannelFuture dial) {
        dialling = false;
        if (!dial.isSuccess()) {
            client.close();
            finishIfClosed();
            return;
        }
        upstream = dial.channel();
        sockets.add(upstream);
        if (!client.isActive()) {
            upstream.close();
            return;
        }
        up = proxy.toxics.open(Direction.UPSTREAM, client, upstream, proxy.metrics.receivedUpstream, proxy.metrics.sentUpstream);
        down = proxy.toxics.open(Direction.DOWNSTREAM, upstream, client, proxy.metrics.receivedDownstream, proxy.metrics.sentDownstream);
        up.start();
        down.start();
    }

    private void finishIfClosed() {
        if (finished || dialling || client.isActive() || (upstream != null && upstream.isActive())) return;
        finished = true;
        proxy.metrics.openConnections.decrementAndGet();
        if (up != null) {
            proxy.toxics.close(up);
            proxy.toxics.close(down);
            up.dispose();
            down.dispose();
        }
    }

    /** The handler of one of the two sockets: feeds the link it is the source of. */
    private final class Side extends ChannelInboundHandlerAdapter {

        private final boolean isClient;

        Side(boolean isClient) {
            this.isClient = isClient;
        }

        private Link feeds() {
            return isClient ? up : down;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            if (isClient) accepted();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            Link link = feeds();
            if (link != null && msg instanceof ByteBuf data) link.read(data);
            else ReferenceCountUtil.release(msg);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            Link link = feeds();
            if (link != null) link.readComplete();
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof ChannelInputShutdownEvent && feeds() != null) feeds().sourceEnded();
            ReferenceCountUtil.release(event);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (feeds() != null) feeds().sourceEnded();
            finishIfClosed();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // A peer reset or a write to a closed socket: the connection is over, nothing to report.
            ctx.close();
        }
    }
}
