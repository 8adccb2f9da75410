package org.lmsharness.dashboards;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Prometheus's HTTP API (/api/v1), the parts the harness and its tests read. */
public final class PrometheusApi {

    /** What an instant query returned: the result type and its series (empty when none matched). */
    public record Result(String type, JsonNode series) {
        public int size() {
            return type.equals("vector") || type.equals("matrix") ? series.size() : 1;
        }
    }

    /** Prometheus refused the query (a parse or evaluation error), with its own message. */
    public static final class QueryFailed extends RuntimeException {
        QueryFailed(String message) {
            super(message);
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String url;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public PrometheusApi(String url) {
        this.url = url;
    }

    /** An instant query at {@code time}. */
    public Result query(String promql, Instant time) {
        JsonNode data = get("/api/v1/query?query=" + encode(promql) + "&time=" + seconds(time));
        return new Result(data.get("resultType").asString(), data.get("result"));
    }

    /** A range query from {@code start} to {@code end} every {@code stepSeconds}, as a Grafana panel asks it; the series it returned. */
    public Result queryRange(String promql, Instant start, Instant end, int stepSeconds) {
        JsonNode data = get("/api/v1/query_range?query=" + encode(promql) + "&start=" + seconds(start) + "&end=" + seconds(end) + "&step=" + stepSeconds);
        return new Result(data.get("resultType").asString(), data.get("result"));
    }

    /** Every rule group with each rule's health and last error (/api/v1/rules). */
    public JsonNode rules() {
        return get("/api/v1/rules").get("groups");
    }

    /** The active scrape targets with their health (/api/v1/targets). */
    public JsonNode activeTargets() {
        return get("/api/v1/targets?state=active").get("activeTargets");
    }

    private JsonNode get(String path) {
        JsonNode body = JSON.readTree(send(HttpRequest.newBuilder(URI.create(url + path)).GET()));
        if (!"success".equals(body.path("status").asString())) {
            throw new QueryFailed(body.path("errorType").asString() + ": " + body.path("error").asString());
        }
        return body.get("data");
    }

    private String send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 500) throw new IllegalStateException("prometheus answered " + response.statusCode() + ": " + response.body());
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException("prometheus at " + url + " did not answer: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String seconds(Instant time) {
        return time.getEpochSecond() + "." + String.format("%03d", time.getNano() / 1_000_000);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
