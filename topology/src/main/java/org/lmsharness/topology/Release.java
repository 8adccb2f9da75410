package org.lmsharness.topology;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A release of the LMS that replicas run: a name, which a replica answers in {@code X-Lms-Release},
 * the build (a Spring Boot jar; empty: the deployment's own, {@link BootOptions#appJar()}) and
 * settings added to its command line, as a release's configuration is. A deployment boots
 * {@link #INITIAL}; a rolling update ({@code org.lmsharness.topology.release.RollingUpdate}) moves its
 * replicas to another.
 *
 * @param name     what the release is called; letters, digits, '.', '_' and '-'
 * @param jar      the build; empty: the one the deployment booted
 * @param settings {@code --name=value} settings appended to the replica's command line
 */
public record Release(String name, Optional<Path> jar, List<String> settings) {

    /** What every replica of a deployment runs at boot. */
    public static final Release INITIAL = new Release("initial", Optional.empty(), List.of());

    public Release {
        if (!name.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException("a release name is 1 to 64 letters, digits, '.', '_' or '-', not '" + name + "'");
        }
        jar = jar.map(Path::toAbsolutePath);
        settings = List.copyOf(settings);
        for (String setting : settings) {
            if (!setting.startsWith("--") || !setting.contains("=")) {
                throw new IllegalArgumentException("a release's setting is --name=value, not '" + setting + "'");
            }
        }
    }

    /** The deployment's own build under another name. */
    public static Release named(String name) {
        return new Release(name, Optional.empty(), List.of());
    }

    /** A build named after its file: {@code lms-2.3.jar} is release {@code lms-2.3} (characters a name cannot hold become '-'). */
    public static Release ofJar(Path jar) {
        String name = jar.getFileName().toString().replaceFirst("\\.jar$", "").replaceAll("[^A-Za-z0-9._-]", "-");
        return named(name.isEmpty() ? "jar" : name.substring(0, Math.min(64, name.length()))).withJar(jar);
    }

    /** This release built from {@code jar}. */
    public Release withJar(Path jar) {
        return new Release(name, Optional.of(jar), settings);
    }

    /** This release with more settings ({@code --name=value}). */
    public Release withSettings(String... more) {
        List<String> all = new ArrayList<>(settings);
        all.addAll(Arrays.asList(more));
        return new Release(name, jar, all);
    }

    /** The jar a replica of this release runs, given the deployment's own. */
    public Path jarOr(Path deploymentJar) {
        return jar.orElse(deploymentJar);
    }
}
