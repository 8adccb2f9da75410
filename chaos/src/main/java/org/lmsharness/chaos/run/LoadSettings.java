package org.lmsharness.chaos.run;

import java.time.Duration;

/**
 * The Gatling load an experiment runs under: the LMS simulation's mixed journeys with writes, at a
 * fixed open-model arrival rate.
 *
 * @param journeysPerSecond arrival rate of new journeys
 * @param mix               the journey mix (LmsSimulation's -Dmix)
 * @param warmUp            the ramp before the steady state, not measured
 */
public record LoadSettings(double journeysPerSecond, String mix, Duration warmUp) {

    /**
     * Writes in every journey but browsing: progress heartbeats, quiz attempts, checkouts, courses and
     * lessons; a fifth of the buyers double-click (two checkouts at once under two keys).
     */
    public static final String WRITE_MIX = "browse:40,student:40,enrolAndPay:8,doubleClick:2,instructor:10";
}
