package org.lmsharness.topology.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.lmsharness.topology.BootOptions;
import org.lmsharness.topology.Deployment;
import org.lmsharness.topology.MultiAzChecks;
import org.lmsharness.topology.ReplicaBoot;
import org.lmsharness.topology.preset.Presets;

/**
 * The multi-az preset put through what a zone-redundant deployment must survive, as local processes
 * (needs haproxy and, for the quota step, root). One deployment for the class (~50 s to boot on two
 * cores); the steps run in order because each leaves the deployment as the next expects. On
 * containers, MultiAzChaosIT runs the same checks between its experiments, on its own boot.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalMultiAzIT {

    private static final String BACK_END = "local processes";

    private Deployment deployment;
    private MultiAzChecks checks;

    @BeforeAll
    void start() throws Exception {
        long started = System.nanoTime();
        deployment = LocalDeployment.start(Presets.load("multi-az"), ReplicaBoot.QUOTA_LIFTED_UNTIL_READY, BootOptions.DEFAULTS);
        System.out.printf("multi-az (%s) booted in %.1f s: %s%n", BACK_END, (System.nanoTime() - started) / 1e9, deployment.bootBreakdown());
        checks = new MultiAzChecks(deployment, BACK_END);
    }

    @AfterAll
    void tearDown() {
        if (deployment == null) return;
        deployment.close();
        assertThat(deployment.leftovers()).as("what the deployment left on the machine").isEmpty();
    }

    @Test
    @Order(1)
    void everyReplicaServesThroughTheEdge() {
        checks.everyReplicaServesThroughTheEdge();
    }

    @Test
    @Order(1)
    void aLatencyToxicOnOneReplicasDatabaseLinkSlowsThatReplicaAlone() throws Exception {
        checks.aLatencyToxicOnOneReplicasDatabaseLinkSlowsThatReplicaAlone();
    }

    @Test
    @Order(2)
    void theEdgeCostsFarLessCpuPerRequestThanTheReplicas() throws Exception {
        checks.theEdgeCostsFarLessCpuPerRequestThanTheReplicas();
    }

    @Test
    @Order(3)
    void replicasRunUnderTheirCpuQuota() throws Exception {
        checks.replicasRunUnderTheirCpuQuota();
    }

    @Test
    @Order(1)
    void everyReplicaRunsTheHarnessJvm() {
        checks.everyReplicaRunsTheHarnessJvm();
    }

    @Test
    @Order(4)
    void aReplicaAddedLiveReceivesTraffic() {
        assertThat(checks.aReplicaAddedLiveReceivesTraffic("zone-a").id()).isEqualTo("replica-4");
    }

    @Test
    @Order(5)
    void aDrainedReplicaFinishesItsInFlightRequestsAndGetsNoNewOnes() throws Exception {
        checks.aDrainedReplicaFinishesItsInFlightRequestsAndGetsNoNewOnes();
    }

    @Test
    @Order(6)
    void theEdgeStopsRoutingToAKilledAndAFrozenReplicaWithinTwoSeconds() throws Exception {
        checks.theEdgeStopsRoutingToAKilledAndAFrozenReplicaWithinTwoSeconds();
    }

    @Test
    @Order(7)
    void aRemovedReplicaLeavesTheEdgeWithoutFailingRequests() throws Exception {
        checks.awaitUpOnEveryEdge("replica-3", Duration.ofSeconds(10)); // resumed in the step before
        checks.aRemovedReplicaLeavesTheEdgeWithoutFailingRequests("replica-4");
    }

    @Test
    @Order(8)
    void synchronousReplicationCostIsMeasured() throws Exception {
        checks.synchronousReplicationCostIsMeasured();
    }

    @Test
    @Order(9)
    void aFrozenSynchronousStandbyHoldsWritesUpOnlyUntilItIsDropped() throws Exception {
        checks.aFrozenSynchronousStandbyHoldsWritesUpOnlyUntilItIsDropped();
    }

    @Test
    @Order(10)
    void writesResumeOnThePromotedStandbyAndNoAcknowledgedWriteIsLost() throws Exception {
        checks.writesResumeOnThePromotedStandbyAndNoAcknowledgedWriteIsLost();
    }

    @Test
    @Order(11)
    void aRestoredStandbyMakesTheNextLossOfThePrimaryAFailoverToo() throws Exception {
        checks.aRestoredStandbyMakesTheNextLossOfThePrimaryAFailoverToo();
    }

    @Test
    @Order(12)
    void theDatabaseIsRestoredToAPointInTimeAndToTheLatest() throws Exception {
        checks.theDatabaseIsRestoredToAPointInTimeAndToTheLatest();
    }
}
