package org.lmsharness.toxiproxy;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A Toxiproxy-compatible server for a test class: started before all tests on 127.0.0.1 (a free
 * port), reset before each test (every proxy enabled, every toxic removed, as POST /reset), stopped
 * after all.
 * <pre>{@code
 * @RegisterExtension
 * static final ToxiproxyExtension toxiproxy = new ToxiproxyExtension();
 * ... new ToxiproxyClient(toxiproxy.server().host(), toxiproxy.server().port()) ...
 * }</pre>
 * With {@code @ExtendWith(ToxiproxyExtension.class)} the server comes as a test or lifecycle
 * method parameter of type {@link ToxiproxyServer}.
 */
public final class ToxiproxyExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, ParameterResolver {

    private ToxiproxyServer server;

    public ToxiproxyServer server() {
        if (server == null) throw new IllegalStateException("the Toxiproxy server starts before all tests; it is not running now");
        return server;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        server = ToxiproxyServer.start("127.0.0.1", 0);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        server().reset();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (server != null) server.close();
        server = null;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == ToxiproxyServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return server();
    }
}
