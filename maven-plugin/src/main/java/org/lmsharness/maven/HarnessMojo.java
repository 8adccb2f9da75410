package org.lmsharness.maven;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.artifact.DependencyResolutionRequiredException;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.lmsharness.common.Host;

/**
 * What every goal does: turn its parameters into an {@code lms-harness} command line and run it in a
 * JVM of its own, on the plugin's class path followed by the project's test class path (where the
 * project's simulation is), from the project's folder. The command line checks every option; a
 * refusal fails the build with its one line.
 *
 * <pre>
 *   mvn verify ──▶ CapacityMojo ──fork──▶ java … org.lmsharness.cli.LmsHarness capacity --simulation … --base-url …
 *                                            class path: the harness, then target/test-classes and the test dependencies
 * </pre>
 */
abstract class HarnessMojo extends AbstractMojo {

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    MavenProject project;

    @Parameter(defaultValue = "${plugin.artifacts}", readonly = true, required = true)
    List<Artifact> pluginArtifacts;

    @Parameter(defaultValue = "${plugin.version}", readonly = true, required = true)
    String pluginVersion;

    @Parameter(defaultValue = "${settings.localRepository}", readonly = true, required = true)
    File localRepository;

    /** Where run folders go; {@code latest} links to the newest. */
    @Parameter(property = "lms.output", defaultValue = "${project.build.directory}/lms-harness")
    File output;

    /** Any other option of the command, as written on its command line, e.g. {@code --repeats=2}. */
    @Parameter(property = "lms.options")
    List<String> options = new ArrayList<>();

    /** Skip the goal. */
    @Parameter(property = "lms.skip", defaultValue = "false")
    boolean skip;

    /** The command: {@code capacity}, {@code chaos}. */
    abstract String command();

    /** The goal's own parameters as options, in order. */
    abstract void addOptions(List<String> args);

    /** Whether the command boots the LMS (and so needs its jars). */
    abstract boolean bootsTheLms();

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("lms-harness " + command() + ": skipped (lms.skip)");
            return;
        }
        List<String> args = new ArrayList<>(List.of(command()));
        addOptions(args);
        option(args, "--output", output.getAbsolutePath());
        args.addAll(options);
        int status = run(args);
        switch (status) {
            case 0 -> { }
            case 2 -> throw new MojoFailureException("lms-harness " + command() + ": bad input (the line above says which)");
            case 3 -> throw new MojoFailureException("lms-harness " + command() + ": a hypothesis broke (see the results in " + output + ")");
            default -> throw new MojoExecutionException("lms-harness " + command() + " failed while running (exit status " + status + ")");
        }
    }

    static void option(List<String> args, String name, Object value) {
        if (value == null) return;
        if (value instanceof List<?> list) {
            if (!list.isEmpty()) args.add(name + "=" + String.join(",", list.stream().map(Object::toString).toList()));
            return;
        }
        args.add(name + "=" + value);
    }

    static void simulationProperties(List<String> args, Map<String, String> properties) {
        if (properties == null) return;
        properties.forEach((name, value) -> {
            args.add("-P");
            args.add(name + "=" + value);
        });
    }

    private int run(List<String> args) throws MojoExecutionException {
        List<String> command = new ArrayList<>(List.of(Host.java().toString(),
                // Gatling's simulation.log writer reads String internals.
                "--add-opens=java.base/java.lang=ALL-UNNAMED", "-Xmx1g"));
        if (bootsTheLms()) command.add("-Dlms.topology.artifacts=" + lmsJars());
        command.addAll(List.of("-cp", classPath(), "org.lmsharness.cli.LmsHarness"));
        command.addAll(args);
        getLog().info("lms-harness " + String.join(" ", args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(project.getBasedir()).inheritIO();
        // Testcontainers where no registry is reachable (the container back end): see the harness's docs/topology.md.
        builder.environment().putIfAbsent("TESTCONTAINERS_RYUK_DISABLED", "true");
        builder.environment().putIfAbsent("TESTCONTAINERS_HOST_OVERRIDE", "localhost");
        try {
            Process process = builder.start();
            try {
                return process.waitFor();
            } catch (InterruptedException e) {
                process.destroy();
                Thread.currentThread().interrupt();
                throw new MojoExecutionException("interrupted", e);
            }
        } catch (IOException e) {
            throw new MojoExecutionException("cannot start java: " + e.getMessage(), e);
        }
    }

    /** The harness first, then the project's compiled tests and their dependencies. */
    private String classPath() throws MojoExecutionException {
        Map<String, String> entries = new LinkedHashMap<>();
        for (Artifact artifact : pluginArtifacts) {
            if (artifact.getFile() != null) entries.putIfAbsent(artifact.getGroupId() + ":" + artifact.getArtifactId(), artifact.getFile().getPath());
        }
        try {
            for (String element : project.getTestClasspathElements()) entries.putIfAbsent(element, element);
        } catch (DependencyResolutionRequiredException e) {
            throw new MojoExecutionException("the project's test class path is not resolved: " + e.getMessage(), e);
        }
        return String.join(File.pathSeparator, entries.values());
    }

    /**
     * The LMS, its payment provider and the fault proxy, as the topology starts them: from the local
     * repository, where {@code ./mvnw install} in the harness put them, copied under their plain names.
     */
    private Path lmsJars() throws MojoExecutionException {
        Path folder = output.toPath().resolve("artifacts");
        Map<String, String> jars = Map.of(
                "reference-app.jar", "reference-app/" + pluginVersion + "/reference-app-" + pluginVersion + ".jar",
                "payment-provider-stub.jar", "payment-provider-stub/" + pluginVersion + "/payment-provider-stub-" + pluginVersion + "-all.jar",
                "toxiproxy-server.jar", "toxiproxy/" + pluginVersion + "/toxiproxy-" + pluginVersion + "-all.jar");
        try {
            Files.createDirectories(folder);
            for (Map.Entry<String, String> jar : jars.entrySet()) {
                Path installed = localRepository.toPath().resolve("org/lmsharness").resolve(jar.getValue());
                if (!Files.isRegularFile(installed)) {
                    throw new MojoExecutionException(installed + " is missing: run ./mvnw install in the harness first (" + command() + " boots the LMS)");
                }
                // Its time kept: the topology extracts the LMS jar once per jar (ExtractedJar), not once per build.
                Files.copy(installed, folder.resolve(jar.getKey()), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
            }
        } catch (IOException e) {
            throw new MojoExecutionException("cannot copy the LMS's jars to " + folder + ": " + e.getMessage(), e);
        }
        return folder;
    }
}
