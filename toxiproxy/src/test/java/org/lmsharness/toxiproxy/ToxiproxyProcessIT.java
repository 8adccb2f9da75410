package org.lmsharness.toxiproxy;

import static org.assertj.core.api.Assertions.assertThat;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar as a process: Toxiproxy's flags, a -config file, and one-line errors. */
class ToxiproxyProcessIT {

    @Test
    void processServesTheApiAndTheProxiesOfItsConfig(@TempDir Path dir) throws Exception {
        try (Upstream echo = Upstream.echo()) {
            Path config = Files.writeString(dir.resolve("proxies.json"),
                    "[{\"name\":\"from_config\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"" + echo.address() + "\"}]");
            try (ServerProcess server = ServerProcess.start("-config", config.toString())) {
                ToxiproxyClient client = new ToxiproxyClient("127.0.0.1", server.port);
                assertThat(client.version()).isEqualTo("{\"version\": \"2.12.0\"}");
                Proxy proxy = client.getProxy("from_config");
                try (Socket socket = Wire.connect(ToxiproxyConformance.port(proxy))) {
                    assertThat(Wire.roundTripMillis(socket, 100)).isLessThan(1000);
                }
            }
        }
    }

    @Test
    void unknownFlagIsOneLineAndExit2() throws Exception {
        ServerProcess.Finished run = ServerProcess.run("-listen", "x");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.output().strip()).doesNotContain("\n").startsWith("toxiproxy: flag provided but not defined: -listen");
    }

    @Test
    void badConfigIsOneLineAndExit1(@TempDir Path dir) throws Exception {
        Path config = Files.writeString(dir.resolve("bad.json"), "[{\"name\":\"x\"}]");
        ServerProcess.Finished run = ServerProcess.run("-port", "0", "-config", config.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.output().strip()).isEqualTo("toxiproxy: config " + config + ": missing required field: upstream at proxy 1");
    }

    @Test
    void versionFlagPrintsTheVersion() throws Exception {
        ServerProcess.Finished run = ServerProcess.run("-version");
        assertThat(run.exitCode()).isZero();
        assertThat(run.output().strip()).isEqualTo("toxiproxy-server version 2.12.0");
    }
}
