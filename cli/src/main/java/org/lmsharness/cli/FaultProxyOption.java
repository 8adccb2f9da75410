package org.lmsharness.cli;

import org.lmsharness.topology.FaultProxies;
import picocli.CommandLine.Option;

/** Whether every link of the deployment goes through a Toxiproxy-compatible fault proxy. */
final class FaultProxyOption {

    @Option(names = "--fault-proxy", paramLabel = "on|off",
            description = "A fault proxy on every link (default: off for capacity, whose figures it would bend; on for topology).")
    String faultProxy;

    @Option(names = "--toxiproxy-url", paramLabel = "URL",
            description = "Local processes: a real Toxiproxy server's API to use instead of the project's own fault proxy (default: $TOXIPROXY_URL, else the project's).")
    String toxiproxyUrl;

    /** Hands the choice to the topology, which reads it when it boots. */
    void apply(boolean commandDefault) {
        String value = faultProxy == null ? (commandDefault ? "on" : "off") : faultProxy.trim();
        try {
            FaultProxies.wanted(value);
        } catch (IllegalArgumentException e) {
            throw ExitException.badInput("--fault-proxy must be on or off, got '" + value + "'");
        }
        System.setProperty(FaultProxies.MODE_PROPERTY, value);
        if (toxiproxyUrl != null) {
            if (!toxiproxyUrl.matches("https?://[^/\\s]+.*")) throw ExitException.badInput("--toxiproxy-url must be an http URL such as http://127.0.0.1:8474, got '" + toxiproxyUrl + "'");
            System.setProperty(FaultProxies.URL_PROPERTY, toxiproxyUrl);
        }
    }
}
