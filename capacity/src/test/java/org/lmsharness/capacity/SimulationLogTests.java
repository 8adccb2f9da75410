package org.lmsharness.capacity;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmsharness.simulations.run.GatlingRun;
import org.lmsharness.simulations.run.SimulationParameters;
import org.lmsharness.simulations.run.SimulationLog;

/**
 * A real Gatling run, in this JVM, against a real server that counts what it answered: the reader of
 * the binary simulation.log must find every request, every failure and its message. Also the guard
 * for a Gatling upgrade that changes the format.
 */
class SimulationLogTests {

    @Test
    void readsEveryRequestAndFailureOfARealRun(@TempDir Path dir) throws Exception {
        try (ShopServer shop = new ShopServer(2, 5)) {
            SimulationLog log = GatlingRun.run("org.lmsharness.simulations.example.ShopSimulation",
                    SimulationParameters.load(20, Duration.ofSeconds(1), Duration.ofSeconds(3), List.of(shop.url())),
                    dir, "simulation.log reader test");

            assertThat(log.gatlingVersion()).isEqualTo("3.15.1");
            assertThat(log.simulationClass()).isEqualTo("org.lmsharness.simulations.example.ShopSimulation");
            // The simulation's one reachability check of the base URL happens before Gatling records anything.
            assertThat(log.requests()).hasSize((int) shop.served() - 1);
            assertThat(log.requests().stream().filter(r -> !r.ok()).count()).isEqualTo(shop.failed()).isPositive();
            assertThat(log.requests().stream().filter(r -> !r.ok()).map(SimulationLog.Request::message))
                    .allSatisfy(message -> assertThat(message).contains("found 500"));
            assertThat(log.requests()).extracting(SimulationLog.Request::name).containsOnly("catalogue", "product", "add to cart");
            assertThat(log.journeyStarts()).hasSize(log.requests().size() / 3);
            assertThat(log.requests()).allSatisfy(r -> assertThat(r.end()).isGreaterThanOrEqualTo(r.start()).isGreaterThanOrEqualTo(log.runStart()));
        }
    }

    /**
     * The trap {@code GatlingProbe.runSampled} avoids: a constant rate held for 3.5 s arrives for 3 s only. A window dated
     * from the asked length ran past the last arrival and held too few requests; the search's windows are whole seconds.
     */
    @Test
    void gatlingHoldsAConstantRateForWholeSecondsOnly(@TempDir Path dir) throws Exception {
        try (ShopServer shop = new ShopServer(0, 5)) {
            SimulationLog fractional = GatlingRun.run("org.lmsharness.simulations.example.ShopSimulation",
                    SimulationParameters.step(10, Duration.ofSeconds(1), Duration.ofMillis(2_500), List.of(shop.url())), dir.resolve("fractional"), "3.5 s");
            SimulationLog whole = GatlingRun.run("org.lmsharness.simulations.example.ShopSimulation",
                    SimulationParameters.step(10, Duration.ofSeconds(1), Duration.ofSeconds(org.lmsharness.common.Durations.wholeSeconds(2_500) / 1000), List.of(shop.url())),
                    dir.resolve("whole"), "4 s");

            assertThat(fractional.journeyStarts()).as("10 journeys/s for 3.5 s").hasSize(30);
            assertThat(whole.journeyStarts()).as("10 journeys/s for 4 s").hasSize(40);
            long first = whole.journeyStarts().get(0);
            assertThat(whole.journeyStarts().get(39) - first).as("the last arrival, ms after the first").isBetween(3_800L, 4_000L);
        }
    }
}
