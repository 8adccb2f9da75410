package org.lmsharness.topology;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JVM a replica runs, as the replica says itself: Micrometer's {@code jvm_info} gauge on its
 * Prometheus endpoint. Two patch releases of one JDK measured here 10 % apart in CPU per journey,
 * so a capacity figure names the replicas' JVM, and the container back end checks that its image
 * runs the JVM the local back end runs (the harness's own).
 */
public final class ReplicaJvm {

    private static final Pattern INFO = Pattern.compile("^jvm_info\\{([^}]*)}", Pattern.MULTILINE);
    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"([^\"]*)\"");

    private ReplicaJvm() {}

    /** "runtime version (vendor)" of the replica behind {@code metricsUrl}; empty when it does not say or does not answer. */
    public static Optional<String> of(String metricsUrl) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
        try {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(metricsUrl)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? parse(response.body()) : Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** The JVM of a local replica: the harness's own, in the words of {@code jvm_info}. */
    public static String harness() {
        return describe(System.getProperty("java.runtime.name"), System.getProperty("java.runtime.version"), System.getProperty("java.vm.vendor"));
    }

    static Optional<String> parse(String exposition) {
        Matcher info = INFO.matcher(exposition);
        if (!info.find()) return Optional.empty();
        Map<String, String> labels = new HashMap<>();
        Matcher label = LABEL.matcher(info.group(1));
        while (label.find()) labels.put(label.group(1), label.group(2));
        if (!labels.containsKey("version")) return Optional.empty();
        return Optional.of(describe(labels.get("runtime"), labels.get("version"), labels.get("vendor")));
    }

    private static String describe(String runtime, String version, String vendor) {
        return (runtime == null ? "" : runtime + " ") + version + (vendor == null ? "" : " (" + vendor + ")");
    }
}
