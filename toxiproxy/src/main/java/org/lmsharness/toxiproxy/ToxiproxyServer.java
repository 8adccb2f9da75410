package org.lmsharness.toxiproxy;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import org.lmsharness.toxiproxy.api.ApiError;
import org.lmsharness.toxiproxy.api.ApiServer;
import org.lmsharness.toxiproxy.api.ConfigFile;
import org.lmsharness.toxiproxy.proxy.HostPort;
import org.lmsharness.toxiproxy.proxy.Network;
import org.lmsharness.toxiproxy.proxy.Proxies;

/**
 * A Toxiproxy-compatible server in this JVM: the control API on {@code host:port}, proxies on
 * Netty. Drive it with any Toxiproxy client.
 * <pre>{@code
 * try (ToxiproxyServer server = ToxiproxyServer.start("127.0.0.1", 0)) {
 *     ToxiproxyClient client = new ToxiproxyClient(server.host(), server.port());
 *     ...
 * }
 * }</pre>
 */
public final class ToxiproxyServer implements AutoCloseable {

    /**
     * What a server starts with.
     *
     * @param host API listen host ({@code localhost}: 127.0.0.1; {@code 0.0.0.0}: every interface)
     * @param port API port, 0 for any free one
     * @param config proxies to create at start (a populate body), or null
     * @param seed seed of the random draws (toxicity, jitter, slice sizes)
     * @param threads event loops that carry proxied connections
     */
    public record Settings(String host, int port, Path config, long seed, int threads) {

        public Settings {
            if (host == null) throw new IllegalArgumentException("host must be given, was null");
            if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be 0..65535, was " + port);
            if (threads < 1) throw new IllegalArgumentException("threads must be at least 1, was " + threads);
        }

        public static Settings of(String host, int port) {
            return new Settings(host, port, null, System.nanoTime(), defaultThreads());
        }

        public Settings withConfig(Path file) {
            return new Settings(host, port, file, seed, threads);
        }

        public Settings withSeed(long newSeed) {
            return new Settings(host, port, config, newSeed, threads);
        }

        static int defaultThreads() {
            return Math.max(2, Runtime.getRuntime().availableProcessors());
        }
    }

    private final Network network;
    private final Proxies proxies;
    private final ApiServer api;
    private final String host;

    private ToxiproxyServer(Network network, Proxies proxies, ApiServer api, String host) {
        this.network = network;
        this.proxies = proxies;
        this.api = api;
        this.host = host;
    }

    public static ToxiproxyServer start(String host, int port) {
        return start(Settings.of(host, port));
    }

    /**
     * Starts the server. A config that cannot be read or applied, or an API address that cannot be
     * bound, fails with an {@link IllegalArgumentException} or {@link java.io.UncheckedIOException}
     * whose message is one line, and leaves nothing running.
     */
    public static ToxiproxyServer start(Settings settings) {
        List<Proxies.Spec> config = settings.config() == null ? List.of() : ConfigFile.read(settings.config());
        String host = settings.host().contains(":") ? "[" + settings.host() + "]" : settings.host();
        InetSocketAddress address;
        try {
            address = HostPort.resolve(host + ":" + settings.port());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("host " + settings.host() + ": " + e.getMessage());
        }
        Network network = new Network(settings.threads(), settings.seed());
        Proxies proxies = new Proxies(network);
        try {
            proxies.populate(config);
        } catch (Proxies.PopulateFailed e) {
            proxies.stopAll();
            network.close();
            throw new IllegalArgumentException("config " + settings.config() + ": " + e.error.getMessage());
        } catch (ApiError e) {
            proxies.stopAll();
            network.close();
            throw new IllegalArgumentException("config " + settings.config() + ": " + e.getMessage());
        }
        try {
            ApiServer api = ApiServer.listen(address, proxies);
            String shownHost = address.getAddress().isAnyLocalAddress() ? "127.0.0.1" : address.getAddress().getHostAddress();
            return new ToxiproxyServer(network, proxies, api, shownHost);
        } catch (RuntimeException e) {
            proxies.stopAll();
            network.close();
            throw e;
        }
    }

    /** A host to reach the API at (127.0.0.1 when it listens on every interface). */
    public String host() {
        return host;
    }

    public int port() {
        return api.address().getPort();
    }

    /** {@code http://host:port}, the base of the control API. */
    public String url() {
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port();
    }

    /** As POST /reset: every proxy enabled, every toxic removed. */
    public void reset() {
        proxies.reset();
    }

    /** Stops the API, every proxy and their connections. */
    @Override
    public void close() {
        api.close();
        proxies.stopAll();
        network.close();
    }
}
