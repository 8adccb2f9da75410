package org.lmsharness.chaos.run;

import java.util.List;
import org.lmsharness.topology.Deployment;

/** Tears a deployment down, then checks that nothing of it is left on the machine (containers, processes, cgroups, proxies' server). */
public final class Teardown {

    private Teardown() {}

    public static void close(Deployment deployment) {
        deployment.close();
        List<String> left = deployment.leftovers();
        if (!left.isEmpty()) throw new IllegalStateException(deployment.preset().name() + " left behind: " + String.join("; ", left));
    }
}
