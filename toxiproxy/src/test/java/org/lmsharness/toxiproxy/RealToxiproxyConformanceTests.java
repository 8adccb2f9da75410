package org.lmsharness.toxiproxy;

import java.net.URI;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;

/**
 * The same conformance suite against a real Toxiproxy server, when one is configured:
 * {@code -Dtoxiproxy.url=http://127.0.0.1:8474} or {@code TOXIPROXY_URL}. It must run on this host
 * (the tests' upstreams listen on 127.0.0.1). Skipped, saying so, when none is configured.
 */
class RealToxiproxyConformanceTests extends ToxiproxyConformance {

    private static URI url;

    @BeforeAll
    static void configured() {
        String configured = System.getProperty("toxiproxy.url", System.getenv("TOXIPROXY_URL"));
        Assumptions.assumeTrue(configured != null && !configured.isBlank(),
                "no real Toxiproxy configured (-Dtoxiproxy.url=http://host:8474 or TOXIPROXY_URL): conformance against Toxiproxy itself not run");
        url = URI.create(configured);
    }

    @Override
    String host() {
        return url.getHost();
    }

    @Override
    int port() {
        return url.getPort() < 0 ? 8474 : url.getPort();
    }

    @Override
    boolean isOurs() {
        return false;
    }
}
