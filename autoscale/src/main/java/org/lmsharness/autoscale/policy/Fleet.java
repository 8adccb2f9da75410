package org.lmsharness.autoscale.policy;

import java.util.List;

/**
 * What an autoscaler sees when it decides: the capacity it last asked for, and the instances that exist for it (launched,
 * some of them not ready yet). The same for the live deployment and for the replayer's model of it.
 *
 * @param desired   the desired capacity last set (an Auto Scaling group's DesiredCapacity, a Deployment's spec.replicas);
 *                  instances still booting count in it
 * @param instances every instance launched and not yet removed
 */
public record Fleet(int desired, List<Instance> instances) {

    public Fleet {
        instances = List.copyOf(instances);
    }

    /**
     * @param id          the replica's id
     * @param launchedAt  when it was asked for, ms
     * @param readyAt     when it first served (its readiness passed), ms; {@link Long#MAX_VALUE} while not yet
     */
    public record Instance(String id, long launchedAt, long readyAt) {

        public static final long NOT_READY = Long.MAX_VALUE;

        public boolean ready(long now) {
            return readyAt <= now;
        }

        /** Still in its warm-up: launched less than {@code warmupMillis} ago (AWS counts the warm-up from the instance's start). */
        public boolean warming(long now, long warmupMillis) {
            return now < launchedAt + warmupMillis;
        }
    }

    /** Instances ready and out of their warm-up: those whose metrics an AWS policy aggregates. */
    public List<Instance> warm(long now, long warmupMillis) {
        return instances.stream().filter(i -> i.ready(now) && !i.warming(now, warmupMillis)).toList();
    }

    public long warmingCount(long now, long warmupMillis) {
        return instances.stream().filter(i -> i.warming(now, warmupMillis)).count();
    }

    public List<Instance> ready(long now) {
        return instances.stream().filter(i -> i.ready(now)).toList();
    }
}
