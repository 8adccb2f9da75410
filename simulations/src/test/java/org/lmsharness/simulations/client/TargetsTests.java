package org.lmsharness.simulations.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two real HTTP servers on loopback stand in for two edges; one of them dies. */
class TargetsTests {

    private final HttpServer first = edge();
    private final HttpServer second = edge();

    @AfterEach
    void stop() {
        first.stop(0);
        second.stop(0);
    }

    @Test
    void roundRobinDealsTheUrlsInTurn() {
        Targets targets = Targets.roundRobin(List.of("http://a", "http://b"));

        assertThat(IntStream.range(0, 4).mapToObj(i -> targets.next())).containsExactly("http://a", "http://b", "http://a", "http://b");
        assertThat(targets.failsOver()).isFalse();
    }

    @Test
    void aDeadEdgeLeavesTheTurnWithinAFewProbesAndRequestsGoToTheOther() throws Exception {
        String live = url(first);
        String dead = url(second);
        try (Targets targets = Targets.withFailover(List.of(live, dead), "/edge/health")) {
            Thread.sleep(600);
            assertThat(IntStream.range(0, 4).mapToObj(i -> targets.next())).as("both up").contains(live, dead);

            second.stop(0);
            Thread.sleep(Targets.PROBE_INTERVAL.toMillis() * (Targets.FALL + 2));

            assertThat(IntStream.range(0, 6).mapToObj(i -> targets.next())).as("only the live edge in turn").containsOnly(live);
            assertThat(targets.isUp(dead)).isFalse();
            assertThat(targets.failoverFrom(dead)).isEqualTo(live);
            assertThat(targets.failoverFrom(live)).as("nothing else is up: no failover").isNull();
        }
    }

    private static HttpServer edge() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/edge/health", exchange -> {
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });
            server.start();
            return server;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String url(HttpServer server) {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }
}
