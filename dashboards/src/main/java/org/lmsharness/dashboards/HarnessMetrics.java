package org.lmsharness.dashboards;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.lmsharness.topology.monitoring.ScrapeTargets;

/**
 * The harness's own metrics, for the "Capacity run" and "Chaos" dashboards: what it offers and
 * when, which it alone knows. Served on a loopback port and announced to Prometheus in the
 * deployment's scrape targets ({@code harness.json}).
 *
 * <pre>
 *   lms_harness_step                   number of the capacity step, or chaos experiment, running (changes mark boundaries)
 *   lms_harness_offered_journeys_per_second   the arrival rate offered now
 *   lms_harness_replicas               replicas behind the edge in this step
 *   lms_harness_fault_active{experiment}      1 while an experiment's fault is on
 *   process_cpu_time_ns_total, jvm_*   the harness JVM, which is also the load generator
 * </pre>
 *
 * Every series carries {@code run} (capacity or chaos) and {@code application="lms-harness"}.
 */
public final class HarnessMetrics implements AutoCloseable {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AtomicInteger step = new AtomicInteger();
    private final AtomicReference<Double> offered = new AtomicReference<>(0.0);
    private final AtomicInteger replicas = new AtomicInteger();
    private final Map<String, AtomicInteger> faults = new ConcurrentHashMap<>();
    private final HttpServer server;
    private final ScrapeTargets targets;

    private HarnessMetrics(String run, ScrapeTargets targets) throws IOException {
        this.targets = targets;
        registry.config().commonTags("application", "lms-harness", "run", run);
        new ProcessorMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        Gauge.builder("lms.harness.step", step, AtomicInteger::get).description("Capacity step running now").register(registry);
        Gauge.builder("lms.harness.offered.journeys.per.second", offered, AtomicReference::get)
                .description("Arrival rate the load generator offers now").register(registry);
        Gauge.builder("lms.harness.replicas", replicas, AtomicInteger::get).description("Replicas behind the edge in this step").register(registry);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/metrics", exchange -> {
            byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        targets.write("harness", List.of(new ScrapeTargets.Target(url(), Map.of("run", run))));
    }

    /** Starts the exporter and adds it to the scrape targets in {@code scrapeTargets}. */
    public static HarnessMetrics start(String run, Path scrapeTargets) {
        try {
            return new HarnessMetrics(run, new ScrapeTargets(scrapeTargets));
        } catch (IOException e) {
            throw new UncheckedIOException("could not serve the harness's metrics: " + e.getMessage(), e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/metrics";
    }

    /** A capacity step begins: its number, the replicas it measures and the rate it offers. */
    public void step(int number, int replicaCount, double journeysPerSecond) {
        step.set(number);
        replicas.set(replicaCount);
        offered.set(journeysPerSecond);
    }

    /** No load is offered (between steps, after a run). */
    public void idle() {
        offered.set(0.0);
    }

    /** An experiment's fault goes on (true) or off (false). */
    public void fault(String experiment, boolean active) {
        faults.computeIfAbsent(experiment, name -> {
            AtomicInteger value = new AtomicInteger();
            Gauge.builder("lms.harness.fault.active", value, AtomicInteger::get).tags(Tags.of("experiment", name))
                    .description("1 while the experiment's fault is injected").register(registry);
            return value;
        }).set(active ? 1 : 0);
    }

    @Override
    public void close() {
        targets.write("harness", List.of());
        server.stop(0);
        registry.close();
    }
}
