package org.example.shop;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;

/**
 * A small web shop, the team's own app: a catalogue, a product, a cart. One worker thread serves
 * them, 8 ms each (waiting, as on a database, not burning CPU), so one instance takes about 125
 * requests per second and then queues. Stops by itself after the lifetime given (the build starts
 * it in the background).
 *
 * <pre>java -cp target/classes org.example.shop.ShopApp PORT [LIFETIME_SECONDS]</pre>
 */
public final class ShopApp {

    public static void main(String[] args) throws IOException, InterruptedException {
        // The JDK server writes headers and body apart; without TCP_NODELAY each response waits for a delayed ACK.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        int port = Integer.parseInt(args[0]);
        Duration lifetime = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 600);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 256);
        server.createContext("/products", exchange -> respond(exchange, 200, "[{\"id\":7,\"name\":\"mug\"}]"));
        server.createContext("/cart", exchange -> respond(exchange, exchange.getRequestMethod().equals("POST") ? 201 : 405, "{\"ok\":true}"));
        server.setExecutor(Executors.newSingleThreadExecutor());
        server.start();
        System.out.println("shop listening on http://127.0.0.1:" + port + " for " + lifetime.toSeconds() + " s");
        Thread.sleep(lifetime.toMillis());
        server.stop(0);
        System.exit(0);
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        try {
            Thread.sleep(8); // the time a request takes
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getRequestBody().readAllBytes();
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }
}
