package org.lmsharness.topology.edge;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.lmsharness.common.Address;

/**
 * HAProxy's runtime API over its admin socket: replicas are added, drained and removed while
 * traffic flows, without a reload. A new server starts in maintenance, hence the enable steps; a
 * server can only be deleted from maintenance.
 */
public final class HaproxyRuntime {

    /** How long one command may take; a live HAProxy answers in milliseconds. */
    static final Duration TIMEOUT = Duration.ofSeconds(3);
    private static final ExecutorService EXCHANGES = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "haproxy-runtime");
        thread.setDaemon(true);
        return thread;
    });

    private final java.net.SocketAddress socket;

    /** The admin socket as a Unix socket (local back end). */
    public HaproxyRuntime(Path socket) {
        this.socket = UnixDomainSocketAddress.of(socket);
    }

    /** The admin socket over TCP (container back end: {@code stats socket ipv4@0.0.0.0:9999}). */
    public HaproxyRuntime(Address address) {
        this.socket = new java.net.InetSocketAddress(address.host(), address.port());
    }

    /** Adds the server to both backends (HaproxyConfig.BACKENDS) with {@code settings} ({@link HaproxyConfig#addedServerSettings}). */
    public void addServer(String name, Address address, String settings) {
        for (String backend : HaproxyConfig.BACKENDS) {
            expectEmpty(command("add server " + backend + "/" + name + " " + address.hostPort() + " " + settings), "New server registered.");
            command("enable health " + backend + "/" + name);
            command("enable server " + backend + "/" + name);
        }
    }

    /** Stops new requests to the server; those in flight finish. */
    public void drain(String name) {
        setState(name, "drain");
    }

    public void ready(String name) {
        setState(name, "ready");
    }

    /** No traffic and no health checks for the server until {@link #ready}. */
    public void maintenance(String name) {
        setState(name, "maint");
    }

    private void setState(String name, String state) {
        for (String backend : HaproxyConfig.BACKENDS) command("set server " + backend + "/" + name + " state " + state);
    }

    /** Drains the server, waits (up to 10 s) for its requests in flight to finish, then deletes it. */
    public void removeServer(String name) {
        drain(name);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline && currentSessions(name) > 0) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        maintenance(name);
        for (String backend : HaproxyConfig.BACKENDS) {
            command("shutdown sessions server " + backend + "/" + name);
            expectEmpty(command("del server " + backend + "/" + name), "Server deleted.");
        }
    }

    /** Server name → operational status as HAProxy reports it (UP, DOWN, MAINT, DRAIN, …). */
    public Map<String, String> serverStatus() {
        return column("status");
    }

    /** Server name → operational status in the fallback backend, which checks liveness. */
    public Map<String, String> fallbackStatus() {
        return column(HaproxyConfig.FALLBACK, "status");
    }

    private int currentSessions(String name) {
        int sessions = 0;
        for (String backend : HaproxyConfig.BACKENDS) {
            String current = column(backend, "scur").get(name);
            if (current != null && !current.isEmpty()) sessions += Integer.parseInt(current);
        }
        return sessions;
    }

    private Map<String, String> column(String column) {
        return column(HaproxyConfig.BACKEND, column);
    }

    /** One column of {@code show stat} for every server of a backend. */
    Map<String, String> column(String backend, String column) {
        Map<String, String> values = new LinkedHashMap<>();
        String[] lines = command("show stat -1 4 -1").split("\n");
        if (lines.length == 0) return values;
        String[] header = lines[0].replaceFirst("^# ", "").split(",");
        int nameColumn = indexOf(header, "svname");
        int valueColumn = indexOf(header, column);
        for (int i = 1; i < lines.length; i++) {
            String[] fields = lines[i].split(",", -1);
            if (fields.length > valueColumn && fields[0].equals(backend)) values.put(fields[nameColumn], fields[valueColumn]);
        }
        return values;
    }

    /**
     * Sends one command and returns HAProxy's answer. A frozen HAProxy still accepts the connection
     * (the kernel does), so the exchange gets {@link #TIMEOUT}: after it the channel is closed, which
     * ends the blocked read.
     */
    public String command(String command) {
        try (SocketChannel channel = socket instanceof UnixDomainSocketAddress
                ? SocketChannel.open(StandardProtocolFamily.UNIX) : SocketChannel.open()) {
            Future<String> answer = EXCHANGES.submit(() -> exchange(channel, command));
            try {
                return answer.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                channel.close();
                throw new IllegalStateException("HAProxy runtime API at " + socket + " did not answer '" + command + "' within " + TIMEOUT.toSeconds() + " s");
            } catch (ExecutionException e) {
                throw new IllegalStateException("HAProxy runtime API at " + socket + " failed on '" + command + "': " + e.getCause().getMessage(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while HAProxy answered '" + command + "'", e);
            }
        } catch (IOException e) {
            throw new IllegalStateException("HAProxy runtime API at " + socket + " failed on '" + command + "': " + e.getMessage(), e);
        }
    }

    private String exchange(SocketChannel channel, String command) throws IOException {
        channel.connect(socket);
        channel.write(ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.UTF_8)));
        StringBuilder answer = new StringBuilder();
        ByteBuffer buffer = ByteBuffer.allocate(16 * 1024);
        while (channel.read(buffer) > 0) {
            buffer.flip();
            answer.append(StandardCharsets.UTF_8.decode(buffer));
            buffer.clear();
        }
        return answer.toString().trim();
    }

    private static void expectEmpty(String answer, String expected) {
        if (!answer.isEmpty() && !answer.contains(expected)) throw new IllegalStateException("HAProxy answered: " + answer);
    }

    private static int indexOf(String[] header, String column) {
        for (int i = 0; i < header.length; i++) if (header[i].equals(column)) return i;
        throw new IllegalStateException("HAProxy stats have no column " + column);
    }
}
