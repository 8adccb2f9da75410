package org.lmsharness.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.lmsharness.capacity.CapacitySettings;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The chaos load taken from an earlier capacity run: a fraction of what one replica of the LMS
 * sustained there. A run of another target or another simulation measured something else, and is
 * refused, naming it.
 */
final class RateFromCapacityRun {

    /** Journeys per second without a capacity run: 40 % of what one replica of half a core sustained here (docs/capacity.md). */
    static final double DEFAULT_RATE = 5;

    private RateFromCapacityRun() {}

    /** @param capacityJson an earlier run's capacity.json; absent: {@link #DEFAULT_RATE} */
    static double read(Path capacityJson, double fraction) {
        return read(capacityJson, fraction, DEFAULT_RATE);
    }

    /** {@code fraction} of one replica's capacity in {@code capacityJson}; {@code otherwise} when there is no such file. */
    static double read(Path capacityJson, double fraction, double otherwise) {
        if (!Files.isReadable(capacityJson)) return otherwise;
        JsonNode summary;
        try {
            summary = JsonMapper.builder().build().readTree(capacityJson.toFile());
        } catch (JacksonException e) {
            throw ExitException.badInput(capacityJson + " is not a capacity run's summary (" + e.getOriginalMessage() + "); give --rate");
        }
        JsonNode conditions = summary.path("conditions");
        String simulation = conditions.path("simulation").asString("");
        String preset = conditions.path("preset").asString("");
        if (!simulation.equals(CapacitySettings.DEFAULT_SIMULATION) || preset.isEmpty()) {
            throw ExitException.badInput(runFolder(capacityJson) + " measured " + conditions.path("target").asString("an unknown target")
                    + " with " + (simulation.isEmpty() ? "an unknown simulation" : simulation) + ", not the LMS on a preset: its rate does not fit; give --rate");
        }
        for (JsonNode capacity : summary.path("capacities")) {
            if (capacity.path("replicas").asInt() == 1 && capacity.path("found").asBoolean()) {
                return Math.round(100 * fraction * capacity.path("journeysPerSecond").asDouble()) / 100.0;
            }
        }
        throw ExitException.badInput(capacityJson + " holds no capacity of one replica; give --rate");
    }

    /** The run folder itself, not the 'latest' link to it. */
    private static Path runFolder(Path capacityJson) {
        try {
            return capacityJson.toRealPath().getParent();
        } catch (java.io.IOException e) {
            return capacityJson.getParent();
        }
    }
}
