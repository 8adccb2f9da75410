package org.lmsharness.capacity;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A small web app that is not the LMS, for the tests: the three endpoints of the example
 * ShopSimulation, served by one thread with a fixed service time, so its capacity is known
 * (about 1000 / serviceMillis requests per second) and overload shows as queueing.
 */
public final class ShopServer implements AutoCloseable {

    static {
        // The JDK server writes headers and body apart; without TCP_NODELAY each response waits ~40 ms for a delayed ACK.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final AtomicLong served = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final HttpServer server;
    private final ExecutorService worker = Executors.newSingleThreadExecutor();

    /** @param failEvery every n-th cart request answers 500; 0 for none */
    public ShopServer(long serviceMillis, int failEvery) throws IOException {
        this(serviceMillis, failEvery, 0);
    }

    /**
     * @param failEvery              every n-th cart request answers 500; 0 for none
     * @param slowerPercentPerMinute the service time grows this much per minute since the start (a table
     *                               that grows, a cache that fills): a target that drifts; 0 for a steady one
     */
    public ShopServer(long serviceMillis, int failEvery, double slowerPercentPerMinute) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
        AtomicLong carts = new AtomicLong();
        long started = System.nanoTime();
        server.createContext("/", exchange -> {
            double minutes = (System.nanoTime() - started) / 60e9;
            busy(Math.round(serviceMillis * (1 + slowerPercentPerMinute / 100 * minutes)));
            boolean fail = exchange.getRequestURI().getPath().equals("/cart") && failEvery > 0 && carts.incrementAndGet() % failEvery == 0;
            respond(exchange, fail ? 500 : exchange.getRequestMethod().equals("POST") ? 201 : 200);
            served.incrementAndGet();
            if (fail) failed.incrementAndGet();
        });
        server.setExecutor(worker);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public long served() {
        return served.get();
    }

    public long failed() {
        return failed.get();
    }

    private static void busy(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void respond(HttpExchange exchange, int status) throws IOException {
        byte[] body = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
        exchange.getRequestBody().readAllBytes();
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
        worker.shutdownNow();
    }
}
