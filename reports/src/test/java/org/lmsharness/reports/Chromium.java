package org.lmsharness.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * A real headless Chromium for the tests of the harness's HTML pages (the capacity report, the chaos
 * report): it opens a page, runs its scripts and hands back the DOM. Shared with other modules
 * through this module's test jar.
 */
public final class Chromium {

    public static final Path BINARY = Path.of("/usr/bin/chromium");

    private Chromium() {}

    /** Skips the test with a message where Chromium is missing, except in CI ({@code CI=true}), where it must be there. */
    public static void requireInstalled() {
        if (Files.isExecutable(BINARY)) return;
        if ("true".equals(System.getenv("CI"))) fail("chromium is required in CI (apt-get install -y chromium): " + BINARY + " is missing");
        Assumptions.abort(BINARY + " is missing: report rendering not checked (apt-get install -y chromium)");
    }

    /** Chromium's serialised DOM after scripts ran; a fresh profile so nothing is shared between runs. */
    public static String dumpDom(Path page, Path scratch) throws IOException, InterruptedException {
        return new String(run(page, scratch, "--dump-dom"), StandardCharsets.UTF_8);
    }

    public static byte[] run(Path page, Path scratch, String... action) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + Files.createTempDirectory(scratch, "chromium-profile"),
                "--virtual-time-budget=5000"));
        command.addAll(List.of(action));
        command.add(page.toUri().toString());
        Path log = scratch.resolve("chromium.log");
        Process process = new ProcessBuilder(command).redirectError(log.toFile()).start();
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("chromium did not finish within 90 s");
        }
        assertThat(process.exitValue()).as("chromium exit code; its log: %s", Files.readString(log)).isZero();
        return out;
    }

    /** The body's data-rendered attribute, which a page sets to "ok" at the end of its script (or to the error). */
    public static String rendered(String dom) {
        Matcher body = Pattern.compile("<body[^>]*data-rendered=\"([^\"]*)\"").matcher(dom);
        return body.find() ? body.group(1) : "missing (the page's script did not run to its end)";
    }

    /** The chart's element up to the next figure. */
    public static String container(String dom, String id) {
        int start = dom.indexOf("id=\"" + id + "\"");
        assertThat(start).as("element #" + id).isNotNegative();
        int end = dom.indexOf("</figure>", start);
        return dom.substring(start, end < 0 ? dom.length() : end);
    }

    public static long drawnPaths(String svg) {
        return Pattern.compile("<path[^>]*\\sd=\"M").matcher(svg).results().count();
    }
}
