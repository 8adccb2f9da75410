package org.lmsharness.topology.preset;

/** A preset that cannot be deployed; the message names the preset and the key, as one line. */
public final class InvalidPreset extends RuntimeException {
    public InvalidPreset(String preset, String key, String problem) {
        super("preset " + preset + ": " + key + " " + problem);
    }
}
