package org.lmsharness.autoscale.policy;

import java.util.List;

/**
 * A period's datapoint as AWS aggregates it. Requests per target come from the load balancer, which counts every target it
 * sends to (the ready instances); CPU comes from the Auto Scaling group, which leaves out the instances still in their
 * warm-up, so that a booting instance does not pull the average down.
 */
final class AwsDatapoint {

    private AwsDatapoint() {}

    static double of(Metric metric, Fleet fleet, Metrics metrics, long now, long periodMillis, long warmupMillis) {
        List<Fleet.Instance> counted = metric == Metric.CPU_PERCENT ? fleet.warm(now, warmupMillis) : fleet.ready(now);
        if (counted.isEmpty()) return Double.NaN;
        return metrics.value(metric, now - periodMillis, now, counted.stream().map(Fleet.Instance::id).toList());
    }

    /** The number of instances the datapoint was averaged over, for the proportional rule. */
    static int counted(Metric metric, Fleet fleet, long now, long warmupMillis) {
        return metric == Metric.CPU_PERCENT ? fleet.warm(now, warmupMillis).size() : fleet.ready(now).size();
    }
}
