package org.lmsharness.topology.container;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import org.lmsharness.topology.Node;
import org.testcontainers.containers.GenericContainer;

/** A node that is a container: the same verbs through the Docker API (kill, pause, unpause, stop). */
final class ContainerNode implements Node {

    private final String id;
    /** A standby's changes once a failover promoted it. */
    private volatile Kind kind;
    private final String zone;
    private final GenericContainer<?> container;
    private final DockerClient docker;

    ContainerNode(String id, Kind kind, String zone, GenericContainer<?> container) {
        this.id = id;
        this.kind = kind;
        this.zone = zone;
        this.container = container;
        this.docker = container.getDockerClient();
    }

    GenericContainer<?> container() {
        return container;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Kind kind() {
        return kind;
    }

    /** The standby a failover promoted: the primary from now on. */
    void promoted() {
        kind = Kind.DB_PRIMARY;
    }

    @Override
    public String zone() {
        return zone;
    }

    @Override
    public void stop() {
        if (!isAlive()) return;
        try {
            resume();
            docker.stopContainerCmd(container.getContainerId()).withTimeout(40).exec();
        } catch (NotModifiedException | ConflictException | NotFoundException stopped) {
            if (isAlive()) throw stopped; // else stopped or killed by another caller since the check, as kill() allows
        }
    }

    /**
     * {@code docker kill}; a node already dead counts as killed. Two callers may kill one node at once (a
     * zone's power loss, and the database control plane fencing the primary that died with it): Docker
     * answers the second with 409 "is not running" while the first kill is still being reaped, so no
     * check before the kill can rule it out. Such an answer most likely ended the control plane's thread
     * once in CI (the standby was never promoted; the run kept no stack trace).
     */
    @Override
    public void kill() {
        try {
            docker.killContainerCmd(container.getContainerId()).withSignal("KILL").exec();
        } catch (ConflictException | NotFoundException notRunning) {
            if (isAlive()) throw notRunning;
        }
    }

    /**
     * {@code docker pause}. runc's cgroup v1 freezer gives up ("unable to freeze") when a task does not
     * stop in time, and thaws the group again; seen once on a busy host, so it is tried a few times
     * before that counts as a failure.
     */
    @Override
    public void freeze() {
        DockerException refused = null;
        for (int attempt = 0; attempt < FREEZE_ATTEMPTS; attempt++) {
            try {
                docker.pauseContainerCmd(container.getContainerId()).exec();
                return;
            } catch (DockerException e) {
                if (e.getMessage() == null || !e.getMessage().contains("unable to freeze")) throw e;
                refused = e;
                try {
                    Thread.sleep(200);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
        throw refused;
    }

    private static final int FREEZE_ATTEMPTS = 5;

    @Override
    public void resume() {
        if (Boolean.TRUE.equals(state().getPaused())) docker.unpauseContainerCmd(container.getContainerId()).exec();
    }

    @Override
    public boolean isAlive() {
        try {
            return Boolean.TRUE.equals(state().getRunning());
        } catch (RuntimeException gone) {
            return false;
        }
    }

    long pid() {
        Long pid = state().getPidLong();
        return pid == null ? -1 : pid;
    }

    private com.github.dockerjava.api.command.InspectContainerResponse.ContainerState state() {
        return docker.inspectContainerCmd(container.getContainerId()).exec().getState();
    }
}
