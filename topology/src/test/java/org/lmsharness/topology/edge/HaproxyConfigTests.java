package org.lmsharness.topology.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmsharness.topology.Address;
import org.lmsharness.topology.preset.Preset;
import org.lmsharness.topology.preset.Presets;

class HaproxyConfigTests {

    private static boolean haproxyInstalled() {
        return java.util.stream.Stream.of(System.getenv("PATH").split(":")).anyMatch(dir -> Files.isExecutable(Path.of(dir, "haproxy")));
    }

    @Test
    void generatedConfigurationIsAcceptedByHaproxy(@TempDir Path dir) throws Exception {
        assumeTrue(haproxyInstalled() || !"true".equals(System.getenv("CI")), "haproxy is not installed");
        org.junit.jupiter.api.Assertions.assertTrue(haproxyInstalled(), "haproxy must be installed (.ci/run installs it)");
        Preset base = Presets.load("multi-az");
        Preset limited = new Preset(base.name(), base.description(), base.zones(), base.replicas(), base.database(),
                new Preset.Edge(true, "leastconn", 250, 100), base.dataset());
        String config = HaproxyConfig.render(limited, new Address("127.0.0.1", 18080), new Address("127.0.0.1", 18081),
                dir.resolve("haproxy.sock").toString(), List.of(
                        new HaproxyConfig.Server("replica-1", new Address("127.0.0.1", 18101)),
                        new HaproxyConfig.Server("replica-2", new Address("127.0.0.1", 18102))));
        Path file = dir.resolve("haproxy.cfg");
        Files.writeString(file, config);

        Process check = new ProcessBuilder("haproxy", "-c", "-f", file.toString()).redirectErrorStream(true).start();
        String output = new String(check.getInputStream().readAllBytes());

        assertThat(check.waitFor()).as(output).isZero();
        assertThat(config).contains("balance leastconn", "inter 250ms", "option httpchk GET /actuator/health/readiness",
                "deny_status 429", "Retry-After", "prometheus-exporter", "server replica-2 127.0.0.1:18102", "option redispatch");
    }
}
