package org.lmsharness.cli;

import java.net.URI;
import java.util.Optional;
import org.lmsharness.topology.BootOptions;
import picocli.CommandLine.Option;

/** Whether every link of the deployment goes through a Toxiproxy-compatible fault proxy. */
final class FaultProxyOption {

    @Option(names = "--fault-proxy", paramLabel = "on|off",
            description = "A fault proxy on every link (default: off for capacity, whose figures it would bend; on for topology).")
    String faultProxy;

    @Option(names = "--toxiproxy-url", paramLabel = "URL",
            description = "Local processes: a real Toxiproxy server's API to use instead of the project's own fault proxy (default: $TOXIPROXY_URL, else the project's).")
    String toxiproxyUrl;

    /** Whether links get proxies: as given, else the command's default. */
    boolean on(boolean commandDefault) {
        if (faultProxy == null) return commandDefault;
        return switch (faultProxy.trim()) {
            case "on" -> true;
            case "off" -> false;
            default -> throw ExitException.badInput("--fault-proxy must be on or off, got '" + faultProxy.trim() + "'");
        };
    }

    /** The real Toxiproxy server given, else $TOXIPROXY_URL's, else none (the project's own fault proxy). */
    Optional<URI> server() {
        if (toxiproxyUrl == null) return BootOptions.DEFAULTS.toxiproxyServer();
        if (!toxiproxyUrl.matches(Checks.HTTP_URL)) throw ExitException.badInput("--toxiproxy-url must be an http URL such as http://127.0.0.1:8474, got '" + toxiproxyUrl + "'");
        return Optional.of(URI.create(toxiproxyUrl));
    }

    BootOptions boot(DeploymentOptions deployment, boolean commandDefault) {
        return deployment.boot(on(commandDefault), server());
    }
}
