package org.lmsharness.cli;

import java.util.Map;
import org.lmsharness.topology.Backend;
import org.lmsharness.topology.preset.Preset;
import org.lmsharness.topology.preset.Presets;
import picocli.CommandLine.Option;

/** Which deployment a command boots: a preset, on a back end, from which images. Shared by capacity, chaos and topology. */
final class DeploymentOptions {

    /** Image option → the topology's property (read when the container back end is first used). */
    private static final Map<String, String> IMAGE_PROPERTIES = Map.of(
            "--image-jre", "lms.images.jre", "--image-postgres", "lms.images.postgres",
            "--image-haproxy", "lms.images.haproxy", "--image-toxiproxy", "lms.images.toxiproxy");

    @Option(names = "--preset", paramLabel = "NAME|FILE",
            description = "A bundled preset (single-box, tiers, redundant-web, multi-az, dns-round-robin, capacity) or a preset YAML file (default: capacity for capacity, multi-az for chaos and topology).")
    String preset;

    @Option(names = "--backend", paramLabel = "auto|local|containers", defaultValue = "auto", converter = Converters.BackendConverter.class,
            description = "auto: containers when a Docker engine answers, else local processes (default: ${DEFAULT-VALUE}).")
    Backend backend = Backend.AUTO;

    @Option(names = "--image-jre", paramLabel = "IMAGE", description = "Containers: the replicas' and the payment provider's image (default: lms-harness/base:bookworm-jre17, built by images/build.sh).")
    String jreImage;

    @Option(names = "--image-postgres", paramLabel = "IMAGE", description = "Containers: the database nodes' image (default: lms-harness/postgres:15).")
    String postgresImage;

    @Option(names = "--image-haproxy", paramLabel = "IMAGE", description = "Containers: the edges' image (default: lms-harness/haproxy:2.6).")
    String haproxyImage;

    @Option(names = "--image-toxiproxy", paramLabel = "IMAGE", description = "Containers: the fault proxy's image (default: lms-harness/toxiproxy:2.12).")
    String toxiproxyImage;

    /** Hands the images given to the topology; before the back end is resolved, which loads the container back end. */
    void apply() {
        Map<String, String> given = new java.util.LinkedHashMap<>();
        given.put("--image-jre", jreImage);
        given.put("--image-postgres", postgresImage);
        given.put("--image-haproxy", haproxyImage);
        given.put("--image-toxiproxy", toxiproxyImage);
        given.forEach((option, image) -> {
            if (image == null) return;
            if (image.isBlank() || image.chars().anyMatch(Character::isWhitespace)) throw ExitException.badInput(option + " must be an image name such as lms-harness/postgres:15, got '" + image + "'");
            System.setProperty(IMAGE_PROPERTIES.get(option), image);
        });
    }

    /** The preset named, or the command's default; a bad one is refused (InvalidPreset) before anything boots. */
    Preset preset(String commandDefault) {
        return Presets.load(preset == null ? commandDefault : preset);
    }

    String presetName(String commandDefault) {
        return preset == null ? commandDefault : preset;
    }
}
