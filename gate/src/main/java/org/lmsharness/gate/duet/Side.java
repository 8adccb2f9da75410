package org.lmsharness.gate.duet;

/**
 * One side of a duet: where its load goes, and the process whose CPU is its replica's.
 *
 * @param name    {@code baseline} or {@code candidate}: the Gatling scenario and group its requests run in
 * @param url     the side's entry point (its edge, or an external URL)
 * @param replica the host's process id of its one replica; 0 for an external target (no CPU figures there)
 */
public record Side(String name, String url, long replica) {

    public static final String BASELINE = "baseline";
    public static final String CANDIDATE = "candidate";

    public boolean measuresCpu() {
        return replica > 0;
    }
}
