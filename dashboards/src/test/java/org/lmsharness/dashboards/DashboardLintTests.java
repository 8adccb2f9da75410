package org.lmsharness.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The dashboards follow the rules that make them work in any Grafana on any Prometheus: the data
 * source is a variable, every query is filtered by the dashboard's variables, rates use
 * {@code $__rate_interval}, panel ids are unique, no instance is written in.
 */
class DashboardLintTests {

    private static final Pattern RANGE_FUNCTION = Pattern.compile("\\b(rate|irate|increase)\\((?:[^()]|\\([^()]*\\))*?\\[([^\\]]+)]\\)");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{?(\\w+)");
    private static final Set<String> BUILT_IN = Set.of("__rate_interval", "__interval", "__range", "__interval_ms", "__range_s");

    static List<Path> dashboards() {
        return DashboardFiles.dashboards();
    }

    @Test
    void thereAreTheFourDashboards() {
        assertThat(dashboards().stream().map(p -> p.getFileName().toString()))
                .containsExactlyInAnyOrder("lms-service.json", "lms-edge.json", "lms-capacity-run.json", "lms-chaos.json");
    }

    @Test
    void uidsAreUnique() {
        Set<String> uids = new HashSet<>();
        for (Path file : dashboards()) assertThat(uids.add(DashboardFiles.read(file).path("uid").asString())).as("uid of %s", file).isTrue();
    }

    @ParameterizedTest
    @MethodSource("dashboards")
    void dataSourceIsATemplateVariable(Path file) {
        JsonNode dashboard = DashboardFiles.read(file);
        JsonNode datasource = variable(dashboard, "datasource");
        assertThat(datasource).as("a 'datasource' variable").isNotNull();
        assertThat(datasource.path("type").asString()).isEqualTo("datasource");
        assertThat(datasource.path("query").asString()).isEqualTo("prometheus");
        for (JsonNode panel : DashboardFiles.panels(dashboard)) {
            if (panel.path("type").asString().equals("row")) continue;
            assertThat(panel.path("datasource").path("uid").asString()).as("%s: panel '%s'", file.getFileName(), panel.path("title").asString())
                    .isEqualTo("${datasource}");
            for (JsonNode target : panel.path("targets")) assertThat(target.path("datasource").path("uid").asString()).isEqualTo("${datasource}");
        }
        for (JsonNode v : dashboard.path("templating").path("list")) {
            if (v.path("type").asString().equals("query")) assertThat(v.path("datasource").path("uid").asString()).isEqualTo("${datasource}");
        }
        for (JsonNode annotation : dashboard.path("annotations").path("list")) {
            if (annotation.has("expr")) assertThat(annotation.path("datasource").path("uid").asString()).isEqualTo("${datasource}");
        }
    }

    @ParameterizedTest
    @MethodSource("dashboards")
    void panelIdsAreUniqueAndEveryPanelHasATitleAndADescription(Path file) {
        Set<Integer> ids = new HashSet<>();
        for (JsonNode panel : DashboardFiles.panels(DashboardFiles.read(file))) {
            assertThat(ids.add(panel.path("id").asInt())).as("%s: panel id %d twice", file.getFileName(), panel.path("id").asInt()).isTrue();
            assertThat(panel.path("title").asString()).isNotBlank();
            if (!panel.path("type").asString().equals("row")) assertThat(panel.path("description").asString()).as("description of '%s'", panel.path("title").asString()).isNotBlank();
        }
    }

    /** An application variable, as the well-known Micrometer JVM dashboards have, and every query uses the dashboard's variables. */
    @ParameterizedTest
    @MethodSource("dashboards")
    void everyQueryUsesTheTemplateVariables(Path file) {
        JsonNode dashboard = DashboardFiles.read(file);
        assertThat(variable(dashboard, "application")).as("an 'application' variable").isNotNull();
        Set<String> declared = new HashSet<>();
        for (JsonNode v : dashboard.path("templating").path("list")) declared.add(v.path("name").asString());
        for (DashboardFiles.Expression e : DashboardFiles.dashboardExpressions(file)) {
            List<String> used = variables(e.promql());
            assertThat(used).as("%s uses a variable of the dashboard: %s", e.where(), e.promql()).anyMatch(declared::contains);
            assertThat(used).as("%s uses only declared variables", e.where()).allMatch(v -> declared.contains(v) || BUILT_IN.contains(v));
        }
    }

    @ParameterizedTest
    @MethodSource("dashboards")
    void ratesUseTheRateInterval(Path file) {
        for (DashboardFiles.Expression e : DashboardFiles.dashboardExpressions(file)) {
            Matcher m = RANGE_FUNCTION.matcher(e.promql());
            while (m.find()) assertThat(m.group(2)).as("%s: %s", e.where(), m.group()).isEqualTo("$__rate_interval");
        }
    }

    /** A multi-value variable must be matched with =~ (its "All" is .*); no instance or address is written in. */
    @ParameterizedTest
    @MethodSource("dashboards")
    void noHardCodedInstanceAndMultiValueVariablesMatchAsRegex(Path file) {
        JsonNode dashboard = DashboardFiles.read(file);
        for (DashboardFiles.Expression e : DashboardFiles.dashboardExpressions(file)) {
            assertThat(e.promql()).as(e.where()).doesNotContainPattern("\\binstance\\s*=").doesNotContainPattern("\\d+\\.\\d+\\.\\d+\\.\\d+").doesNotContain("localhost");
            for (JsonNode v : dashboard.path("templating").path("list")) {
                if (v.path("multi").asBoolean()) {
                    assertThat(e.promql()).as("%s: $%s with =~", e.where(), v.path("name").asString())
                            .doesNotContainPattern("[^~]=\\s*\"\\$" + v.path("name").asString() + "\"");
                }
            }
        }
    }

    @Test
    void provisioningFilesPointAtTheDashboardsAndAPrometheus() {
        JsonNode datasources = DashboardFiles.read(DashboardFiles.PROVISIONING.resolve("datasources/prometheus.yaml"));
        assertThat(datasources.path("apiVersion").asInt()).isEqualTo(1);
        assertThat(datasources.path("datasources").get(0).path("type").asString()).isEqualTo("prometheus");
        JsonNode providers = DashboardFiles.read(DashboardFiles.PROVISIONING.resolve("dashboards/lms.yaml"));
        assertThat(providers.path("providers").get(0).path("type").asString()).isEqualTo("file");
        assertThat(providers.path("providers").get(0).path("options").path("path").asString()).isNotBlank();
    }

    private static JsonNode variable(JsonNode dashboard, String name) {
        for (JsonNode v : dashboard.path("templating").path("list")) if (v.path("name").asString().equals(name)) return v;
        return null;
    }

    private static List<String> variables(String promql) {
        List<String> names = new ArrayList<>();
        Matcher m = VARIABLE.matcher(promql);
        while (m.find()) names.add(m.group(1));
        return names;
    }
}
