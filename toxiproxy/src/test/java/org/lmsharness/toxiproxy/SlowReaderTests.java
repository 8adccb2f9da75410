package org.lmsharness.toxiproxy;

import static org.assertj.core.api.Assertions.assertThat;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import java.io.IOException;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Memory stays bounded when the far side does not read: the proxy stops reading (autoRead off)
 * once a link holds 1 MiB, and TCP pushes back on the sender. Measured from the proxy's own byte
 * counters: read from the client minus written to the upstream.
 */
class SlowReaderTests {

    @RegisterExtension
    static final ToxiproxyExtension toxiproxy = new ToxiproxyExtension();

    @Test
    void aClientThatNeverReadsIsHeldBackNotBuffered() throws Exception {
        long held = heldAfterWritingFor(null);
        System.out.println("[figure] slow reader: bytes held in the proxy's upstream link after 1.5 s of writing: " + held);
        assertThat(held).as("bytes held by the proxy").isLessThan(4L << 20);
    }

    @Test
    void bandwidthRateZeroHoldsAtMostTheLinkLimit() throws Exception {
        long held = heldAfterWritingFor("rate0");
        System.out.println("[figure] bandwidth 0: bytes held in the proxy's upstream link after 1.5 s of writing: " + held);
        assertThat(held).isLessThan(4L << 20);
    }

    private long heldAfterWritingFor(String rateZero) throws Exception {
        ToxiproxyServer server = toxiproxy.server();
        ToxiproxyClient client = new ToxiproxyClient(server.host(), server.port());
        RawApi api = new RawApi(server.url());
        try (Upstream echo = Upstream.echo()) {
            Proxy proxy = client.createProxy("slow_" + (rateZero == null ? "reader" : rateZero), "127.0.0.1:0", echo.address());
            if (rateZero != null) proxy.toxics().bandwidth("cut", ToxicDirection.UPSTREAM, 0);
            AtomicLong written = new AtomicLong();
            try (Socket socket = Wire.connect(ToxiproxyConformance.port(proxy))) {
                Thread writer = new Thread(() -> {
                    byte[] block = new byte[64 * 1024];
                    try {
                        for (int i = 0; i < 4096; i++) { // at most 256 MiB
                            socket.getOutputStream().write(block);
                            written.addAndGet(block.length);
                        }
                    } catch (IOException closed) {
                        // the test closed the socket
                    }
                });
                writer.setDaemon(true);
                writer.start();
                Thread.sleep(1500);
                String metrics = api.get("/metrics").body();
                long received = counter(metrics, "received", "upstream", proxy.getName());
                long sent = counter(metrics, "sent", "upstream", proxy.getName());
                System.out.printf("[figure] client wrote %d bytes; the proxy read %d and wrote %d%n", written.get(), received, sent);
                assertThat(written.get()).as("the client was held back").isLessThan(64L << 20);
                return received - sent;
            } finally {
                proxy.delete();
            }
        }
    }

    private static long counter(String metrics, String kind, String direction, String proxy) {
        Matcher m = Pattern.compile("toxiproxy_proxy_" + kind + "_bytes_total\\{direction=\"" + direction
                + "\",[^}]*proxy=\"" + proxy + "\"[^}]*} (\\d+)").matcher(metrics);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }
}
