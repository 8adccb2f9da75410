package org.lmsharness.topology.local;

import org.lmsharness.topology.BootOptions;
import org.lmsharness.topology.Deployment;
import org.lmsharness.topology.MultiAzScenario;
import org.lmsharness.topology.preset.Preset;
import org.lmsharness.topology.ReplicaBoot;

/** multi-az as local processes: needs haproxy and, for the quota step, root. */
class LocalMultiAzIT extends MultiAzScenario {

    @Override
    protected Deployment boot(Preset preset) throws Exception {
        return LocalDeployment.start(preset, ReplicaBoot.QUOTA_LIFTED_UNTIL_READY, BootOptions.DEFAULTS);
    }

    @Override
    protected String backEnd() {
        return "local processes";
    }
}
