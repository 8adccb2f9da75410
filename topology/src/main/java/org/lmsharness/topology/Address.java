package org.lmsharness.topology;

/** A TCP address on this machine or in a network the topology made. */
public record Address(String host, int port) {

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
