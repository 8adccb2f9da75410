package org.lmsharness.autoscale.policy;

import java.util.ArrayList;
import java.util.List;

/** Fleets for the policy tests: instances long ready, and instances launched at a given time. */
final class Fleets {

    /** An hour before the tests' clock starts: out of any warm-up. */
    static final long LONG_AGO = -3_600_000;

    private Fleets() {}

    static Fleet ready(int count) {
        List<Fleet.Instance> instances = new ArrayList<>();
        for (int i = 1; i <= count; i++) instances.add(new Fleet.Instance("replica-" + i, LONG_AGO, LONG_AGO));
        return new Fleet(count, instances);
    }

    /** The fleet grown (or shrunk) to {@code desired}: new instances launched and ready at {@code now}, the newest removed first. */
    static Fleet resized(Fleet fleet, int desired, long now) {
        List<Fleet.Instance> instances = new ArrayList<>(fleet.instances());
        while (instances.size() > desired) instances.remove(instances.size() - 1);
        while (instances.size() < desired) instances.add(new Fleet.Instance("replica-" + (instances.size() + 1) + "@" + now, now, now));
        return new Fleet(desired, instances);
    }

    /** A metric that reads {@code value} whatever the window and instances. */
    static Metrics constant(double value) {
        return (metric, from, to, instances) -> value;
    }
}
