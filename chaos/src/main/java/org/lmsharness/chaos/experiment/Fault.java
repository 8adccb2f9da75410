package org.lmsharness.chaos.experiment;

import org.lmsharness.topology.Deployment;

/**
 * One fault of an experiment's method: what it breaks and how it is undone. Network faults go through
 * the Toxiproxy client on the deployment's links, node faults through the topology handle; never by
 * changing the application.
 *
 * @param description what it does, for the journal ("kill -9 replica-1")
 * @param inject      breaks it
 * @param revert      undoes it (rollback); null for a fault nothing undoes in place (a killed node stays dead,
 *                    as a lost machine does until it is replaced), which leaves the deployment spent
 */
public record Fault(String description, Action inject, Action revert) {

    /** An action on the running deployment. */
    @FunctionalInterface
    public interface Action {
        void run(Deployment deployment) throws Exception;
    }

    public boolean reversible() {
        return revert != null;
    }
}
