package org.lmsharness.topology;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.lmsharness.common.Address;
import org.lmsharness.topology.BaseDeployment.Edge;

/** A deployment's edges, in start order, and what is asked of all of them at once through each one's HAProxy runtime API. */
final class EdgeSet {

    private final List<Edge> edges = new CopyOnWriteArrayList<>();

    void add(Edge edge) {
        edges.add(edge);
    }

    List<Edge> all() {
        return List.copyOf(edges);
    }

    /** The first edge's URL: where this host reaches the deployment. */
    Optional<String> url() {
        return edges.stream().findFirst().map(Edge::url);
    }

    Optional<String> metricsUrl() {
        return edges.stream().findFirst().map(Edge::metricsUrl);
    }

    /** The edges still running (a client resolving the name now would not be given a dead one); all of them when none is; empty without edges. */
    List<String> clientUrls() {
        List<String> live = edges.stream().filter(edge -> edge.node().isAlive()).map(Edge::clientUrl).toList();
        return live.isEmpty() ? edges.stream().map(Edge::clientUrl).toList() : live;
    }

    void drain(String replicaId) {
        edges.forEach(edge -> edge.runtime().drain(replicaId));
    }

    /** No traffic and no health checks for the server on any edge, until {@link #ready}. */
    void maintenance(String replicaId) {
        edges.forEach(edge -> edge.runtime().maintenance(replicaId));
    }

    /** Traffic again for the server on every edge, and each edge waited until it sees it UP. */
    void ready(String replicaId, Duration timeout) throws InterruptedException {
        for (Edge edge : edges) {
            edge.runtime().ready(replicaId);
            awaitUp(edge, replicaId, timeout);
        }
    }

    /** Puts a new replica behind every edge, each edge dialling it as {@code dial} says, and waits until each sees it UP. */
    void addServer(String replicaId, Function<Edge, Address> dial, String settings) throws InterruptedException {
        for (Edge edge : edges) {
            edge.runtime().addServer(replicaId, dial.apply(edge), settings);
            awaitUp(edge, replicaId, Duration.ofSeconds(20));
        }
    }

    void removeServer(String replicaId) {
        edges.forEach(edge -> edge.runtime().removeServer(replicaId));
    }

    /** Waits until every edge sees every one of {@code servers} UP. */
    void awaitUp(List<String> servers, Duration timeout) throws InterruptedException {
        for (Edge edge : edges) for (String server : servers) awaitUp(edge, server, timeout);
    }

    /** With several edges, keys are {@code <edge>/<server>}; an edge that does not answer (frozen, dead) is left out. */
    Map<String, String> serverStatus() {
        if (edges.size() == 1) return edges.get(0).runtime().serverStatus();
        Map<String, String> status = new LinkedHashMap<>();
        for (Edge edge : edges) {
            try {
                edge.runtime().serverStatus().forEach((server, state) -> status.put(edge.id() + "/" + server, state));
            } catch (IllegalStateException silent) {
                // this edge is down: the others still tell
            }
        }
        return status;
    }

    private static void awaitUp(Edge edge, String server, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if ("UP".equals(edge.runtime().serverStatus().get(server))) return;
            Thread.sleep(100);
        }
        throw new IllegalStateException(edge.id() + " did not see " + server + " UP within " + timeout.toSeconds() + " s: " + edge.runtime().serverStatus());
    }
}
