package org.lmsharness.autoscale.loop;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Requests the edge sent to each replica, read from HAProxy's Prometheus endpoint (the counter the edge dashboard reads,
 * {@code haproxy_server_http_responses_total}, summed over codes and over both back ends) once a second: what an ALB's
 * RequestCountPerTarget counts. Samples are kept for the whole scenario; windows are read between two of them.
 */
final class EdgeRequests implements AutoCloseable {

    private static final Pattern RESPONSES = Pattern.compile("^haproxy_server_http_responses_total\\{([^}]*)\\}\\s+([0-9.eE+]+)");
    private static final Pattern SERVER = Pattern.compile("server=\"([^\"]+)\"");

    /** A sample: when, and each server's responses so far. */
    record Sample(long at, Map<String, Double> responses) {}

    private final String url;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<Sample> samples = new ArrayList<>();
    private final Thread sampler;
    private volatile boolean running = true;
    private volatile String lastError;

    EdgeRequests(String metricsUrl) {
        this.url = metricsUrl;
        sample();
        sampler = new Thread(() -> {
            while (running) {
                try {
                    Thread.sleep(1_000);
                } catch (InterruptedException e) {
                    return;
                }
                sample();
            }
        }, "edge-requests");
        sampler.setDaemon(true);
        sampler.start();
    }

    private void sample() {
        try {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.ofString());
            Sample sample = new Sample(System.currentTimeMillis(), parse(response.body()));
            synchronized (samples) {
                samples.add(sample);
            }
        } catch (IOException e) {
            lastError = e.getMessage(); // a missed second: the windows read around it
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Each server's responses, summed over codes and back ends. */
    static Map<String, Double> parse(String text) {
        Map<String, Double> responses = new HashMap<>();
        for (String line : text.split("\n")) {
            Matcher m = RESPONSES.matcher(line);
            if (!m.find()) continue;
            Matcher server = SERVER.matcher(m.group(1));
            if (!server.find()) continue;
            responses.merge(server.group(1), Double.parseDouble(m.group(2)), Double::sum);
        }
        return responses;
    }

    /**
     * Requests per minute per server over [from, to), averaged over {@code servers} (a server absent from a sample counts 0 then:
     * it was not yet added, or already removed); NaN without two samples around the window.
     */
    double perTargetPerMinute(long from, long to, Collection<String> servers) {
        if (servers.isEmpty()) return Double.NaN;
        Sample first;
        Sample last;
        synchronized (samples) {
            first = latestAtOrBefore(from);
            last = latestAtOrBefore(to);
        }
        if (first == null || last == null || last.at() <= first.at()) return Double.NaN;
        double sum = 0;
        for (String server : servers) sum += last.responses().getOrDefault(server, 0.0) - first.responses().getOrDefault(server, 0.0);
        return sum / servers.size() * 60_000.0 / (last.at() - first.at());
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
        running = false;
        sampler.interrupt();
    }
}
