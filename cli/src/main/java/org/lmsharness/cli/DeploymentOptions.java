package org.lmsharness.cli;

import org.lmsharness.topology.Backend;
import org.lmsharness.topology.preset.Preset;
import org.lmsharness.topology.preset.Presets;
import picocli.CommandLine.Option;

/** Which deployment a command boots: a preset, on a back end. Shared by capacity, chaos and topology. */
final class DeploymentOptions {

    @Option(names = "--preset", paramLabel = "NAME|FILE",
            description = "A bundled preset (single-box, tiers, redundant-web, multi-az, dns-round-robin, capacity) or a preset YAML file (default: capacity for capacity, multi-az for chaos and topology).")
    String preset;

    @Option(names = "--backend", paramLabel = "auto|local|containers", defaultValue = "auto", converter = Converters.BackendConverter.class,
            description = "auto: containers when a Docker engine answers, else local processes (default: ${DEFAULT-VALUE}).")
    Backend backend = Backend.AUTO;

    /** The preset named, or the command's default; a bad one is refused (InvalidPreset) before anything boots. */
    Preset preset(String commandDefault) {
        return Presets.load(preset == null ? commandDefault : preset);
    }

    String presetName(String commandDefault) {
        return preset == null ? commandDefault : preset;
    }
}
