package org.lmsharness.reports.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lmsharness.reports.SampleRuns;
import org.lmsharness.reports.run.CapacityRun;
import org.lmsharness.reports.run.Drift;
import org.lmsharness.reports.run.ReplicaSearch;
import org.lmsharness.reports.run.RunFiles;

class ForkedCapacityTests {

    /** The sample run with one replica searched on three JVMs whose capacities are 57, 60 and 63 req/s. */
    private static CapacityRun threeForks() {
        CapacityRun sample = SampleRuns.threeCounts(60, 112, 150);
        List<ReplicaSearch> searches = new ArrayList<>();
        searches.add(sample.searches().get(0).asFork(1, "replica-1"));
        searches.add(SampleRuns.threeCounts(57).searches().get(0).asFork(2, "replica-2"));
        searches.add(SampleRuns.threeCounts(63).searches().get(0).asFork(3, "replica-3"));
        searches.addAll(sample.searches().subList(1, 3));
        return new CapacityRun(sample.conditions(), sample.slo(), searches, sample.readySeconds(), sample.wallSeconds(), sample.warnings());
    }

    @Test
    void oneReplicasCapacityIsTheMedianOfItsForksWithAnIntervalFromTheLowestPassToTheHighestFailure() {
        CapacityModel model = CapacityModel.of(threeForks());
        ForkedCapacity forked = model.forked();
        assertThat(forked.forks()).extracting(ForkedCapacity.Fork::replica).containsExactly("replica-1", "replica-2", "replica-3");
        double[] medians = forked.forks().stream().mapToDouble(fork -> fork.requestsPerSecond().median()).sorted().toArray();
        assertThat(model.perReplicaCapacity()).isEqualTo(forked.medianRequestsPerSecond()).isEqualTo(medians[1]);
        assertThat(forked.betweenForkPercent()).isCloseTo(100 * (medians[2] - medians[0]) / medians[1], within(1e-9)).isBetween(5.0, 15.0);
        // The interval: every fork's repeats lie inside it, and so does every fork's failing rate's req/s.
        assertThat(forked.lowRequestsPerSecond()).isLessThanOrEqualTo(medians[0]);
        assertThat(forked.highRequestsPerSecond()).isGreaterThan(medians[2]);
        assertThat(forked.forks()).allSatisfy(fork -> assertThat(fork.failingRequestsPerSecond())
                .isBetween(forked.lowRequestsPerSecond(), forked.highRequestsPerSecond()));
        assertThat(forked.reliable()).isTrue();
        // The one-replica point of the scale-out is the forks' median, once.
        assertThat(model.scaleOutPoints()).filteredOn(point -> point.n() == 1).singleElement()
                .satisfies(point -> assertThat(point.x()).isEqualTo(medians[1]));
        assertThat(model.production().coLocated()).extracting(ProductionModel.CoLocated::replicas).containsExactly(1, 2, 3);
    }

    /** A fork whose replica got 14 % cheaper per request between its first step at a rate and the recheck of that rate. */
    @Test
    void theIntervalWidensByEachForksDriftInCostPerRequest() {
        CapacityRun steady = threeForks();
        ForkedCapacity before = CapacityModel.of(steady).forked();
        List<ReplicaSearch> searches = new ArrayList<>(steady.searches());
        ReplicaSearch lowest = searches.get(1);
        Drift drift = new Drift(1, lowest.steps().size(), 4, 11.0, 9.46, 40, 40, Drift.DEMAND, -14.0, true);
        searches.set(1, new ReplicaSearch(lowest.replicas(), lowest.steps(), lowest.capacity(), lowest.verdict(), drift).asFork(2, "replica-2"));
        ForkedCapacity drifted = CapacityModel.of(new CapacityRun(steady.conditions(), steady.slo(), searches, steady.readySeconds(),
                steady.wallSeconds(), steady.warnings())).forked();

        ForkedCapacity.Fork fork = drifted.forks().get(1);
        assertThat(fork.demandChangePercent()).isEqualTo(-14.0);
        assertThat(drifted.lowRequestsPerSecond()).as("the lowest repeat of the fork that drifted, ÷ 1.14")
                .isCloseTo(fork.requestsPerSecond().min() / 1.14, within(1e-9)).isLessThan(before.lowRequestsPerSecond());
        assertThat(drifted.highRequestsPerSecond()).as("its failing rate × 1.14, or another fork's")
                .isCloseTo(Math.max(before.highRequestsPerSecond(), fork.failingRequestsPerSecond() * 1.14), within(1e-9));
        assertThat(drifted.medianRequestsPerSecond()).as("the median is what was measured").isEqualTo(before.medianRequestsPerSecond());
        assertThat(drifted.reliable()).isFalse();
        // A latency drift (a deployment that is not ours) says nothing in proportion to capacity: no widening.
        Drift latency = new Drift(1, lowest.steps().size(), 4, null, null, 40, 46, Drift.LATENCY, 15.0, true);
        searches.set(1, new ReplicaSearch(lowest.replicas(), lowest.steps(), lowest.capacity(), lowest.verdict(), latency).asFork(2, "replica-2"));
        assertThat(CapacityModel.of(new CapacityRun(steady.conditions(), steady.slo(), searches, steady.readySeconds(), steady.wallSeconds(),
                steady.warnings())).forked().lowRequestsPerSecond()).isEqualTo(before.lowRequestsPerSecond());
    }

    @Test
    void aRunRecordedBeforeForksIsOneFork() {
        CapacityRun old = RunFiles.readRun(Path.of("src/test/resources/runs/containers-6875777"));
        ForkedCapacity forked = CapacityModel.of(old).forked();
        assertThat(forked.forks()).singleElement().satisfies(fork -> {
            assertThat(fork.fork()).isEqualTo(1);
            assertThat(fork.replica()).isNull();
        });
        assertThat(forked.betweenForkPercent()).isZero();
        assertThat(forked.medianRequestsPerSecond()).isCloseTo(41.7, within(0.1));
        assertThat(forked.lowRequestsPerSecond()).isCloseTo(39.4, within(0.1));
        assertThat(forked.highRequestsPerSecond()).as("9.06 journeys/s failed, at 4.92 requests per journey").isCloseTo(44.6, within(0.2));
    }
}
