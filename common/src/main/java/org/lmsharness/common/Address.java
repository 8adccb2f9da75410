package org.lmsharness.common;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** A TCP address on this machine or in a network the topology made. */
public record Address(String host, int port) {

    /**
     * Ports handed out by {@link #freeLoopbackPort}, never handed out again by this JVM. A port is
     * only reserved once its process binds it, seconds later; the kernel may return the same free
     * port to the next caller meanwhile. HAProxy binds with SO_REUSEPORT, so an edge given one port
     * for its traffic and its metrics bound both: once in CI its readiness probe's kept connection
     * reached the traffic frontend and got the replicas' 401 for 20 s.
     */
    private static final java.util.Set<Integer> HANDED_OUT = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** A loopback port free now, for a process this harness starts to listen on; never the same twice in one JVM. */
    public static int freeLoopbackPort() throws IOException {
        for (int attempt = 0; attempt < 1_000; attempt++) {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                socket.setReuseAddress(true);
                if (HANDED_OUT.add(socket.getLocalPort())) return socket.getLocalPort();
            }
        }
        throw new IOException("no loopback port free that was not handed out already (" + HANDED_OUT.size() + " handed out)");
    }

    public String hostPort() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    public String http() {
        return "http://" + hostPort();
    }

    @Override
    public String toString() {
        return hostPort();
    }
}
