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

    /** This back end, with {@link #AUTO} settled by asking Docker whether it holds these images. */
    public Backend resolve(BootOptions.Images images) {
        if (this != AUTO) return this;
        return ContainerDeployment.dockerAnswers(images) ? CONTAINERS : LOCAL;
    }

    /** Boots the preset here (after {@link #resolve}); the caller closes the deployment. */
    public Deployment start(Preset preset, ReplicaBoot replicaBoot, BootOptions options) throws Exception {
        return switch (resolve(options.images())) {
            case CONTAINERS -> ContainerDeployment.start(preset, options.appJar(), Artifacts.paymentProviderStub(), replicaBoot, options);
            default -> LocalDeployment.start(preset, replicaBoot, options);
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
