package org.lmsharness.chaos.experiment;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import java.util.List;
import org.lmsharness.topology.Deployment;
import org.lmsharness.topology.FaultProxies;
import org.lmsharness.topology.Link;

/**
 * The faults the catalogue is made of. Network faults are toxics (or a disabled proxy) on the links'
 * Toxiproxy proxies, through the Toxiproxy Java client; node faults go through the topology handle.
 */
public final class Faults {

    /** Every toxic this harness adds carries this name prefix, so its rollback removes exactly its own. */
    static final String TOXIC = "chaos-";

    private Faults() {}

    public static Fault crash(String nodeId) {
        return new Fault("kill -9 " + nodeId, d -> d.node(nodeId).kill(), null);
    }

    public static Fault freeze(String nodeId) {
        return new Fault("freeze " + nodeId + " (SIGSTOP / docker pause)", d -> d.node(nodeId).freeze(), d -> d.node(nodeId).resume());
    }

    public static Fault freezeZone(String zone) {
        return new Fault("freeze every node of zone " + zone, d -> d.freezeZone(zone), d -> d.resumeZone(zone));
    }

    public static Fault zoneOutage(String zone) {
        return new Fault("power loss in " + zone + " (every node of the zone killed at once)", d -> d.killZone(zone), null);
    }

    /** Latency (and jitter) on the named links, downstream: every answer over them comes that much later. */
    public static Fault latency(List<String> links, int millis, int jitterMillis) {
        String toxic = TOXIC + "latency";
        return new Fault(String.format("latency %d ± %d ms on %s", millis, jitterMillis, String.join(", ", links)),
                d -> forEach(d, links, proxy -> proxy.toxics().latency(toxic, ToxicDirection.DOWNSTREAM, millis).setJitter(jitterMillis)),
                d -> forEach(d, links, proxy -> proxy.toxics().get(toxic).remove()));
    }

    /** A bandwidth limit on the named links, downstream. */
    public static Fault bandwidth(List<String> links, long kilobytesPerSecond) {
        String toxic = TOXIC + "bandwidth";
        return new Fault(String.format("bandwidth %d KB/s on %s", kilobytesPerSecond, String.join(", ", links)),
                d -> forEach(d, links, proxy -> proxy.toxics().bandwidth(toxic, ToxicDirection.DOWNSTREAM, kilobytesPerSecond)),
                d -> forEach(d, links, proxy -> proxy.toxics().get(toxic).remove()));
    }

    /** The links cut: their proxies disabled, which drops open connections and refuses new ones. */
    public static Fault partition(List<String> links, String what) {
        return new Fault("partition: " + what + " (" + String.join(", ", links) + " cut)",
                d -> forEach(d, links, Proxy::disable), d -> forEach(d, links, Proxy::enable));
    }

    /** Names of the links from {@code from} to nodes whose id starts with {@code toPrefix}. */
    public static List<String> links(Deployment deployment, String from, String toPrefix) {
        return deployment.links().stream().filter(link -> link.from().equals(from) && link.to().startsWith(toPrefix)).map(Link::name).toList();
    }

    /** Names of the links from any node whose id starts with {@code fromPrefix} to nodes whose id starts with {@code toPrefix}. */
    public static List<String> linksBetween(Deployment deployment, String fromPrefix, String toPrefix) {
        return deployment.links().stream().filter(link -> link.from().startsWith(fromPrefix) && link.to().startsWith(toPrefix))
                .map(Link::name).toList();
    }

    private interface ProxyAction {
        void run(Proxy proxy) throws Exception;
    }

    private static void forEach(Deployment deployment, List<String> links, ProxyAction action) throws Exception {
        FaultProxies proxies = deployment.faultProxies().orElseThrow(() -> new IllegalStateException(
                "this fault needs the fault proxies, and the deployment runs without (--fault-proxy off)"));
        if (links.isEmpty()) throw new IllegalStateException("no link to put the fault on");
        for (String link : links) action.run(proxies.proxy(link));
    }
}
