package org.lmsharness.chaos.experiment;

import java.util.function.Consumer;
import org.lmsharness.topology.Deployment;

/**
 * One fault of an experiment's method: what it breaks and how it is undone. Network faults go through
 * the Toxiproxy client on the deployment's links, node faults through the topology handle; never by
 * changing the application. A release (a rolling update) is a method too: it changes every replica
 * under load, and tells the journal what it did step by step.
 *
 * @param description what it does, for the journal ("kill -9 replica-1")
 * @param inject      breaks it, telling the journal what it did beyond its description
 * @param revert      undoes it (rollback); null for a fault nothing undoes in place (a killed node stays dead,
 *                    as a lost machine does until it is replaced), which leaves the deployment spent
 */
public record Fault(String description, Narrated inject, Action revert) {

    /** A fault whose injection is all in its description. */
    public Fault(String description, Action inject, Action revert) {
        this(description, (deployment, journal) -> inject.run(deployment), revert);
    }

    /** An action on the running deployment. */
    @FunctionalInterface
    public interface Action {
        void run(Deployment deployment) throws Exception;
    }

    /** An action that says what it does as it goes (a rollout's steps), line by line, to the experiment's journal. */
    @FunctionalInterface
    public interface Narrated {
        void run(Deployment deployment, Consumer<String> journal) throws Exception;
    }

    public boolean reversible() {
        return revert != null;
    }
}
