package org.lmsharness.toxiproxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A small TCP server on 127.0.0.1 for tests to proxy to: it echoes what it reads, or (greeter)
 * writes a greeting and closes. One daemon thread per connection; {@link #close()} ends them all.
 */
final class Upstream implements AutoCloseable {

    private final ServerSocket server;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final String greeting;

    private Upstream(String greeting) throws IOException {
        this.greeting = greeting;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "upstream-accept-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    static Upstream echo() throws IOException {
        return new Upstream(null);
    }

    /** Writes {@code greeting} to each client and closes the connection. */
    static Upstream greeter(String greeting) throws IOException {
        return new Upstream(greeting);
    }

    int port() {
        return server.getLocalPort();
    }

    /** {@code 127.0.0.1:port}, as a proxy's upstream. */
    String address() {
        return "127.0.0.1:" + port();
    }

    private void accept() {
        while (!server.isClosed()) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException closed) {
                return;
            }
            sockets.add(socket);
            Thread worker = new Thread(() -> serve(socket), "upstream-" + socket.getPort());
            worker.setDaemon(true);
            worker.start();
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            if (greeting != null) {
                out.write(greeting.getBytes(StandardCharsets.UTF_8));
                out.flush();
                return;
            }
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException gone) {
            // the client or the proxy closed or reset the connection
        } finally {
            sockets.remove(socket);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : sockets) socket.close();
    }
}
