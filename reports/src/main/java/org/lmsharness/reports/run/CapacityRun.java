package org.lmsharness.reports.run;

import java.util.List;

/**
 * Everything a capacity run recorded: the conditions, the SLO, every step of every search (one per
 * replica count) and the measured time for a new replica to become ready. Saved as {@code run.json}
 * in the run folder; the model, the thresholds and the report are computed from it alone.
 *
 * @param conditions   what was measured, on what, with what
 * @param slo          the service-level objective each step was checked against
 * @param searches     one capacity search per replica count, in ascending count
 * @param readySeconds measured times from "start a replica" to "the edge sends it traffic", one per replica added
 * @param wallSeconds  the whole run's duration, boot and teardown included
 * @param warnings     what a reader must know (quotas not enforced, invalid steps, counts not measured)
 */
public record CapacityRun(Conditions conditions, Slo slo, List<ReplicaSearch> searches, List<Double> readySeconds,
                          double wallSeconds, List<String> warnings) {

    public static final String SCHEMA = "lms-harness/capacity-run/1";
}
