package org.lmsharness.lms.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The packaged LMS as a real process ({@code java -jar}), for what only a process shows: signals, exit codes, stderr. */
public final class LmsProcess implements AutoCloseable {

    private static final Pattern READY = Pattern.compile("LMS ready on http://127\\.0\\.0\\.1:(\\d+)");

    private final Process process;
    private final List<String> stdout = new CopyOnWriteArrayList<>();
    private final List<String> stderr = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Integer> ready = new CompletableFuture<>();

    private LmsProcess(Process process) {
        this.process = process;
        pump(process.getInputStream(), stdout, true);
        pump(process.getErrorStream(), stderr, false);
        process.onExit().thenRun(() -> ready.complete(-1));
    }

    public static Path jar() {
        String jar = System.getProperty("lms.jar");
        if (jar == null) throw new IllegalStateException("system property lms.jar is not set: run through Maven (failsafe) after package");
        return Path.of(jar);
    }

    public static LmsProcess start(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m", "-jar", jar().toString()));
        command.addAll(List.of(args));
        return new LmsProcess(new ProcessBuilder(command).start());
    }

    /** The HTTP port once the LMS printed its ready line, or -1 if it exited first. */
    public int awaitReady(long seconds) throws Exception {
        return ready.get(seconds, TimeUnit.SECONDS);
    }

    public int awaitExit(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) throw new IllegalStateException("process still running after " + seconds + " s");
        return process.exitValue();
    }

    /** SIGTERM, as an orchestrator stopping a replica sends. */
    public void terminate() {
        process.destroy();
    }

    public List<String> stdout() {
        return stdout;
    }

    public List<String> stderr() {
        return stderr;
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    private void pump(java.io.InputStream in, List<String> lines, boolean watchReady) {
        Thread thread = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line; (line = reader.readLine()) != null; ) {
                    lines.add(line);
                    Matcher matcher = READY.matcher(line);
                    if (watchReady && matcher.find()) ready.complete(Integer.parseInt(matcher.group(1)));
                }
            } catch (IOException ignored) {
                // the process ended
            }
        });
        thread.setDaemon(true);
        thread.start();
    }
}
