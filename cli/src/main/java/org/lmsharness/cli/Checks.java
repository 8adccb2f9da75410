package org.lmsharness.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.lmsharness.topology.ExtractedJar;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Range checks on typed options: one line naming the option, what it must be and what it was. */
final class Checks {

    /** An http(s) URL with a host: what every URL option takes. */
    static final String HTTP_URL = "https?://[^/\\s]+.*";

    private Checks() {}

    static void within(CommandSpec spec, String option, double value, double min, double max) {
        if (!(value >= min && value <= max)) throw new ParameterException(spec.commandLine(),
                option + " must be a number within " + plain(min) + ".." + plain(max) + ", got " + plain(value));
    }

    static void within(CommandSpec spec, String option, Duration value, Duration max) {
        if (value.isZero() || value.isNegative() || value.compareTo(max) > 0) throw new ParameterException(spec.commandLine(),
                option + " must be a duration above 0 and up to " + max.toMinutes() + "m, got " + value.toMillis() + "ms");
    }

    static String plain(double number) {
        return number == Math.rint(number) && Math.abs(number) < 1e15 ? Long.toString((long) number) : Double.toString(number);
    }

    /** The jar, checked now: a file, and a Spring Boot application (its manifest says so). */
    static Path springBootJar(String option, Path jar) {
        if (!Files.isRegularFile(jar)) throw ExitException.badInput(option + " " + jar + ": no such file (a Spring Boot jar of the LMS)");
        try {
            if (!ExtractedJar.isSpringBootJar(jar)) {
                throw ExitException.badInput(option + " " + jar + " is not a Spring Boot jar (no Spring-Boot-Version in its manifest)");
            }
        } catch (IOException e) {
            throw ExitException.badInput(option + " " + jar + " is not a jar: " + e.getMessage());
        }
        return jar.toAbsolutePath();
    }
}
