package org.lmsharness.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.lmsharness.common.Durations;
import org.lmsharness.simulations.Load;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** A deployment that runs already, given by its URLs, instead of one the command boots. Shared by capacity and simulate. */
final class TargetOptions {

    @Option(names = "--base-url", paramLabel = "URL", split = ",",
            description = "Drive this deployment instead of booting one (several edges separated by commas); it must answer before the load starts.")
    List<String> baseUrls = new ArrayList<>();

    @Option(names = "--wait-for-target", paramLabel = "DURATION", defaultValue = "0s", converter = Converters.DurationConverter.class,
            description = "With --base-url: keep asking this long for the target to answer (an app started just before); 0s asks once (default: ${DEFAULT-VALUE}).")
    Duration waitForTarget;

    /** The URLs given, checked for shape; empty when the command boots its own deployment. */
    List<String> urls(CommandSpec spec) {
        if (waitForTarget.compareTo(Duration.ofMinutes(10)) > 0) Checks.within(spec, "--wait-for-target", waitForTarget, Duration.ofMinutes(10));
        List<String> urls = baseUrls.stream().map(String::trim).filter(url -> !url.isEmpty()).toList();
        for (String url : urls) {
            if (!url.matches(Checks.HTTP_URL)) throw ExitException.badInput("--base-url must be an http(s) URL such as http://127.0.0.1:8080, got '" + url + "'");
        }
        return urls;
    }

    /** Something answers at each URL (any HTTP status), within --wait-for-target; else refused in one line before any load. */
    void requireAnswers(List<String> urls) {
        for (String url : urls) requireAnswer(url);
    }

    private void requireAnswer(String url) {
        long deadline = System.nanoTime() + waitForTarget.toNanos();
        while (true) {
            try {
                Load.requireReachable(url);
                return;
            } catch (Load.Invalid e) {
                if (System.nanoTime() >= deadline) {
                    String reason = e.getMessage().substring(e.getMessage().indexOf(url) + url.length()).replaceFirst("^: ", "").replaceFirst("'$", "");
                    throw ExitException.badInput("--base-url " + url + " does not answer (" + reason + ")" + (waitForTarget.isZero() ? "" : " after "
                            + waitForTarget.toSeconds() + " s") + ": nothing was measured");
                }
                if (!Durations.pause(500)) throw new ExitException(1, "interrupted while waiting for the target");
            }
        }
    }
}
