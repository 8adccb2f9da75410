package org.lmsharness.topology;

import org.lmsharness.common.Address;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one place where a caller learns which address to use to reach another node. Every link of a
 * deployment (edge → replica, replica → database, replica → payment provider) is resolved here:
 * with fault proxies, the address of the link's own proxy; without, the target itself.
 */
public final class Links {

    private final Map<String, Link> links = new ConcurrentHashMap<>();
    private volatile FaultProxies proxies;

    /** From now on every link dialled goes through its own proxy on {@code proxies}. */
    void proxyThrough(FaultProxies proxies) {
        this.proxies = proxies;
    }

    /** Registers the link and returns the address {@code from} must dial to reach {@code to}. */
    public Address dial(String from, String to, String zone, Address target) {
        Link link = new Link(from, to, zone, target);
        links.put(link.name(), link);
        FaultProxies through = proxies;
        return through == null ? target : through.route(link);
    }

    public Collection<Link> all() {
        return links.values();
    }

    public void forget(String nodeId) {
        links.values().removeIf(link -> {
            boolean gone = link.from().equals(nodeId) || link.to().equals(nodeId);
            if (gone && proxies != null) proxies.remove(link.name());
            return gone;
        });
    }
}
