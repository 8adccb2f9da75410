package org.lmsharness.topology;

import java.util.Locale;
import org.lmsharness.topology.container.ContainerDeployment;
import org.lmsharness.topology.local.LocalDeployment;
import org.lmsharness.topology.preset.Preset;

/** Where a deployment runs: processes on this machine, or Docker containers; {@link #AUTO} chooses. */
public enum Backend {
    /** Containers when a Docker engine answers, local processes otherwise. */
    AUTO,
    LOCAL,
    CONTAINERS;

    /** This back end, with {@link #AUTO} settled by asking Docker. */
    public Backend resolve() {
        if (this != AUTO) return this;
        return ContainerDeployment.dockerAnswers() ? CONTAINERS : LOCAL;
    }

    /** Boots the preset here (after {@link #resolve}); the caller closes the deployment. */
    public Deployment start(Preset preset, ReplicaBoot replicaBoot) throws Exception {
        return switch (resolve()) {
            case CONTAINERS -> ContainerDeployment.start(preset, Artifacts.referenceApp(), Artifacts.paymentProviderStub(), replicaBoot);
            default -> LocalDeployment.start(preset, replicaBoot);
        };
    }

    /** As results, reports and the command line write it: {@code local}, {@code containers}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The back end a label names ({@code auto}, {@code local}, {@code containers}), any case. */
    public static Backend of(String label) {
        return valueOf(label.trim().toUpperCase(Locale.ROOT));
    }
}
