package org.lmsharness.autoscale.loop;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Requests the edge routed to the replicas, read from HAProxy's Prometheus endpoint once a second: the back ends' request
 * counters ({@code haproxy_backend_http_requests_total}, both back ends), which count a request whether a replica answered it,
 * it waited in the queue or timed out, as an ALB's RequestCountPerTarget counts the requests the target group received,
 * divided by its healthy targets. The replicas' own answers ({@code haproxy_server_http_responses_total}) are no measure of
 * load: in the first live spike one overloaded replica answered 2–30 requests a second while 60–70 arrived, so a policy on
 * them never scaled out. Samples are kept for the whole scenario; windows are read between two of them.
 */
final class EdgeRequests implements AutoCloseable {

    private static final Pattern REQUESTS = Pattern.compile("^haproxy_backend_http_requests_total\\{([^}]*)\\}\\s+([0-9.eE+]+)");
    private static final Pattern PROXY = Pattern.compile("proxy=\"(replicas|replicas-alive)\"");

    /** A sample: when, and the requests the replicas' back ends received so far. */
    record Sample(long at, double requests) {}

    private final String url;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
    private final List<Sample> samples = new ArrayList<>();
    private final EverySecond sampler;
    private volatile String lastError;

    EdgeRequests(String metricsUrl) {
        this.url = metricsUrl;
        sampler = new EverySecond("edge-requests", this::sample);
    }

    private void sample() {
        try {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.ofString());
            Sample sample = new Sample(System.currentTimeMillis(), parse(response.body()));
            synchronized (samples) {
                samples.add(sample);
            }
        } catch (IOException | RuntimeException e) {
            lastError = e.toString(); // a missed second: the windows read around it
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The requests both of the replicas' back ends received (the fallback one serves only when no replica is ready). */
    static double parse(String text) {
        double requests = 0;
        for (String line : text.split("\n")) {
            Matcher m = REQUESTS.matcher(line);
            if (m.find() && PROXY.matcher(m.group(1)).find()) requests += Double.parseDouble(m.group(2));
        }
        return requests;
    }

    /** Requests per minute per target over [from, to): those the back ends received, divided by {@code servers}, the ready ones; NaN without two samples around the window. */
    double perTargetPerMinute(long from, long to, Collection<String> servers) {
        if (servers.isEmpty()) return Double.NaN;
        Sample first;
        Sample last;
        synchronized (samples) {
            first = latestAtOrBefore(from);
            last = latestAtOrBefore(to);
        }
        if (first == null || last == null || last.at() <= first.at()) return Double.NaN;
        return (last.requests() - first.requests()) / servers.size() * 60_000.0 / (last.at() - first.at());
    }

    private Sample latestAtOrBefore(long at) {
        Sample found = null;
        for (Sample s : samples) {
            if (s.at() <= at) found = s;
            else break;
        }
        return found == null && !samples.isEmpty() ? samples.get(0) : found;
    }

    String lastError() {
        return lastError;
    }

    @Override
    public void close() {
        sampler.close();
    }
}
