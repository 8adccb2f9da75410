package org.lmsharness.reports.run;

import java.util.List;

/**
 * The conditions a capacity figure holds under; the report prints them beside every number.
 *
 * @param target            what was driven: a preset name, or the base URLs of an existing deployment
 * @param backend           local, containers, or external (a deployment the harness did not boot)
 * @param preset            the topology preset, null for an external target
 * @param cpusPerReplica    CPU quota per replica in cores (the instance size); 0 when unknown (external)
 * @param memoryMbPerReplica memory limit per replica, MiB; 0 when unknown
 * @param replicaJvmOptions the replicas' JVM options
 * @param replicaJvm        the JVM the replicas ran, as they name it (Micrometer's jvm_info); null when they do not
 * @param dataset           dataset size (XS … XL), null when unknown
 * @param simulation        the Gatling simulation class that generated the load
 * @param workload          the workload mix, e.g. browse:60,student:30,enrolAndPay:5,instructor:5
 * @param hostCores         cores of the machine the harness ran on
 * @param hostCpuModel      its CPU model
 * @param injectorJvm       the load generator's JVM (vendor and version)
 * @param commit            the harness's git commit, "unknown" outside a checkout
 * @param startedAt         ISO-8601 start time
 * @param warmUpSeconds     seconds at the start of each step that are not measured
 * @param measureSeconds    seconds measured per step
 * @param repeats           how many times the capacity point is measured
 * @param maxReplicas       the largest replica count measured
 * @param maxReplicasReason how the harness chose it (cores, quotas, reserve for the harness)
 * @param replicaCounts     the counts searched
 */
public record Conditions(String target, String backend, String preset, double cpusPerReplica, int memoryMbPerReplica,
                         String replicaJvmOptions, String replicaJvm, String dataset, String simulation, String workload, int hostCores,
                         String hostCpuModel, String injectorJvm, String commit, String startedAt, double warmUpSeconds,
                         double measureSeconds, int repeats, int maxReplicas, String maxReplicasReason, List<Integer> replicaCounts) {}
