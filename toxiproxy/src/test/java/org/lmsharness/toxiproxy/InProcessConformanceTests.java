package org.lmsharness.toxiproxy;

import org.junit.jupiter.api.extension.RegisterExtension;

/** The conformance suite against this module's server, started in this JVM by its JUnit extension. */
class InProcessConformanceTests extends ToxiproxyConformance {

    @RegisterExtension
    static final ToxiproxyExtension toxiproxy = new ToxiproxyExtension();

    @Override
    String host() {
        return toxiproxy.server().host();
    }

    @Override
    int port() {
        return toxiproxy.server().port();
    }

    @Override
    boolean isOurs() {
        return true;
    }
}
