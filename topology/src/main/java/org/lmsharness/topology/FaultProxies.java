package org.lmsharness.topology;

import org.lmsharness.common.Address;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;

/**
 * A Toxiproxy proxy on every link of a deployment, created through the Toxiproxy Java client, so
 * that a chaos experiment can add latency, cut bandwidth or reset connections on any one of them
 * ({@code proxy("replica-1_db-primary_zone-a").toxics().latency(...)}). The server is the project's
 * own (the toxiproxy module) started by the back end, or a real Toxiproxy given by
 * {@code --toxiproxy-url}; either way only its HTTP API is used.
 *
 * <pre>
 *   from ──▶ toxiproxy [proxy named from_to_zone] ──▶ to
 * </pre>
 */
public final class FaultProxies implements AutoCloseable {

    private final ToxiproxyClient client;
    private final String apiUrl;
    private final String listenHost;
    private final IntFunction<Address> dialAddress;
    private final Runnable stop;
    private final Map<String, Proxy> proxies = new ConcurrentHashMap<>();

    /**
     * @param apiUrl      where this JVM reaches the server's API
     * @param listenHost  the host each proxy listens on, in the server's own network (port 0: any free one)
     * @param dialAddress what a node dials to reach the proxy listening on a port
     * @param stop        stops the server when the deployment closes (nothing for one that is not ours)
     */
    public FaultProxies(URI apiUrl, String listenHost, IntFunction<Address> dialAddress, Runnable stop) {
        this.apiUrl = apiUrl.toString();
        this.client = new ToxiproxyClient(apiUrl.getHost(), apiUrl.getPort() < 0 ? 8474 : apiUrl.getPort());
        this.listenHost = listenHost;
        this.dialAddress = dialAddress;
        this.stop = stop;
    }

    /** Waits until the API answers {@code GET /version}; a server that never does is an error. */
    public static void awaitApi(URI apiUrl, Duration timeout) throws InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest version = HttpRequest.newBuilder(apiUrl.resolve("/version")).timeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(version, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) return;
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the fault proxy's API at " + apiUrl + " did not answer within " + timeout.toSeconds() + " s");
    }

    /** The proxy on {@code link} (created on first use; the same one after), and the address that reaches it. */
    Address route(Link link) {
        Proxy proxy = proxies.computeIfAbsent(link.name(), name -> {
            try {
                return client.createProxy(name, listenHost + ":0", link.target().hostPort());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the fault proxy " + name + " at " + apiUrl, e);
            }
        });
        String listen = proxy.getListen();
        return dialAddress.apply(Integer.parseInt(listen.substring(listen.lastIndexOf(':') + 1)));
    }

    /** Deletes the proxy of a link that is gone (a removed replica). */
    void remove(String linkName) {
        Proxy proxy = proxies.remove(linkName);
        if (proxy == null) return;
        try {
            proxy.delete();
        } catch (IOException ignored) {
            // the server is going down with the deployment
        }
    }

    /** The Toxiproxy client, for whatever the handle does not wrap. */
    public ToxiproxyClient client() {
        return client;
    }

    /** The API's URL, for another Toxiproxy client (Go, Ruby, Python, curl). */
    public String apiUrl() {
        return apiUrl;
    }

    /** The proxy on the link named {@code <from>_<to>_<zone>}. */
    public Proxy proxy(String linkName) {
        Proxy proxy = proxies.get(linkName);
        if (proxy == null) throw new IllegalArgumentException("no fault proxy on " + linkName + "; links: " + names());
        return proxy;
    }

    public List<String> names() {
        return proxies.keySet().stream().sorted().toList();
    }

    /**
     * Links whose proxy is disabled or carries a toxic, one line each, as the server has them now:
     * what a rolled-back experiment must leave empty.
     */
    public List<String> disturbed() {
        List<String> found = new java.util.ArrayList<>();
        for (String link : names()) {
            try {
                Proxy now = client.getProxy(proxies.get(link).getName());
                if (!now.isEnabled()) found.add(link + ": disabled");
                now.toxics().getAll().forEach(toxic -> found.add(link + ": toxic " + toxic.getName()));
            } catch (IOException e) {
                found.add(link + ": cannot be read (" + e.getMessage() + ")");
            }
        }
        return found;
    }

    /** Removes every proxy this deployment made (a shared real server keeps its others), then stops the server if it is ours. */
    @Override
    public void close() {
        List.copyOf(proxies.keySet()).forEach(this::remove);
        stop.run();
    }
}
