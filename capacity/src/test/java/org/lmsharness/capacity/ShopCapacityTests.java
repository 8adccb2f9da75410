package org.lmsharness.capacity;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmsharness.reports.run.CapacityRun;
import org.lmsharness.reports.run.ReplicaSearch;
import org.lmsharness.reports.run.RunFiles;
import org.lmsharness.reports.run.Slo;
import org.lmsharness.reports.run.Step;

/**
 * The whole pipeline against a web app that is not the LMS, through {@code -DbaseUrl} and a user's
 * simulation (the example ShopSimulation): the search must find the server's known capacity, and the
 * run folder must hold the data, the model, the thresholds and the report.
 */
class ShopCapacityTests {

    @Test
    void findsTheCapacityOfAnotherAppThroughItsOwnSimulation(@TempDir Path output) throws Exception {
        // One thread, 4 ms per request: at most ~250 requests/s, ~83 journeys of three requests.
        try (ShopServer shop = new ShopServer(4, 0)) {
            CapacitySettings settings = new CapacitySettings("capacity", "auto", List.of(shop.url()),
                    "org.lmsharness.simulations.example.ShopSimulation", 0, 0, 2, Duration.ofSeconds(9), Duration.ofSeconds(2), Duration.ofSeconds(4),
                    0.1, 20, 10, new Slo(100, 200, 1), 0, 10, 3, output);

            assertThat(CapacityCommand.run(settings)).isZero();

            Path run = output.resolve("latest");
            assertThat(Files.isSymbolicLink(run)).isTrue();
            CapacityRun recorded = RunFiles.readRun(run);
            assertThat(recorded.conditions().backend()).isEqualTo("external");
            assertThat(recorded.searches()).hasSize(1);
            ReplicaSearch search = recorded.searches().get(0);
            assertThat(search.capacity()).as(search.verdict()).isNotNull();
            double requestsPerSecond = search.capacity().requestsPerSecond().median();
            assertThat(requestsPerSecond).as("req/s within the SLO").isBetween(80.0, 260.0);
            assertThat(search.steps()).anySatisfy(step -> assertThat(step.outcome()).isEqualTo(Step.Outcome.FAIL));
            assertThat(search.steps()).allSatisfy(step -> assertThat(step.injectorCpu()).isPositive());
            for (String file : List.of("run.json", "capacity.json", "report.html", "thresholds/scaling.tf")) {
                assertThat(run.resolve(file)).as(file).isRegularFile();
            }
            try (var files = Files.walk(run)) {
                assertThat(files.filter(path -> path.toString().endsWith(".partial"))).isEmpty();
            }
        }
    }
}
