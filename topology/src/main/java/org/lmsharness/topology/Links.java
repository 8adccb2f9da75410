package org.lmsharness.topology;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one place where a caller learns which address to use to reach another node. Every link of a
 * deployment (edge → replica, replica → database, replica → payment provider) is resolved here, so
 * a fault proxy can be put on any of them without touching the callers: today the address given is
 * the target itself.
 */
public final class Links {

    private final Map<String, Link> links = new ConcurrentHashMap<>();

    /** Registers the link and returns the address {@code from} must dial to reach {@code to}. */
    public Address dial(String from, String to, String zone, Address target) {
        Link link = new Link(from, to, zone, target);
        links.put(link.name(), link);
        return target;
    }

    public Collection<Link> all() {
        return links.values();
    }

    public void forget(String nodeId) {
        links.values().removeIf(link -> link.from().equals(nodeId) || link.to().equals(nodeId));
    }
}
