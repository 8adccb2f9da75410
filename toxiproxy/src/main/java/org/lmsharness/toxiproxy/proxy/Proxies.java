package org.lmsharness.toxiproxy.proxy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.lmsharness.toxiproxy.api.ApiError;

/** Every proxy of a server by name, sorted by name as Toxiproxy lists them. */
public final class Proxies {

    /** A proxy to create or keep, as in POST /populate and the -config file. */
    public record Spec(String name, String listen, String upstream, boolean enabled) {
    }

    /** Populate stopped at an error; the proxies made before it stay. */
    public static final class PopulateFailed extends RuntimeException {
        public final ApiError error;
        public final List<Proxy> done;

        PopulateFailed(ApiError error, List<Proxy> done) {
            super(error.getMessage(), null, false, false);
            this.error = error;
            this.done = done;
        }
    }

    private final Network network;
    private final Map<String, Proxy> proxies = new TreeMap<>();

    public Proxies(Network network) {
        this.network = network;
    }

    public synchronized List<Proxy> all() {
        return new ArrayList<>(proxies.values());
    }

    public synchronized Proxy get(String name) {
        Proxy proxy = proxies.get(name);
        if (proxy == null) throw ApiError.PROXY_NOT_FOUND;
        return proxy;
    }

    public synchronized Proxy create(Spec spec) {
        if (proxies.containsKey(spec.name())) throw ApiError.PROXY_ALREADY_EXISTS;
        Proxy proxy = new Proxy(spec.name(), spec.listen(), spec.upstream(), network);
        if (spec.enabled()) proxy.start();
        proxies.put(spec.name(), proxy);
        return proxy;
    }

    /**
     * Creates each proxy in order; one whose listen and upstream are unchanged is left as it is
     * (toxics kept), one that differs is stopped and replaced.
     */
    public synchronized List<Proxy> populate(List<Spec> specs) {
        List<Proxy> done = new ArrayList<>();
        for (Spec spec : specs) {
            try {
                Proxy existing = proxies.get(spec.name());
                if (existing != null && !existing.differs(spec.listen(), spec.upstream())) {
                    done.add(existing);
                    continue;
                }
                if (existing != null) existing.stop();
                Proxy proxy = new Proxy(spec.name(), spec.listen(), spec.upstream(), network);
                if (spec.enabled()) proxy.start();
                proxies.put(spec.name(), proxy);
                done.add(proxy);
            } catch (ApiError e) {
                throw new PopulateFailed(e, done);
            }
        }
        return done;
    }

    public synchronized void delete(String name) {
        get(name).stop();
        proxies.remove(name);
    }

    /** POST /reset: every proxy enabled again and every toxic removed; no proxy deleted. */
    public void reset() {
        for (Proxy proxy : all()) {
            proxy.start();
            proxy.toxics.clear();
        }
    }

    /** Stops every proxy (server shutdown). */
    public synchronized void stopAll() {
        proxies.values().forEach(Proxy::stop);
        proxies.clear();
    }
}
