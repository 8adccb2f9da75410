package org.lmsharness.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.lmsharness.common.Executables;

/**
 * Runs Prometheus's own {@code promtool} (Debian package {@code prometheus}) in tests. Where it is
 * missing the test is skipped with a clear message, except in CI ({@code CI=true}), where
 * {@code .ci/run} installs it and a missing promtool fails the test.
 */
public final class Promtool {

    public record Result(int exitCode, String output) {}

    private Promtool() {}

    public static void require() {
        if (!Executables.onPath("promtool")) {
            String message = "promtool not found on PATH (Debian: apt-get install prometheus)";
            if ("true".equals(System.getenv("CI"))) throw new AssertionError(message + "; .ci/run installs it");
            Assumptions.abort(message + "; skipped");
        }
    }

    /** promtool with these arguments in dir; asserts it exits 0 and returns its output. */
    public static String succeeds(Path dir, String... args) {
        Result result = run(dir, args);
        assertThat(result.exitCode()).as("promtool %s:%n%s", String.join(" ", args), result.output()).isZero();
        return result.output();
    }

    public static Result run(Path dir, String... args) {
        require();
        List<String> command = new ArrayList<>();
        command.add("promtool");
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("promtool " + String.join(" ", args) + " did not finish in 60 s");
            }
            return new Result(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("promtool could not run: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
