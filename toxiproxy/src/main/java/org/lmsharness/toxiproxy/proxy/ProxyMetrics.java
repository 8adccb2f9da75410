package org.lmsharness.toxiproxy.proxy;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.lmsharness.toxiproxy.toxic.Direction;

/**
 * Counters of one proxy. Bytes per direction as Toxiproxy's optional Prometheus metrics (received
 * = read from the source socket, sent = written to the destination), counted as they flow rather
 * than when a connection ends; connections accepted and open are beyond Toxiproxy.
 */
public final class ProxyMetrics {

    final LongAdder receivedUpstream = new LongAdder();
    final LongAdder receivedDownstream = new LongAdder();
    final LongAdder sentUpstream = new LongAdder();
    final LongAdder sentDownstream = new LongAdder();
    final LongAdder connections = new LongAdder();
    final AtomicInteger openConnections = new AtomicInteger();

    public long receivedBytes(Direction direction) {
        return (direction == Direction.UPSTREAM ? receivedUpstream : receivedDownstream).sum();
    }

    public long sentBytes(Direction direction) {
        return (direction == Direction.UPSTREAM ? sentUpstream : sentDownstream).sum();
    }

    /** Client connections accepted since the proxy was created. */
    public long connections() {
        return connections.sum();
    }

    /** Client connections open now (accepted, not yet closed). */
    public int openConnections() {
        return openConnections.get();
    }
}
