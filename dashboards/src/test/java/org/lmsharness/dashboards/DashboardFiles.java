package org.lmsharness.dashboards;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** The module's files as a user gets them, and every PromQL expression in them, for the tests. */
final class DashboardFiles {

    /** This module's folder: the working directory of its own tests; another module's tests name it (chaos's MultiAzChaosIT). */
    static final Path MODULE = Path.of(System.getProperty("lms.dashboards.dir", System.getProperty("user.dir")));
    static final Path DASHBOARDS = MODULE.resolve("grafana/dashboards");
    static final Path PROVISIONING = MODULE.resolve("grafana/provisioning");
    static final Path PROMETHEUS = MODULE.resolve("prometheus");
    static final Path RULES = PROMETHEUS.resolve("rules");

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final YAMLMapper YAML = YAMLMapper.builder().build();

    /** One PromQL expression and where it is (dashboard and panel, or rule file and rule). */
    record Expression(String where, String promql, boolean alert) {}

    private DashboardFiles() {}

    static List<Path> dashboards() {
        return list(DASHBOARDS, ".json");
    }

    static List<Path> ruleFiles() {
        return list(RULES, ".yml");
    }

    static JsonNode read(Path file) {
        return file.toString().endsWith(".json") ? JSON.readTree(file.toFile()) : YAML.readTree(file.toFile());
    }

    /** Panels, rows' nested panels included. */
    static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> panels = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            panels.add(panel);
            for (JsonNode nested : panel.path("panels")) panels.add(nested);
        }
        return panels;
    }

    /** Every target of every panel and every annotation query, with Grafana's variables still in. */
    static List<Expression> dashboardExpressions(Path file) {
        JsonNode dashboard = read(file);
        String name = file.getFileName().toString();
        List<Expression> expressions = new ArrayList<>();
        for (JsonNode panel : panels(dashboard)) {
            for (JsonNode target : panel.path("targets")) {
                expressions.add(new Expression(name + " / " + panel.path("title").asString() + " / " + target.path("refId").asString(),
                        target.path("expr").asString(), false));
            }
        }
        for (JsonNode annotation : dashboard.path("annotations").path("list")) {
            if (annotation.has("expr")) {
                expressions.add(new Expression(name + " / annotation " + annotation.path("name").asString(), annotation.path("expr").asString(), false));
            }
        }
        return expressions;
    }

    /** Every rule's expression in the given rule files. */
    static List<Expression> ruleExpressions(List<Path> files) {
        List<Expression> expressions = new ArrayList<>();
        for (Path file : files) {
            for (JsonNode group : read(file).path("groups")) {
                for (JsonNode rule : group.path("rules")) {
                    boolean alert = rule.has("alert");
                    String name = alert ? rule.path("alert").asString() : rule.path("record").asString();
                    expressions.add(new Expression(file.getFileName() + " / " + name, rule.path("expr").asString(), alert));
                }
            }
        }
        return expressions;
    }

    private static List<Path> list(Path folder, String suffix) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
