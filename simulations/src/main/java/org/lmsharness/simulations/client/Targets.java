package org.lmsharness.simulations.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where each new virtual user sends its requests: the target URLs in turn, as DNS round robin hands
 * out several addresses.
 *
 * <p>With failover on, the client behaves as one in front of a name with a health-checked record per
 * edge (or one that holds two endpoints): every target's health path is probed every
 * {@link #PROBE_INTERVAL}; {@link #FALL} failures in a row take it out of the turn, {@link #RISE}
 * successes bring it back (HAProxy's own fall/rise rule), and a request that got no answer from a
 * target the probes then find down is sent once more to another target that is up ({@link #failoverFrom}).
 *
 * <p>Written here because nothing does it for Gatling: Gatling gives each user one base URL and never
 * changes it, and the client-side balancers that probe (Envoy, gRPC) are not Java HTTP clients.
 */
public final class Targets implements AutoCloseable {

    public static final Duration PROBE_INTERVAL = Duration.ofMillis(100);
    static final int FALL = 2;
    static final int RISE = 2;

    private final List<String> urls;
    private final Map<String, Health> health = new ConcurrentHashMap<>();
    private final AtomicLong turn = new AtomicLong();
    private final ScheduledExecutorService prober;
    private final HttpClient http;

    /** Plain rotation over {@code urls}, no probing. */
    public static Targets roundRobin(List<String> urls) {
        return new Targets(urls, null);
    }

    /** Rotation over the {@code urls} that answer {@code healthPath} with 2xx, probed from now until {@link #close()}. */
    public static Targets withFailover(List<String> urls, String healthPath) {
        return new Targets(urls, healthPath);
    }

    private Targets(List<String> urls, String healthPath) {
        if (urls.isEmpty()) throw new IllegalArgumentException("no target URL");
        this.urls = List.copyOf(urls);
        urls.forEach(url -> health.put(url, new Health()));
        if (healthPath == null || urls.size() < 2) {
            prober = null;
            http = null;
            return;
        }
        http = HttpClient.newBuilder().connectTimeout(PROBE_INTERVAL.multipliedBy(2)).build();
        prober = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "target-health");
            thread.setDaemon(true);
            return thread;
        });
        prober.scheduleAtFixedRate(() -> urls.forEach(url -> probe(url, healthPath)), 0, PROBE_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The next target in turn that is up; when none is, the next in turn (the client has nothing better to try). */
    public String next() {
        long start = turn.getAndIncrement();
        for (int i = 0; i < urls.size(); i++) {
            String url = urls.get((int) ((start + i) % urls.size()));
            if (health.get(url).up) return url;
        }
        return urls.get((int) (start % urls.size()));
    }

    /** Whether the probes hold {@code url} up (always, without failover). */
    public boolean isUp(String url) {
        Health state = health.get(url);
        return state == null || state.up;
    }

    /** Another target that is up, to send a request again that got no answer from {@code failed}; null when there is none. */
    public String failoverFrom(String failed) {
        int from = Math.max(0, urls.indexOf(failed));
        for (int i = 1; i < urls.size(); i++) {
            String url = urls.get((from + i) % urls.size());
            if (health.get(url).up) return url;
        }
        return null;
    }

    /** Whether the client fails over at all: probing on and more than one target. */
    public boolean failsOver() {
        return prober != null;
    }

    private void probe(String url, String healthPath) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + healthPath)).timeout(PROBE_INTERVAL.multipliedBy(2)).GET().build();
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .whenComplete((response, failure) -> health.get(url).record(failure == null && response.statusCode() / 100 == 2));
    }

    @Override
    public void close() {
        if (prober != null) prober.shutdownNow();
    }

    /** Consecutive outcomes of one target's probes. */
    private static final class Health {
        volatile boolean up = true;
        private int failures;
        private int successes;

        synchronized void record(boolean ok) {
            if (ok) {
                failures = 0;
                if (++successes >= RISE) up = true;
            } else {
                successes = 0;
                if (++failures >= FALL) up = false;
            }
        }
    }
}
