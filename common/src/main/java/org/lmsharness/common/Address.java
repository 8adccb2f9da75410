package org.lmsharness.common;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** A TCP address on this machine or in a network the topology made. */
public record Address(String host, int port) {

    /** A loopback port free now, for a process this harness starts to listen on. */
    public static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
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
