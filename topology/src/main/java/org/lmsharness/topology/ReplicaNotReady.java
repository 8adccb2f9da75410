package org.lmsharness.topology;

/**
 * A replica that did not become ready in time, or that the edge did not take: it has been stopped and
 * is not part of the deployment. A rolling update rolls back on it.
 */
public final class ReplicaNotReady extends IllegalStateException {

    private final String replicaId;

    public ReplicaNotReady(String replicaId, String message, Throwable cause) {
        super(message, cause);
        this.replicaId = replicaId;
    }

    /** The replica's id, never given to another: the edge's access log says whether it ever served. */
    public String replicaId() {
        return replicaId;
    }
}
