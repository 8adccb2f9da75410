package org.lmsharness.autoscale.policy;

/**
 * The metrics a policy scales on, as the dashboards read them: the edge's requests per target, and each replica's CPU.
 */
public enum Metric {
    /**
     * ALBRequestCountPerTarget: requests the edge sent to the instances, per instance, per minute (a period's count
     * brought to a minute's when periods are compressed, so targets keep their production values).
     */
    REQUESTS_PER_TARGET_PER_MINUTE("requests per target per minute"),
    /** ASGAverageCPUUtilization, and the HPA's Resource metric: CPU used, percent of each instance's quota (its request), averaged. */
    CPU_PERCENT("% CPU of the quota");

    private final String unit;

    Metric(String unit) {
        this.unit = unit;
    }

    public String unit() {
        return unit;
    }
}
