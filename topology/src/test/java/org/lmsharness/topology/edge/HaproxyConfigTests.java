package org.lmsharness.topology.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmsharness.common.Address;
import org.lmsharness.common.Executables;
import org.lmsharness.topology.preset.Preset;
import org.lmsharness.topology.preset.Presets;

class HaproxyConfigTests {

    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** The edge's own features against a stand-in replica: rate limit, CORS for trusted origins only, the exporter, the runtime API. */
    @Test
    void theEdgeRateLimitsAnswersCorsAndExportsPerServerMetrics(@TempDir Path dir) throws Exception {
        assumeTrue(Executables.onPath("haproxy") || "true".equals(System.getenv("CI")), "haproxy is not installed");
        com.sun.net.httpserver.HttpServer replica = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 64);
        replica.createContext("/", exchange -> {
            exchange.getResponseHeaders().set("X-Lms-Replica", "replica-1");
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        replica.start();
        Address listen = new Address("127.0.0.1", freePort());
        Address metrics = new Address("127.0.0.1", freePort());
        Preset base = Presets.load("multi-az");
        Preset limited = new Preset(base.name(), base.description(), base.zones(), base.replicas(), base.database(),
                new Preset.Edge(true, "roundrobin", 200, 5).withCorsOrigins(List.of("http://127.0.0.1:3000")), base.dataset());
        Path socket = dir.resolve("haproxy.sock");
        Process haproxy = startHaproxy(dir, limited, listen, metrics,
                List.of(new HaproxyConfig.Server("replica-1", new Address("127.0.0.1", replica.getAddress().getPort()))));
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        try {
            awaitStatus(new HaproxyRuntime(socket), Map.of("replica-1", "UP"));

            java.util.List<java.net.http.HttpResponse<String>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < 20; i++) {
                answers.add(http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(listen.http() + "/api/courses")).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString()));
            }
            java.net.http.HttpResponse<String> preflight = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(listen.http() + "/api/courses"))
                    .method("OPTIONS", java.net.http.HttpRequest.BodyPublishers.noBody()).header("Origin", "http://127.0.0.1:3000")
                    .header("Access-Control-Request-Method", "POST").build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            java.net.http.HttpResponse<String> foreignPreflight = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(listen.http() + "/api/courses"))
                    .method("OPTIONS", java.net.http.HttpRequest.BodyPublishers.noBody()).header("Origin", "http://evil.test")
                    .header("Access-Control-Request-Method", "POST").build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            Thread.sleep(2_100); // the rate limit: its counter weighs the previous second too
            java.net.http.HttpResponse<String> trustedGet = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(listen.http() + "/api/courses"))
                    .header("Origin", "http://127.0.0.1:3000").build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            java.net.http.HttpResponse<String> foreignGet = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(listen.http() + "/api/courses"))
                    .header("Origin", "http://evil.test").build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            String exported = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(metrics.http() + "/metrics")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();

            assertThat(answers).as("5 per second allowed, then 429").anyMatch(answer -> answer.statusCode() == 200)
                    .anyMatch(answer -> answer.statusCode() == 429);
            assertThat(answers.stream().filter(answer -> answer.statusCode() == 429).findFirst().orElseThrow().headers()
                    .firstValue("Retry-After")).hasValue("1");
            assertThat(answers.get(0).headers().firstValue("Access-Control-Allow-Origin")).as("no Origin, no CORS").isEmpty();
            assertThat(preflight.statusCode()).isEqualTo(204);
            assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue("http://127.0.0.1:3000");
            assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods").orElse("")).contains("POST");
            assertThat(foreignPreflight.statusCode()).as("an origin the preset does not trust").isEqualTo(403);
            assertThat(foreignPreflight.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(foreignPreflight.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
            assertThat(trustedGet.headers().firstValue("Access-Control-Allow-Origin")).hasValue("http://127.0.0.1:3000");
            assertThat(foreignGet.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
            assertThat(exported).contains("haproxy_server_http_responses_total{proxy=\"replicas\",server=\"replica-1\",code=\"2xx\"}");
        } finally {
            haproxy.destroy();
            haproxy.waitFor();
            replica.stop(0);
        }
    }

    /**
     * Readiness decides where requests go; liveness only while no replica is ready. Two stand-in replicas
     * whose readiness the test turns off: one unready gets nothing, both unready still serve (the fallback
     * backend, as in a database failover), and a server drained over the runtime API leaves both backends.
     */
    @Test
    void requestsGoToReadyReplicasAndToLiveOnesWhenNoneIsReady(@TempDir Path dir) throws Exception {
        assumeTrue(Executables.onPath("haproxy") || "true".equals(System.getenv("CI")), "haproxy is not installed");
        StandIn one = new StandIn("replica-1");
        StandIn two = new StandIn("replica-2");
        Address listen = new Address("127.0.0.1", freePort());
        Process haproxy = startHaproxy(dir, Presets.load("multi-az"), listen, new Address("127.0.0.1", freePort()), List.of(one.server(), two.server()));
        try {
            HaproxyRuntime runtime = new HaproxyRuntime(dir.resolve("haproxy.sock"));
            awaitStatus(runtime, Map.of("replica-1", "UP", "replica-2", "UP"));
            assertThat(servedBy(listen, 20)).as("both ready").containsOnlyKeys("replica-1", "replica-2");

            one.ready.set(false);
            awaitStatus(runtime, Map.of("replica-1", "DOWN", "replica-2", "UP"));
            assertThat(servedBy(listen, 20)).as("replica-1 unready").containsOnlyKeys("replica-2");

            two.ready.set(false);
            awaitStatus(runtime, Map.of("replica-1", "DOWN", "replica-2", "DOWN"));
            assertThat(runtime.fallbackStatus()).as("alive all along").containsEntry("replica-1", "UP").containsEntry("replica-2", "UP");
            assertThat(servedBy(listen, 20)).as("none ready: the live ones serve").containsOnlyKeys("replica-1", "replica-2");

            runtime.drain("replica-2");
            assertThat(servedBy(listen, 20)).as("replica-2 drained in both backends").containsOnlyKeys("replica-1");

            one.ready.set(true);
            runtime.ready("replica-2");
            two.ready.set(true);
            awaitStatus(runtime, Map.of("replica-1", "UP", "replica-2", "UP"));
            assertThat(servedBy(listen, 20)).as("both ready again").containsOnlyKeys("replica-1", "replica-2");
        } finally {
            haproxy.destroy();
            haproxy.waitFor();
            one.stop();
            two.stop();
        }
    }

    /**
     * HAProxy gives a server added over the runtime API none of the config's default-server settings: without them a
     * replica added live (a rollout's, a replacement) was checked every 2 s and marked down after three failures, 6 s
     * against the config's servers' 1 s. Given them, it falls as fast, and its share ramps up over the slow start.
     */
    @Test
    void aServerAddedLiveIsCheckedAsTheConfiguredOnesAndRampsUp(@TempDir Path dir) throws Exception {
        assumeTrue(Executables.onPath("haproxy") || "true".equals(System.getenv("CI")), "haproxy is not installed");
        StandIn configured = new StandIn("replica-1");
        StandIn added = new StandIn("replica-2");
        Preset preset = Presets.load("multi-az");
        Address listen = new Address("127.0.0.1", freePort());
        Process haproxy = startHaproxy(dir, preset, listen, new Address("127.0.0.1", freePort()), List.of(configured.server()));
        try {
            HaproxyRuntime runtime = new HaproxyRuntime(dir.resolve("haproxy.sock"));
            awaitStatus(runtime, Map.of("replica-1", "UP"));
            runtime.addServer("replica-2", added.server().address(), HaproxyConfig.addedServerSettings(preset.edge()));
            awaitStatus(runtime, Map.of("replica-2", "UP"));
            int rampingWeight = Integer.parseInt(runtime.column(HaproxyConfig.BACKEND, "weight").get("replica-2"));
            assertThat(rampingWeight).as("the added server's weight just after it came up, slow start of " + HaproxyConfig.SLOW_START)
                    .isLessThan(HaproxyConfig.WEIGHT / 2);
            assertThat(runtime.column(HaproxyConfig.BACKEND, "weight")).as("the configured server's").containsEntry("replica-1", "" + HaproxyConfig.WEIGHT);
            assertThat(servedBy(listen, 20)).as("both serve").containsKey("replica-1");

            added.ready.set(false);
            long unready = System.nanoTime();
            awaitStatus(runtime, Map.of("replica-2", "DOWN"));
            double seconds = (System.nanoTime() - unready) / 1e9;
            // fall 2 at the preset's interval: about two intervals; HAProxy's own defaults (every 2 s, fall 3) take 6 s.
            assertThat(seconds).as("seconds until the edge marks the added server down").isLessThan(3.0);
        } finally {
            haproxy.destroy();
            haproxy.waitFor();
            configured.stop();
            added.stop();
        }
    }

    /**
     * A replica that answers 503 (as the LMS does while its database is being failed over) gets a second try on another
     * replica for what is safe to send twice: reads, logins, writes with an Idempotency-Key. Other writes get the 503.
     */
    @Test
    void a503IsTriedAgainOnAnotherReplicaOnlyWhereASecondTryIsSafe(@TempDir Path dir) throws Exception {
        assumeTrue(Executables.onPath("haproxy") || "true".equals(System.getenv("CI")), "haproxy is not installed");
        StandIn failing = new StandIn("replica-1");
        failing.unavailable.set(true);
        StandIn serving = new StandIn("replica-2");
        Address listen = new Address("127.0.0.1", freePort());
        Process haproxy = startHaproxy(dir, Presets.load("multi-az"), listen, new Address("127.0.0.1", freePort()), List.of(failing.server(), serving.server()));
        try {
            awaitStatus(new HaproxyRuntime(dir.resolve("haproxy.sock")), Map.of("replica-1", "UP", "replica-2", "UP"));

            Map<Integer, Integer> reads = statuses(listen, "GET", "/api/courses", null, 10);
            Map<Integer, Integer> logins = statuses(listen, "POST", "/api/auth/login", null, 10);
            Map<Integer, Integer> keyed = statuses(listen, "POST", "/api/courses/1/checkout", "key-", 10);
            Map<Integer, Integer> unkeyed = statuses(listen, "POST", "/api/enrollments", null, 10);

            assertThat(failing.requests.get()).as("replica-1 was sent requests (and answered 503)").isPositive();
            assertThat(reads).as("reads").containsOnlyKeys(200);
            assertThat(logins).as("logins").containsOnlyKeys(200);
            assertThat(keyed).as("writes with an Idempotency-Key").containsOnlyKeys(200);
            assertThat(unkeyed).as("other writes: the 503 is the client's").containsKeys(200, 503);
            assertThat(serving.bodies).as("a retried body arrives whole").contains("{\"email\":\"a@b.c\",\"password\":\"secret\"}");
        } finally {
            haproxy.destroy();
            haproxy.waitFor();
            failing.stop();
            serving.stop();
        }
    }

    /** Status → how many of {@code count} requests got it; {@code keyPrefix} non-null sends an Idempotency-Key, one per request. */
    private static Map<Integer, Integer> statuses(Address edge, String method, String path, String keyPrefix, int count) throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        Map<Integer, Integer> statuses = new java.util.TreeMap<>();
        for (int i = 0; i < count; i++) {
            var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(edge.http() + path)).header("Content-Type", "application/json")
                    .method(method, method.equals("GET") ? java.net.http.HttpRequest.BodyPublishers.noBody()
                            : java.net.http.HttpRequest.BodyPublishers.ofString("{\"email\":\"a@b.c\",\"password\":\"secret\"}"));
            if (keyPrefix != null) request.header("Idempotency-Key", keyPrefix + i);
            statuses.merge(http.send(request.build(), java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode(), 1, Integer::sum);
        }
        return statuses;
    }

    /** A real HAProxy on the preset's configuration for {@code servers}, its runtime API at {@code dir}/haproxy.sock, its log in {@code dir}. */
    private static Process startHaproxy(Path dir, Preset preset, Address listen, Address metrics, List<HaproxyConfig.Server> servers) throws Exception {
        Files.writeString(dir.resolve("haproxy.cfg"), HaproxyConfig.render(preset, listen, metrics, dir.resolve("haproxy.sock").toString(), servers));
        return new ProcessBuilder("haproxy", "-W", "-db", "-f", dir.resolve("haproxy.cfg").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("haproxy.log").toFile()).start();
    }

    /** A stand-in replica: answers every request with its name (503 while unavailable), and its readiness probe as the test sets it. */
    private static final class StandIn {
        final AtomicBoolean ready = new AtomicBoolean(true);
        final AtomicBoolean unavailable = new AtomicBoolean(false);
        final java.util.concurrent.atomic.AtomicInteger requests = new java.util.concurrent.atomic.AtomicInteger();
        final List<String> bodies = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        private final com.sun.net.httpserver.HttpServer http;
        private final String name;

        StandIn(String name) throws java.io.IOException {
            this.name = name;
            http = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 64);
            http.createContext("/", exchange -> {
                String path = exchange.getRequestURI().getPath();
                boolean probe = path.startsWith("/actuator/health/");
                String body = new String(exchange.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                if (!probe) requests.incrementAndGet();
                if (!probe && !body.isEmpty()) bodies.add(body);
                int status = probe ? (path.equals("/actuator/health/readiness") && !ready.get() ? 503 : 200) : unavailable.get() ? 503 : 200;
                exchange.getResponseHeaders().set("X-Lms-Replica", name);
                exchange.sendResponseHeaders(status, -1);
                exchange.close();
            });
            http.start();
        }

        HaproxyConfig.Server server() {
            return new HaproxyConfig.Server(name, new Address("127.0.0.1", http.getAddress().getPort()));
        }

        void stop() {
            http.stop(0);
        }
    }

    /** Replica name → requests it answered, out of {@code count}; every one must succeed. */
    private static Map<String, Integer> servedBy(Address edge, int count) throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        Map<String, Integer> served = new java.util.TreeMap<>();
        for (int i = 0; i < count; i++) {
            java.net.http.HttpResponse<Void> answer = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(edge.http() + "/api/courses")).build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding());
            assertThat(answer.statusCode()).as("request " + i).isEqualTo(200);
            served.merge(answer.headers().firstValue("X-Lms-Replica").orElse("?"), 1, Integer::sum);
        }
        return served;
    }

    private static void awaitStatus(HaproxyRuntime runtime, Map<String, String> expected) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        Map<String, String> status = Map.of();
        while (System.nanoTime() < deadline) {
            try {
                status = runtime.serverStatus();
                if (status.entrySet().containsAll(expected.entrySet())) return;
            } catch (IllegalStateException notYet) {
                // the socket is not there yet
            }
            Thread.sleep(50);
        }
        assertThat(status).as("the edge's view of its servers").containsAllEntriesOf(expected);
    }

    @Test
    void generatedConfigurationIsAcceptedByHaproxy(@TempDir Path dir) throws Exception {
        assumeTrue(Executables.onPath("haproxy") || !"true".equals(System.getenv("CI")), "haproxy is not installed");
        org.junit.jupiter.api.Assertions.assertTrue(Executables.onPath("haproxy"), "haproxy must be installed (.ci/run installs it)");
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
                "option httpchk GET /actuator/health/liveness", "use_backend replicas-alive if { nbsrv(replicas) eq 0 }",
                "deny_status 429", "Retry-After", "prometheus-exporter", "server replica-2 127.0.0.1:18102", "option redispatch");
    }
}
