package org.lmsharness.cli;

import java.net.URI;
import java.util.Optional;
import org.lmsharness.topology.Backend;
import org.lmsharness.topology.BootOptions;
import org.lmsharness.topology.preset.Preset;
import org.lmsharness.topology.preset.Presets;
import picocli.CommandLine.Option;

/** Which deployment a command boots: a preset, on a back end, from which images. Shared by capacity, chaos and topology. */
final class DeploymentOptions {

    @Option(names = "--preset", paramLabel = "NAME|FILE",
            description = "A bundled preset (single-box, tiers, redundant-web, multi-az, dns-round-robin, capacity) or a preset YAML file (default: capacity for capacity, multi-az for chaos and topology).")
    String preset;

    @Option(names = "--backend", paramLabel = "auto|local|containers", defaultValue = "auto", converter = Converters.BackendConverter.class,
            description = "auto: containers when a Docker engine answers, else local processes (default: ${DEFAULT-VALUE}).")
    Backend backend = Backend.AUTO;

    @Option(names = "--image-jre", paramLabel = "IMAGE", description = "Containers: the replicas' and the payment provider's image (default: lms-harness/jre:harness, the JVM that runs the harness, built by images/build.sh).")
    String jreImage;

    @Option(names = "--image-postgres", paramLabel = "IMAGE", description = "Containers: the database nodes' image (default: lms-harness/postgres:15).")
    String postgresImage;

    @Option(names = "--image-haproxy", paramLabel = "IMAGE", description = "Containers: the edges' image (default: lms-harness/haproxy:2.6).")
    String haproxyImage;

    @Option(names = "--image-toxiproxy", paramLabel = "IMAGE", description = "Containers: the fault proxy's image (default: lms-harness/toxiproxy:2.12).")
    String toxiproxyImage;

    @Option(names = "--keep-run-folder", paramLabel = "true|false", arity = "0..1", defaultValue = "false", fallbackValue = "true", description = "Keep the deployment's run folder (every configuration and process log, under the temporary folder) after teardown.")
    boolean keepRunFolder;

    /** How the back end boots: the images given (each checked), fault proxies as the command wants them. */
    BootOptions boot(boolean faultProxies, Optional<URI> toxiproxyServer) {
        BootOptions.Images defaults = BootOptions.Images.DEFAULT;
        BootOptions.Images images = new BootOptions.Images(image("--image-jre", jreImage, defaults.jre()), image("--image-postgres", postgresImage, defaults.postgres()),
                image("--image-haproxy", haproxyImage, defaults.haproxy()), image("--image-toxiproxy", toxiproxyImage, defaults.toxiproxy()));
        return new BootOptions(images, faultProxies, toxiproxyServer, keepRunFolder);
    }

    /** The back end chosen, {@code auto} settled by asking Docker whether it holds these images. */
    Backend backend(BootOptions boot) {
        return backend.resolve(boot.images());
    }

    private static String image(String option, String given, String otherwise) {
        if (given == null) return otherwise;
        if (given.isBlank() || given.chars().anyMatch(Character::isWhitespace)) {
            throw ExitException.badInput(option + " must be an image name such as lms-harness/postgres:15, got '" + given + "'");
        }
        return given;
    }

    /** The preset named, or the command's default; a bad one is refused (InvalidPreset) before anything boots. */
    Preset preset(String commandDefault) {
        return Presets.load(preset == null ? commandDefault : preset);
    }

    String presetName(String commandDefault) {
        return preset == null ? commandDefault : preset;
    }
}
