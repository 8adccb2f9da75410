package org.lmsharness.autoscale.policy;

import java.util.Collection;

/** Where a policy reads its metric: the live deployment's edge and cgroups, or the replayer's model. */
public interface Metrics {

    /**
     * The metric over {@code [from, to)} on the instances given, averaged over them as the policy's service does.
     *
     * @return the value, or NaN when there is no datapoint (no instance, or nothing measured in the window)
     */
    double value(Metric metric, long from, long to, Collection<String> instances);
}
