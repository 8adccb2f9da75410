package org.lmsharness.topology;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/** A bounded request loop (count and time), recording each answer with when it was sent. */
public final class Traffic {

    /**
     * One request: when it started (ms since the loop began), its status (0 = no answer, and then
     * {@code error} says why) and which replica answered.
     */
    record Sample(long startedMillis, long tookMillis, int status, String replica, String error) {
        Sample(long startedMillis, long tookMillis, int status, String replica) {
            this(startedMillis, tookMillis, status, replica, "");
        }
    }

    // HTTP/1.1 as the edge speaks it: no h2c upgrade attempt on the first request of a connection.
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();

    private final List<Sample> samples = new CopyOnWriteArrayList<>();
    private final long origin = System.nanoTime();

    long nowMillis() {
        return (System.nanoTime() - origin) / 1_000_000;
    }

    List<Sample> samples() {
        return samples;
    }

    /** Sends requests one after another until {@code maxRequests} or {@code duration}, whichever first. */
    void run(Supplier<HttpRequest> request, int maxRequests, Duration duration, Duration pause) {
        long end = System.nanoTime() + duration.toNanos();
        for (int i = 0; i < maxRequests && System.nanoTime() < end; i++) {
            samples.add(send(request.get()));
            try {
                Thread.sleep(pause.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    Sample send(HttpRequest request) {
        long started = nowMillis();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return new Sample(started, nowMillis() - started, response.statusCode(), response.headers().firstValue("X-Lms-Replica").orElse(""));
        } catch (Exception e) {
            return new Sample(started, nowMillis() - started, 0, "", e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /** CPU seconds (user + system) of a process and all its descendants, from /proc (USER_HZ = 100). */
    public static double treeCpuSeconds(long pid) {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(pid),
                        ProcessHandle.of(pid).stream().flatMap(ProcessHandle::descendants).map(ProcessHandle::pid))
                .mapToDouble(Traffic::cpuSeconds).sum();
    }

    private static double cpuSeconds(long pid) {
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    static HttpRequest get(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build();
    }

    static HttpRequest postJson(String url, String json, String token, String... headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(15))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) builder.header("Authorization", "Bearer " + token);
        for (int i = 0; i + 1 < headers.length; i += 2) builder.header(headers[i], headers[i + 1]);
        return builder.build();
    }
}
