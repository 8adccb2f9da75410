package org.lmsharness.capacity.judge;

import java.util.Map;
import org.lmsharness.capacity.measure.CpuSampler;
import org.lmsharness.capacity.measure.StepWindow;
import org.lmsharness.reports.run.Slo;

/**
 * What a step is judged on.
 *
 * @param offeredJourneysPerSecond the arrival rate the step asked for
 * @param windowMillis             the measured window's length
 * @param figures                  the window's requests, latencies and steadiness
 * @param usage                    cores each process used over the window, and the host's busy share
 * @param replicaCpu               cores each replica used (empty for a deployment that is not ours)
 * @param quota                    each replica's CPU quota, cores (0 for a deployment that is not ours)
 * @param slo                      what the step must hold
 */
public record StepEvidence(double offeredJourneysPerSecond, long windowMillis, StepWindow figures, CpuSampler.Usage usage,
                           Map<String, Double> replicaCpu, double quota, Slo slo) {

    double errorPercent() {
        return 100.0 * figures.failed() / figures.requests();
    }

    double expectedJourneys() {
        return offeredJourneysPerSecond * windowMillis / 1000.0;
    }
}
