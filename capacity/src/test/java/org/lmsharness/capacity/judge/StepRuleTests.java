package org.lmsharness.capacity.judge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.lmsharness.capacity.measure.CpuSampler;
import org.lmsharness.capacity.measure.StepWindow;
import org.lmsharness.reports.run.Latency;
import org.lmsharness.reports.run.Slo;
import org.lmsharness.reports.run.Step.Outcome;

/** Each rule on a step made for it; the first that applies decides, and a step none applies to passes. */
class StepRuleTests {

    private static final Slo SLO = new Slo(500, 1000, 1);
    private static final Latency FAST = new Latency(50, 120, 200, 300, 60);

    /** 10 journeys/s asked, 10 s measured, 500 requests; replicas at their 0.5-core quota; host half busy. */
    private static StepEvidence step(long requests, long failed, double journeysPerSecond, Latency client, Latency edge, boolean steady,
                                     double hostBusy, double injector, double replicaCpu) {
        StepWindow window = new StepWindow(50, 50, 50, journeysPerSecond, requests, failed, Map.of(), client, edge, 3, steady,
                steady ? null : "latency climbing (p95 200 → 900 ms across the window)");
        CpuSampler.Usage usage = new CpuSampler.Usage(Map.of("injector", injector, "replica-1", replicaCpu), hostBusy);
        return new StepEvidence(10, 10_000, window, usage, Map.of("replica-1", replicaCpu), 0.5, SLO);
    }

    private static StepEvidence passing() {
        return step(500, 0, 10, FAST, FAST, true, 0.5, 0.1, 0.49);
    }

    @Test
    void aStepWithinTheSloAndSteadyPasses() {
        StepRule.Judgement judged = StepRule.judge(passing());
        assertThat(judged.outcome()).isEqualTo(Outcome.PASS);
        assertThat(judged.rule()).isEmpty();
        assertThat(judged.reason()).isEqualTo("within the SLO, steady");
    }

    @Test
    void eachSloRuleFailsTheStepWithItsReason() {
        assertThat(StepRule.judge(step(500, 0, 10, new Latency(50, 700, 900, 1000, 300), FAST, true, 0.5, 0.1, 0.49)))
                .isEqualTo(new StepRule.Judgement(Outcome.FAIL, "p95 700 ms above 500 ms", Optional.of(StepRule.P95_ABOVE_SLO)));
        assertThat(StepRule.judge(step(500, 0, 10, new Latency(50, 400, 1200, 1500, 100), FAST, true, 0.5, 0.1, 0.49)).rule())
                .contains(StepRule.P99_ABOVE_SLO);
        assertThat(StepRule.judge(step(500, 10, 10, FAST, FAST, true, 0.5, 0.1, 0.49)))
                .isEqualTo(new StepRule.Judgement(Outcome.FAIL, "2.00 % of requests failed (SLO 1.00 %)", Optional.of(StepRule.ERRORS_ABOVE_SLO)));
        assertThat(StepRule.judge(step(500, 0, 10, FAST, FAST, false, 0.5, 0.1, 0.49)).reason())
                .isEqualTo("not steady: latency climbing (p95 200 → 900 ms across the window)");
    }

    @Test
    void theHarnessesOwnLimitsMakeAStepInvalidBeforeTheSloIsLookedAt() {
        Latency slow = new Latency(50, 900, 1200, 1500, 300);
        assertThat(StepRule.judge(step(0, 0, 0, new Latency(0, 0, 0, 0, 0), null, true, 0.5, 0.1, 0)).rule()).contains(StepRule.NO_REQUESTS);
        // A saturated host where a replica got 0.3 of its 0.5 cores: the harness took the CPU, whatever the latency.
        StepRule.Judgement saturated = StepRule.judge(step(500, 0, 10, slow, slow, true, 0.97, 0.3, 0.3));
        assertThat(saturated.outcome()).isEqualTo(Outcome.INVALID);
        assertThat(saturated.reason()).isEqualTo("host saturated (97 % of all cores busy): the harness competed with the replicas");
        // Injection 8 of 10 journeys/s with a busy injector.
        assertThat(StepRule.judge(step(400, 0, 8, FAST, FAST, true, 0.5, 0.6, 0.49)).reason())
                .isEqualTo("load generator fell behind (8 of 10 journeys/s started)");
    }

    @Test
    void aSaturatedHostIsNotBlamedWhenTheReplicasGotTheirQuotaAndTheClientSawWhatTheEdgeSaw() {
        Latency slow = new Latency(50, 900, 1200, 1500, 300);
        assertThat(StepRule.judge(step(500, 0, 10, slow, slow, true, 0.97, 0.3, 0.49)).rule()).contains(StepRule.P95_ABOVE_SLO);
        // ... but a client 200 ms later than the edge was the load generator's own lateness.
        assertThat(StepRule.judge(step(500, 0, 10, slow, new Latency(50, 700, 1000, 1200, 250), true, 0.97, 0.3, 0.49)).rule())
                .contains(StepRule.HOST_SATURATED);
        // Behind with an idle injector is not the injector's saturation: the LMS is judged.
        assertThat(StepRule.judge(step(400, 0, 8, FAST, FAST, true, 0.5, 0.1, 0.49)).outcome()).isEqualTo(Outcome.PASS);
    }

    /** A step over the SLO (p95 900 ms) with no replica CPU figures: a target that is not ours, or a sampler that starved. */
    private static StepEvidence withoutReplicaCpu(Latency edge, CpuSampler.Usage usage) {
        Latency slow = new Latency(50, 900, 1200, 1500, 300);
        StepWindow window = new StepWindow(50, 50, 50, 10, 500, 0, Map.of(), slow, edge, 3, true, null);
        return new StepEvidence(10, 10_000, window, usage, Map.of(), 0, SLO);
    }

    @Test
    void cpuFiguresThatDoNotDescribeTheWindowMakeTheStepInvalidNotFailed() {
        Latency slow = new Latency(50, 900, 1200, 1500, 300);
        // As seen at 32,000 requests/s on two cores: the sampler starved, one window read "injector 8.92" cores, the next nothing.
        StepEvidence inflated = withoutReplicaCpu(slow, new CpuSampler.Usage(Map.of("injector", 8.92), 0.9));
        assertThat(StepRule.judge(inflated).rule()).contains(StepRule.CPU_NOT_MEASURED);
        assertThat(StepRule.judge(inflated).reason()).startsWith("CPU figures implausible (injector 8.92 cores");
        StepEvidence starved = withoutReplicaCpu(slow, CpuSampler.Usage.missing("the CPU sampler fell behind"));
        assertThat(StepRule.judge(starved)).isEqualTo(new StepRule.Judgement(Outcome.INVALID, "the CPU sampler fell behind",
                Optional.of(StepRule.CPU_NOT_MEASURED)));
    }

    @Test
    void aTargetThatIsNotOursOnABusyHostIsNotBlamedForTheHarnessesSaturation() {
        // 28,000 requests/s with the host 85-91 % busy was judged the target's failure; it is the harness's doubt.
        StepEvidence busy = withoutReplicaCpu(null, new CpuSampler.Usage(Map.of("injector", 1.2), 0.88));
        assertThat(StepRule.judge(busy).rule()).contains(StepRule.HOST_BUSY_EXTERNAL);
        StepEvidence quiet = withoutReplicaCpu(null, new CpuSampler.Usage(Map.of("injector", 0.4), 0.5));
        assertThat(StepRule.judge(quiet).rule()).contains(StepRule.P95_ABOVE_SLO);
    }
}
