package org.lmsharness.paymentstub;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The external payment provider the LMS charges through, reduced to what matters for capacity and
 * chaos work: real HTTP, charges deduplicated by {@code Idempotency-Key} (as real providers do), and
 * a latency and failure rate that can be changed while it runs.
 *
 * <pre>
 *   LMS replica --POST /v1/charges--> stub --(latency, failures)--> charge stored once per key
 *   tests / chaos --POST /admin/behaviour, GET /admin/stats--> stub
 * </pre>
 *
 * Written on the JDK's own HTTP server: a stub needs no framework, and starts in milliseconds.
 */
public final class PaymentProviderStub implements AutoCloseable {

    /** A charge the provider made; {@code amountCents} in the currency's minor unit. */
    public record Charge(String id, String idempotencyKey, long amountCents, String currency, String reference) {}

    /** How the provider behaves now: added latency per request, and the share of requests that fail. */
    public record Behaviour(long latencyMillis, double failureRate, int failureStatus) {
        public Behaviour {
            if (latencyMillis < 0) throw new IllegalArgumentException("latencyMillis must be >= 0, got " + latencyMillis);
            if (failureRate < 0 || failureRate > 1) throw new IllegalArgumentException("failureRate must be within [0, 1], got " + failureRate);
            if (failureStatus < 400 || failureStatus > 599) throw new IllegalArgumentException("failureStatus must be a 4xx or 5xx status, got " + failureStatus);
        }

        public static Behaviour healthy() {
            return new Behaviour(0, 0.0, 503);
        }
    }

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final HttpServer server;
    private final ExecutorService workers;
    private final Map<String, Charge> chargesByKey = new ConcurrentHashMap<>();
    private final AtomicLong chargeRequests = new AtomicLong();
    private final AtomicLong chargesMade = new AtomicLong();
    private final AtomicInteger chargesInFlight = new AtomicInteger();
    private final AtomicLong failuresInjected = new AtomicLong();
    private volatile Behaviour behaviour = Behaviour.healthy();

    private PaymentProviderStub(HttpServer server, int threads) {
        this.server = server;
        this.workers = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "payment-stub");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(workers);
        server.createContext("/v1/charges", this::charges);
        server.createContext("/admin/behaviour", this::behaviourEndpoint);
        server.createContext("/admin/stats", exchange -> respond(exchange, 200, stats()));
        server.createContext("/admin/reset", exchange -> {
            reset();
            respond(exchange, 200, stats());
        });
        server.createContext("/health", exchange -> respond(exchange, 200, Map.of("status", "UP")));
    }

    /** Starts a stub on {@code host:port} (port 0 picks a free one) serving with {@code threads} threads. */
    public static PaymentProviderStub start(String host, int port, int threads) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 256);
        PaymentProviderStub stub = new PaymentProviderStub(server, threads);
        server.start();
        return stub;
    }

    /** A stub on a free loopback port, for tests. */
    public static PaymentProviderStub startOnLoopback() throws IOException {
        return start("127.0.0.1", 0, 64);
    }

    public URI baseUri() {
        InetSocketAddress address = server.getAddress();
        return URI.create("http://" + address.getHostString() + ":" + address.getPort());
    }

    public void behave(Behaviour behaviour) {
        this.behaviour = behaviour;
    }

    /** Charges actually made: one per distinct idempotency key, whatever the number of requests. */
    public long chargesMade() {
        return chargesMade.get();
    }

    public long chargeRequests() {
        return chargeRequests.get();
    }

    /** Charge requests still being answered: one a client gave up on (a timeout) may still be charged after it left. */
    public int chargesInFlight() {
        return chargesInFlight.get();
    }

    public Charge chargeFor(String idempotencyKey) {
        return chargesByKey.get(idempotencyKey);
    }

    public void reset() {
        chargesByKey.clear();
        chargeRequests.set(0);
        chargesMade.set(0);
        failuresInjected.set(0);
        behaviour = Behaviour.healthy();
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }

    private Map<String, Object> stats() {
        Behaviour now = behaviour;
        return Map.of(
                "chargeRequests", chargeRequests.get(),
                "chargesMade", chargesMade.get(),
                "failuresInjected", failuresInjected.get(),
                "latencyMillis", now.latencyMillis(),
                "failureRate", now.failureRate(),
                "failureStatus", now.failureStatus());
    }

    private void charges(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                respond(exchange, 405, error("method " + exchange.getRequestMethod() + " not allowed, use POST"));
                return;
            }
            chargeRequests.incrementAndGet();
            chargesInFlight.incrementAndGet();
            try {
                charge(exchange);
            } finally {
                chargesInFlight.decrementAndGet();
            }
        }
    }

    /** One charge request: the behaviour's latency and failures, then at most one charge per key. */
    private void charge(HttpExchange exchange) throws IOException {
        Behaviour now = behaviour;
        pause(now.latencyMillis());
        if (now.failureRate() > 0 && ThreadLocalRandom.current().nextDouble() < now.failureRate()) {
            failuresInjected.incrementAndGet();
            respond(exchange, now.failureStatus(), error("injected failure"));
            return;
        }
        String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
        if (key == null || key.isBlank()) {
            respond(exchange, 400, error("Idempotency-Key header is required"));
            return;
        }
        JsonNode body;
        try (InputStream in = exchange.getRequestBody()) {
            body = JSON.readTree(in);
        } catch (JacksonException e) {
            respond(exchange, 400, error("body is not JSON"));
            return;
        }
        long amount = body.path("amountCents").asLong(-1);
        String currency = body.path("currency").asString("");
        if (amount < 0 || currency.length() != 3) {
            respond(exchange, 400, error("amountCents (>= 0) and currency (3 letters) are required"));
            return;
        }
        String reference = body.path("reference").asString("");
        boolean[] created = {false};
        Charge charge = chargesByKey.computeIfAbsent(key, k -> {
            created[0] = true;
            chargesMade.incrementAndGet();
            return new Charge("ch_" + chargesMade.get() + "_" + Long.toHexString(System.nanoTime()), k, amount, currency, reference);
        });
        respond(exchange, created[0] ? 201 : 200, Map.of(
                "id", charge.id(),
                "status", "succeeded",
                "amountCents", charge.amountCents(),
                "currency", charge.currency(),
                "idempotencyKey", charge.idempotencyKey()));
    }

    private void behaviourEndpoint(HttpExchange exchange) throws IOException {
        try (exchange) {
            if ("GET".equals(exchange.getRequestMethod())) {
                respond(exchange, 200, behaviour);
                return;
            }
            if (!"POST".equals(exchange.getRequestMethod()) && !"PUT".equals(exchange.getRequestMethod())) {
                respond(exchange, 405, error("use GET, PUT or POST"));
                return;
            }
            try (InputStream in = exchange.getRequestBody()) {
                JsonNode body = JSON.readTree(in);
                Behaviour current = behaviour;
                behaviour = new Behaviour(
                        body.path("latencyMillis").asLong(current.latencyMillis()),
                        body.path("failureRate").asDouble(current.failureRate()),
                        body.path("failureStatus").asInt(current.failureStatus()));
                respond(exchange, 200, behaviour);
            } catch (JacksonException | IllegalArgumentException e) {
                respond(exchange, 400, error(e.getMessage()));
            }
        }
    }

    private static void pause(long millis) {
        if (millis <= 0) return;
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Map<String, String> error(String message) {
        return Map.of("error", message);
    }

    /**
     * The one answer of an exchange, which it ends: an exchange left open keeps its kept-alive connection from the next
     * request, so a client that reused it after a health check waited out its timeout. (Closing twice is harmless.)
     */
    private static void respond(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
