package org.lmsharness.topology;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The jars the back ends run: copied by the build to {@code topology/target/artifacts}. Their folder
 * is where the harness was installed, not a user's choice, so whoever launches the harness from
 * elsewhere says so with {@code -Dlms.topology.artifacts} (the Maven plugin, the module tests).
 */
public final class Artifacts {

    private Artifacts() {}

    public static Path referenceApp() {
        return find("reference-app.jar");
    }

    public static Path paymentProviderStub() {
        return find("payment-provider-stub.jar");
    }

    /** The toxiproxy module's server, run as the local back end's fault proxy. */
    public static Path faultProxyServer() {
        return find("toxiproxy-server.jar");
    }

    private static Path find(String jar) {
        String configured = System.getProperty("lms.topology.artifacts");
        Path folder = configured != null ? Path.of(configured) : Path.of("topology", "target", "artifacts");
        Path path = folder.resolve(jar).toAbsolutePath();
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException(jar + " not found in " + folder.toAbsolutePath()
                    + ": build first (./mvnw -q -DskipTests package) or set -Dlms.topology.artifacts");
        }
        return path;
    }
}
