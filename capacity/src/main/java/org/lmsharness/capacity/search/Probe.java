package org.lmsharness.capacity.search;

import org.lmsharness.reports.run.Step;

/** Holds one arrival rate on the deployment for a step and reports what happened. */
@FunctionalInterface
public interface Probe {
    Step measure(int replicas, double journeysPerSecond, String phase);
}
