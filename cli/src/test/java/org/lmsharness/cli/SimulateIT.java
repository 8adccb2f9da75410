package org.lmsharness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmsharness.simulations.run.SimulationLog;

/**
 * {@code lms-harness simulate}'s smoke run, as a user runs it before anything heavier: a single-box
 * booted on local processes, every journey of the LMS simulation once, the simulation's assertion
 * (no request failed) judged by Gatling, the deployment torn down.
 */
class SimulateIT {

    @Test
    void smokeRunsEveryJourneyOnceOnASingleBoxItBootsAndTearsDown(@TempDir Path output) throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream console = System.out;
        int status;
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            status = LmsHarness.execute("simulate", "--preset", "single-box", "--backend", "local", "--output", output.toString());
        } finally {
            System.setOut(console);
        }
        String out = printed.toString(StandardCharsets.UTF_8);
        System.out.print(out);
        assertThat(status).as("exit status; printed:%n%s", out).isZero();
        assertThat(out).contains("simulate: single-box up in").contains("the simulation's assertions held (no request may fail)");

        Path log;
        try (Stream<Path> files = Files.walk(output)) {
            log = files.filter(file -> file.getFileName().toString().equals("simulation.log")).findFirst().orElseThrow();
        }
        SimulationLog recorded = SimulationLog.read(log);
        assertThat(recorded.journeyStarts()).as("one journey of each kind").hasSize(org.lmsharness.simulations.LmsWorkload.JOURNEYS.size());
        List<String> requests = recorded.requests().stream().map(SimulationLog.Request::name).distinct().toList();
        assertThat(requests).contains("catalog page", "log in", "checkout", "create course");
        assertThat(recorded.requests()).as("the double click: two checkouts at once").filteredOn(request -> request.name().equals("checkout (double click)"))
                .hasSize(2);
        assertThat(recorded.requests()).allSatisfy(request -> assertThat(request.ok()).as(request.name() + ": " + request.message()).isTrue());
    }
}
