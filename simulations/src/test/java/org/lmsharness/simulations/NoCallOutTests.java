package org.lmsharness.simulations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmsharness.common.Executables;

/**
 * Gatling must not call out (warm-up request, analytics, version check): a whole Gatling run is
 * traced with strace, and every TCP connect it makes must go to a loopback address.
 */
class NoCallOutTests {

    /** The address of an IPv4 or IPv6 connect in strace's output (with or without flowinfo between). */
    private static final Pattern INET = Pattern.compile("sa_family=AF_INET6?,.*?(?:inet_pton\\(AF_INET6?, \"([^\"]+)\"|sin_addr=inet_addr\\(\"([^\"]+)\"\\))");

    @Test
    void aGatlingRunConnectsOnlyToLoopback(@TempDir Path dir) throws Exception {
        assumeTrue(Executables.onPath("strace") || "true".equals(System.getenv("CI")), "strace is not installed: the no-call-out check is skipped");
        HttpServer target = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        target.createContext("/", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        target.start();
        Path trace = dir.resolve("connect.trace");
        List<String> command = new ArrayList<>(List.of("strace", "-f", "-qq", "-e", "trace=connect", "-o", trace.toString(),
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-opens=java.base/java.lang=ALL-UNNAMED",
                "-Djava.util.prefs.userRoot=" + Path.of("gatling-prefs").toAbsolutePath(),
                "-Dprofile=smoke", "-DbaseUrl=http://127.0.0.1:" + target.getAddress().getPort(),
                "-cp", System.getProperty("java.class.path"),
                "io.gatling.app.Gatling", "-s", LmsSimulation.class.getName(), "-rf", dir.resolve("results").toString(), "-rd", "no-call-out"));
        try {
            Process gatling = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("gatling.log").toFile()).start();
            assertThat(gatling.waitFor(120, TimeUnit.SECONDS)).as("Gatling finished").isTrue();
        } finally {
            target.stop(0);
        }

        List<String> connects = Files.readAllLines(trace).stream().filter(line -> line.contains("connect(")).toList();
        List<String> outside = new ArrayList<>();
        int inet = 0;
        for (String line : connects) {
            Matcher m = INET.matcher(line);
            if (!m.find()) continue; // AF_UNIX and the like
            inet++;
            String address = m.group(1) != null ? m.group(1) : m.group(2);
            boolean loopback = address.startsWith("127.") || address.equals("::1") || address.equals("::ffff:127.0.0.1");
            if (!loopback) outside.add(line);
        }
        assertThat(inet).as("the run made TCP connections to the target (trace read correctly)").isPositive();
        assertThat(outside).as("connections to anything but loopback").isEmpty();
    }
}
