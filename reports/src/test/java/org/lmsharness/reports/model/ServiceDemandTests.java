package org.lmsharness.reports.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lmsharness.reports.SampleRuns;
import org.lmsharness.reports.run.CapacityRun;
import org.lmsharness.reports.run.RunFiles;

class ServiceDemandTests {

    /** A real run: the capacity preset on containers, 1 to 3 replicas of 0.5 core on this two-core host (commit 6875777). */
    private static CapacityRun recorded() {
        return RunFiles.readRun(Path.of("src/test/resources/runs/containers-6875777"));
    }

    @Test
    void theFitRecoversEachPartsDemandAndIdleCost() {
        List<ServiceDemand> demands = ServiceDemand.of(SampleRuns.threeCounts(), new ArrayList<>());
        assertThat(demands).extracting(ServiceDemand::component)
                .containsExactly(ServiceDemand.REPLICA, ServiceDemand.DATABASE, ServiceDemand.EDGE, ServiceDemand.LOAD_GENERATOR);
        ServiceDemand replica = demands.get(0);
        assertThat(replica.coreMillisPerRequest()).isCloseTo(1000 * SampleRuns.REPLICA_CORES_PER_REQUEST, withinPercentage(1));
        assertThat(replica.idleCores()).isCloseTo(SampleRuns.REPLICA_IDLE_CORES, within(0.002));
        assertThat(replica.coreMillisPerJourney()).isCloseTo(replica.coreMillisPerRequest() * SampleRuns.REQUESTS_PER_JOURNEY, withinPercentage(1));
        assertThat(replica.rSquared()).isGreaterThan(0.99);
        ServiceDemand database = demands.get(1);
        assertThat(database.coreMillisPerRequest()).isCloseTo(1000 * SampleRuns.DATABASE_CORES_PER_REQUEST, withinPercentage(1));
        assertThat(database.boundAt(2)).isCloseTo((2 - SampleRuns.DATABASE_IDLE_CORES) / SampleRuns.DATABASE_CORES_PER_REQUEST, withinPercentage(1));
    }

    @Test
    void onARealRunTheCapacityWithinTheSloSitsJustBelowWhatTheQuotaAllows() {
        CapacityModel model = CapacityModel.of(recorded());
        ProductionModel production = model.production();
        ServiceDemand replica = model.demands().get(0);
        assertThat(replica.component()).isEqualTo(ServiceDemand.REPLICA);
        assertThat(replica.coreMillisPerRequest()).as("ms of CPU per request, as the steps show (0.45 core at 42 req/s)").isBetween(7.0, 14.0);
        // The bottleneck law: no more than (quota − U₀) / D; the SLO is broken a little before the quota is used up.
        assertThat(production.replicaBoundRequestsPerSecond()).isGreaterThan(model.perReplicaCapacity());
        assertThat(model.perReplicaCapacity() / production.replicaBoundRequestsPerSecond()).isGreaterThan(0.75);
        assertThat(production.utilisationAtCapacity()).isBetween(0.75, 1.0);
        // The database spends under a millisecond per request: on two cores it takes dozens of replicas.
        assertThat(production.databaseBoundReplicas()).isGreaterThan(20);
        // Three replicas sharing two cores with the database, the edge and the load generator carry less than three alone.
        assertThat(production.coLocated()).hasSize(3);
        assertThat(production.coLocated().get(0).interference()).isEqualTo(1.0);
        assertThat(production.coLocated().get(2).interference()).isLessThan(0.98);
        assertThat(production.requestsPerSecondAt(3)).isEqualTo(3 * model.perReplicaCapacity());
    }

    @Test
    void withTooFewPassingStepsThereIsNoFitAndTheNotesSaySo() {
        CapacityRun run = recorded();
        var one = run.searches().get(0);
        var shortened = new org.lmsharness.reports.run.ReplicaSearch(1, one.steps().subList(0, 2), one.capacity(), one.verdict());
        List<String> notes = new ArrayList<>();
        CapacityRun cut = new CapacityRun(run.conditions(), run.slo(), List.of(shortened), run.readySeconds(), run.wallSeconds(), run.warnings());
        assertThat(ServiceDemand.of(cut, notes)).isEmpty();
        assertThat(notes).singleElement().asString().contains("too few for a fit");
        assertThat(CapacityModel.of(cut).production().databaseBoundRequestsPerSecond()).as("no demand, no bound invented").isNull();
    }
}
