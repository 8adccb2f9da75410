package org.lmsharness.topology;

/**
 * How a deployment's replicas boot. Held to half a core, a Spring Boot replica takes about a minute
 * to be ready on this host (its JIT and its class loading share the quota); without it, about 15 s.
 * Either way each replica is told its processor count (the quota rounded up), so its JVM sizes its
 * compiler and thread pools the same, and the quota holds from the moment it is ready.
 */
public enum ReplicaBoot {
    /** Under the quota from the first instruction: the time to ready is the instance's, as the capacity report and its thresholds use it. */
    AT_QUOTA,
    /** With the quota lifted until the replica is ready: for everything that does not report the time to ready (chaos, the topology command, tests). */
    QUOTA_LIFTED_UNTIL_READY
}
