package org.lmsharness.topology.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The file-based service discovery files, in the shape Prometheus's file_sd reads. */
class ScrapeTargetsTests {

    @Test
    void eachTargetCarriesItsLabelsSchemeAndPath(@TempDir Path dir) {
        ScrapeTargets targets = new ScrapeTargets(dir.resolve("scrape-targets"));
        targets.write("lms", List.of(
                new ScrapeTargets.Target("http://127.0.0.1:8081/actuator/prometheus", Map.of("replica", "replica-1", "zone", "zone-a")),
                new ScrapeTargets.Target("http://172.18.0.7:8080/actuator/prometheus", Map.of("replica", "replica-2", "zone", "zone-b"))));

        JsonNode groups = JsonMapper.builder().build().readTree(dir.resolve("scrape-targets/lms.json").toFile());

        assertThat(groups).hasSize(2);
        assertThat(groups.get(1).path("targets").get(0).asString()).isEqualTo("172.18.0.7:8080");
        JsonNode labels = groups.get(1).path("labels");
        assertThat(labels.path("replica").asString()).isEqualTo("replica-2");
        assertThat(labels.path("zone").asString()).isEqualTo("zone-b");
        assertThat(labels.path("__scheme__").asString()).isEqualTo("http");
        assertThat(labels.path("__metrics_path__").asString()).isEqualTo("/actuator/prometheus");
    }

    /** Prometheus re-reads the file when it changes: it must never see half of it. */
    @Test
    void aRewriteReplacesTheFileWholeAndLeavesNoPartial(@TempDir Path dir) throws IOException {
        ScrapeTargets targets = new ScrapeTargets(dir);
        targets.write("haproxy", List.of(new ScrapeTargets.Target("http://127.0.0.1:9101/metrics", Map.of("edge", "edge-1"))));
        targets.write("haproxy", List.of());

        assertThat(Files.readString(dir.resolve("haproxy.json")).strip()).isEqualTo("[ ]");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("haproxy.json");
        }
    }
}
