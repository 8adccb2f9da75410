package org.lmsharness.topology;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.lmsharness.topology.Deployment.Replica;

/** A deployment's replicas, in number order (replica-2 before replica-10), each with its node and its measured time to ready. */
final class ReplicaSet {

    /** replica-2 before replica-10. */
    private static final Comparator<String> BY_NUMBER = Comparator.comparingInt(String::length).thenComparing(Comparator.naturalOrder());

    private final Map<String, Replica> replicas = new ConcurrentSkipListMap<>(BY_NUMBER);
    private final Map<String, Node> nodes = new ConcurrentSkipListMap<>(BY_NUMBER);
    private final Map<String, Double> readySeconds = new ConcurrentSkipListMap<>(BY_NUMBER);
    private final AtomicInteger numbers = new AtomicInteger();

    /** The next replica's id: numbers are never reused, so a replica added after a removal is never mistaken for the removed one. */
    String nextId() {
        return "replica-" + numbers.incrementAndGet();
    }

    void add(Replica replica, Node node, double secondsToReady) {
        readySeconds.put(replica.id(), secondsToReady);
        replicas.put(replica.id(), replica);
        nodes.put(replica.id(), node);
    }

    void remove(String id) {
        replicas.remove(id);
        nodes.remove(id);
    }

    Replica require(String id) {
        Replica replica = replicas.get(id);
        if (replica == null) throw new IllegalArgumentException("no replica '" + id + "'; replicas are " + replicas.keySet());
        return replica;
    }

    List<Replica> all() {
        return List.copyOf(replicas.values());
    }

    List<Node> nodes() {
        return new ArrayList<>(nodes.values());
    }

    Node node(String id) {
        require(id);
        return nodes.get(id);
    }

    double readySeconds(String id) {
        require(id);
        return readySeconds.get(id);
    }
}
