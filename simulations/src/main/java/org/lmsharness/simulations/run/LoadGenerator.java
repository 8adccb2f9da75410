package org.lmsharness.simulations.run;

import java.util.Locale;
import org.lmsharness.common.Figures;

/**
 * How much load Gatling, run in this JVM, can honestly generate on this host. A rate beyond it is
 * refused before anything boots: the generator would measure its own saturation (or, with virtual
 * users piling up behind a slow target, run out of memory) rather than the target.
 */
public final class LoadGenerator {

    /** Gatling's CPU per request in-process with the JIT warm, ms: 0.165–0.23 measured at 1,000 req/s on this kind of host (DESIGN.md). */
    static final double CPU_MILLIS_PER_REQUEST = 0.2;
    /** The share of the host's cores the generator may take: the rest belongs to what it drives on the same host. */
    static final double HOST_SHARE = 0.5;

    private LoadGenerator() {}

    /** Requests per second this host's generator sustains within its share of the cores. */
    public static double maxRequestsPerSecond() {
        return Runtime.getRuntime().availableProcessors() * HOST_SHARE * 1000 / CPU_MILLIS_PER_REQUEST;
    }

    /** Null when {@code journeysPerSecond} of {@code requestsPerJourney} requests each can be generated here, else why not, in one line. */
    public static String refusedBecause(double journeysPerSecond, double requestsPerJourney) {
        double requests = journeysPerSecond * requestsPerJourney;
        if (requests <= maxRequestsPerSecond()) return null;
        return String.format(Locale.ROOT, "%s journeys/s (about %s requests/s) is more than the load generator can produce on this host: at most %s requests/s on %d cores",
                Figures.of(journeysPerSecond), Figures.of(requests),
                Figures.of(maxRequestsPerSecond()), Runtime.getRuntime().availableProcessors());
    }
}
