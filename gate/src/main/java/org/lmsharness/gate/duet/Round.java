package org.lmsharness.gate.duet;

import java.util.Map;

/**
 * One round of a duet: both sides under the same arrival rate at the same instants, and what each did.
 *
 * @param index         1, 2, … in the order run (0 for the unmeasured warm-up and settle)
 * @param level         the fraction of the baseline's capacity offered to each side
 * @param rate          journeys per second offered to each side
 * @param sides         side name → its figures over the window
 * @param injectorCores the load generator's CPU over the window (this JVM), cores
 * @param hostBusy      the host's busy share over the window, 0..1
 * @param missing       why the round has no CPU figures (the sampler starved), null when it has them
 */
public record Round(int index, double level, double rate, Map<String, SideFigures> sides, double injectorCores, double hostBusy, String missing) {

    public SideFigures side(String name) {
        return sides.get(name);
    }
}
