package org.lmsharness.topology;

/**
 * Anything of a deployment that can fail: a replica, the edge, a database server, the payment
 * provider. The same verbs on every back end: a process, or a container.
 */
public interface Node {

    /** FAULT_PROXY is the harness's own (the proxies on the links), never among a deployment's nodes(). */
    enum Kind { REPLICA, EDGE, DB_PRIMARY, DB_STANDBY, PAYMENT_PROVIDER, FAULT_PROXY }

    String id();

    Kind kind();

    String zone();

    /** Orderly stop (SIGTERM; PostgreSQL its fast shutdown): in-flight work finishes or is rolled back. */
    void stop();

    /** Abrupt loss (SIGKILL of the node and all its processes), like a power cut. */
    void kill();

    /** Stops scheduling it (SIGSTOP / docker pause): alive but silent, sockets open. */
    void freeze();

    void resume();

    boolean isAlive();
}
