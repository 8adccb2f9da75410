package org.lmsharness.toxiproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ToxiproxyCommandTests {

    @Test
    void flagsAreReadAsGoReadsThem() {
        Map<String, String> flags = ToxiproxyCommand.parse(new String[]{"-host=0.0.0.0", "--port", "8475", "-proxy-metrics", "-seed", "7"});
        assertThat(flags).containsEntry("host", "0.0.0.0").containsEntry("port", "8475")
                .containsEntry("proxy-metrics", "true").containsEntry("seed", "7");
        ToxiproxyServer.Settings settings = ToxiproxyCommand.settings(flags);
        assertThat(settings.host()).isEqualTo("0.0.0.0");
        assertThat(settings.port()).isEqualTo(8475);
        assertThat(settings.seed()).isEqualTo(7);
    }

    @Test
    void defaultsAreToxiproxys() {
        ToxiproxyServer.Settings settings = ToxiproxyCommand.settings(ToxiproxyCommand.parse(new String[0]));
        assertThat(settings.host()).isEqualTo("localhost");
        assertThat(settings.port()).isEqualTo(8474);
        assertThat(settings.config()).isNull();
    }

    @Test
    void unknownFlagIsNamed() {
        assertThatThrownBy(() -> ToxiproxyCommand.parse(new String[]{"-listen", "x"}))
                .hasMessageStartingWith("flag provided but not defined: -listen");
    }

    @Test
    void flagWithoutItsValueIsNamed() {
        assertThatThrownBy(() -> ToxiproxyCommand.parse(new String[]{"-port"})).hasMessage("flag needs an argument: -port");
    }

    @Test
    void badPortSaysWhatWasExpected() {
        assertThatThrownBy(() -> ToxiproxyCommand.settings(Map.of("port", "84x74")))
                .hasMessage("invalid value \"84x74\" for flag -port: expected a port number 0..65535");
    }

    @Test
    void missingConfigFileIsNamed() {
        assertThatThrownBy(() -> ToxiproxyCommand.settings(Map.of("config", "/nonexistent/proxies.json")))
                .hasMessage("invalid value \"/nonexistent/proxies.json\" for flag -config: no such file");
    }
}
