package org.lmsharness.toxiproxy;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The packaged server run as a process ({@code java -jar target/toxiproxy-<version>-all.jar ...}), for ITs. */
final class ServerProcess implements AutoCloseable {

    final Process process;
    final int port;
    final Path log;

    private ServerProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    static Path jar() {
        Path jar = Path.of(System.getProperty("toxiproxy.jar", "target/toxiproxy-0.1.0-SNAPSHOT-all.jar"));
        if (!Files.isRegularFile(jar)) throw new IllegalStateException("no server jar at " + jar + ": run mvn -pl toxiproxy package");
        return jar;
    }

    static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    /** Runs the jar with {@code flags} and waits (at most 5 s) for its exit; stderr and stdout merged. */
    static Finished run(String... flags) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(java(), "-jar", jar().toString()));
        command.addAll(List.of(flags));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("still running after 5 s: " + command);
        }
        return new Finished(process.exitValue(), new String(process.getInputStream().readAllBytes()));
    }

    record Finished(int exitCode, String output) {
    }

    /** Starts the server on a free port with {@code extraFlags}; waits (at most 15 s) for GET /version. */
    static ServerProcess start(String... extraFlags) throws IOException, InterruptedException {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        Path log = Files.createTempFile("toxiproxy-server", ".log");
        List<String> command = new ArrayList<>(List.of(java(), "-jar", jar().toString(), "-host", "127.0.0.1", "-port", String.valueOf(port)));
        command.addAll(List.of(extraFlags));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        // A test JVM stopped mid-test (a timeout, Ctrl-C) must not leave the server listening.
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
        ServerProcess server = new ServerProcess(process, port, log);
        HttpClient http = HttpClient.newHttpClient();
        for (int i = 0; i < 150; i++) {
            if (!process.isAlive()) throw new IllegalStateException("server exited " + process.exitValue() + ": " + Files.readString(log));
            try {
                HttpResponse<String> version = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/version"))
                        .timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.ofString());
                if (version.statusCode() == 200) return server;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        server.close();
        throw new IllegalStateException("server did not answer /version within 15 s: " + Files.readString(log));
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public void close() throws IOException {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Files.deleteIfExists(log);
    }
}
