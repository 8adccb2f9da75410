package org.lmsharness.toxiproxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Not a timed assertion: prints what the proxy adds per request, p50 and p99 of proxied minus direct
 * round trips (100-byte TCP echo and HTTP GET, one persistent connection, one request at a time),
 * and the proxy process's CPU per request. The proxy is the packaged jar in its own JVM, so its CPU
 * is its own. Also writes the figures to target/toxiproxy-overhead.txt. A benchmark, not a test: the
 * test command skips it (it asserts nothing and took 30 s); run it with {@code -Dbenchmark=proxy}:
 * {@code ./mvnw -pl toxiproxy verify -Dbenchmark=proxy -Dit.test=ProxyOverheadBenchmarkIT -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "proxy", disabledReason = "a benchmark: run it with -Dbenchmark=proxy")
class ProxyOverheadBenchmarkIT {

    static final int WARM_UP = Integer.getInteger("benchmark.warmup", 5_000);
    static final int REQUESTS = Integer.getInteger("benchmark.requests", 20_000);

    @Test
    void printsTheProxysOverheadPerRequest() throws Exception {
        // The JDK's server writes headers and body apart; with Nagle on, each request waits for a
        // delayed ACK (~40 ms), and the direct path would measure the kernel, not the proxy.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        StringBuilder report = new StringBuilder();
        try (ServerProcess server = ServerProcess.start(); Upstream echo = Upstream.echo()) {
            HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
            byte[] hello = "hello".getBytes();
            http.createContext("/", exchange -> {
                exchange.getRequestBody().readAllBytes();
                exchange.sendResponseHeaders(200, hello.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(hello);
                }
            });
            http.start();
            try {
                ToxiproxyClient client = new ToxiproxyClient("127.0.0.1", server.port);
                Proxy tcp = client.createProxy("bench_tcp", "127.0.0.1:0", echo.address());
                Proxy web = client.createProxy("bench_http", "127.0.0.1:0", "127.0.0.1:" + http.getAddress().getPort());
                ProcessHandle proxyProcess = server.process.toHandle();

                report.append(measure("tcp echo 100 B", proxyProcess,
                        () -> echoRoundTrips(echo.port()), () -> echoRoundTrips(ToxiproxyConformance.port(tcp))));
                report.append(measure("http GET", proxyProcess,
                        () -> httpRequests(http.getAddress().getPort()), () -> httpRequests(ToxiproxyConformance.port(web))));
            } finally {
                http.stop(0);
            }
        }
        report.insert(0, String.format(Locale.ROOT, "proxy overhead, %d requests after %d warm-up, one at a time, %d cores, %s%n",
                REQUESTS, WARM_UP, Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name") + " " + Runtime.version()));
        System.out.print(report);
        Files.writeString(Path.of("target", "toxiproxy-overhead.txt"), report);
        assertThat(report).contains("added p50");
    }

    interface Run {
        long[] nanos() throws IOException;
    }

    private static String measure(String what, ProcessHandle proxy, Run direct, Run proxied) throws IOException {
        direct.nanos(); // warm both paths
        proxied.nanos();
        long[] d = direct.nanos();
        Duration cpuBefore = proxy.info().totalCpuDuration().orElse(Duration.ZERO);
        long[] p = proxied.nanos();
        Duration cpu = proxy.info().totalCpuDuration().orElse(Duration.ZERO).minus(cpuBefore);
        Arrays.sort(d);
        Arrays.sort(p);
        double p50d = pct(d, 0.50), p99d = pct(d, 0.99), p50p = pct(p, 0.50), p99p = pct(p, 0.99);
        return String.format(Locale.ROOT,
                "%s: direct p50 %.1f µs p99 %.1f µs; proxied p50 %.1f µs p99 %.1f µs; added p50 %.1f µs p99 %.1f µs; proxy CPU %.1f µs per request%n",
                what, p50d, p99d, p50p, p99p, p50p - p50d, p99p - p99d, cpu.toNanos() / 1e3 / p.length);
    }

    private static double pct(long[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1e3;
    }

    private static long[] echoRoundTrips(int port) throws IOException {
        long[] nanos = new long[REQUESTS];
        byte[] payload = new byte[100];
        byte[] back = new byte[100];
        try (Socket socket = Wire.connect(port)) {
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            for (int i = -WARM_UP; i < REQUESTS; i++) {
                long start = System.nanoTime();
                out.write(payload);
                if (in.readNBytes(back, 0, 100) < 100) throw new IOException("echo closed early");
                if (i >= 0) nanos[i] = System.nanoTime() - start;
            }
        }
        return nanos;
    }

    /** HttpURLConnection keeps one connection alive across requests when the body is read whole. */
    private static long[] httpRequests(int port) throws IOException {
        long[] nanos = new long[REQUESTS];
        URL url = new URL("http://127.0.0.1:" + port + "/");
        for (int i = -WARM_UP; i < REQUESTS; i++) {
            long start = System.nanoTime();
            HttpURLConnection connection = (HttpURLConnection) url.openConnection();
            try (InputStream in = connection.getInputStream()) {
                in.readAllBytes();
            }
            if (connection.getResponseCode() != 200) throw new IOException("status " + connection.getResponseCode());
            if (i >= 0) nanos[i] = System.nanoTime() - start;
        }
        return nanos;
    }
}
