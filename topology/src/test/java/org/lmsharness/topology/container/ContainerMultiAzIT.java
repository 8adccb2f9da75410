package org.lmsharness.topology.container;

import org.junit.jupiter.api.Assumptions;
import org.lmsharness.topology.Artifacts;
import org.lmsharness.topology.BootOptions;
import org.lmsharness.topology.Deployment;
import org.lmsharness.topology.MultiAzScenario;
import org.lmsharness.topology.preset.Preset;
import org.lmsharness.topology.ReplicaBoot;
import org.testcontainers.DockerClientFactory;

/**
 * multi-az in containers. Skipped with a message where no Docker engine answers, except in CI
 * ({@code CI=true}), where .ci/run starts one and the images are built: there it must run.
 */
class ContainerMultiAzIT extends MultiAzScenario {

    @Override
    protected Deployment boot(Preset preset) throws Exception {
        boolean docker = DockerClientFactory.instance().isDockerAvailable();
        if (!"true".equals(System.getenv("CI"))) Assumptions.assumeTrue(docker, "no Docker engine answers: container back end not tested");
        return ContainerDeployment.start(preset, Artifacts.referenceApp(), Artifacts.paymentProviderStub(), ReplicaBoot.QUOTA_LIFTED_UNTIL_READY, BootOptions.DEFAULTS);
    }

    @Override
    protected String backEnd() {
        return "containers";
    }
}
