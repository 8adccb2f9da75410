package org.lmsharness.topology.monitoring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * The deployment's scrape targets for Prometheus's file-based service discovery: one JSON file per
 * job in a folder, rewritten (atomically, by rename) whenever a replica comes or goes, which
 * Prometheus picks up without a reload.
 *
 * <pre>
 *   lms.json       every replica's /actuator/prometheus, labels replica and zone
 *   haproxy.json   every edge's exporter, labels edge and zone
 * </pre>
 *
 * Each target carries {@code __scheme__} and {@code __metrics_path__} from its URL, so a scrape
 * job needs no path of its own (dashboards/prometheus/prometheus.yml).
 */
public final class ScrapeTargets {

    /** A scrape target: its metrics URL and the labels it is known by. */
    public record Target(String metricsUrl, Map<String, String> labels) {}

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Path folder;

    public ScrapeTargets(Path folder) {
        this.folder = folder;
    }

    public Path folder() {
        return folder;
    }

    /** Writes {@code <job>.json}, replacing what was there. */
    public void write(String job, List<Target> targets) {
        List<Map<String, Object>> groups = targets.stream().map(ScrapeTargets::group).toList();
        try {
            Files.createDirectories(folder);
            Path file = folder.resolve(job + ".json");
            Path partial = folder.resolve("." + job + ".json.partial");
            JSON.writerWithDefaultPrettyPrinter().writeValue(partial.toFile(), groups);
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write scrape targets to " + folder + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, Object> group(Target target) {
        URI url = URI.create(target.metricsUrl());
        Map<String, String> labels = new LinkedHashMap<>(target.labels());
        labels.put("__scheme__", url.getScheme());
        labels.put("__metrics_path__", url.getRawPath().isEmpty() ? "/metrics" : url.getRawPath());
        return Map.of("targets", List.of(url.getRawAuthority()), "labels", labels);
    }
}
