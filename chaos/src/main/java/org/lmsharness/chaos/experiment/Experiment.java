package org.lmsharness.chaos.experiment;

import java.time.Duration;
import java.util.List;

/**
 * A chaos experiment in the shape Chaos Toolkit and AWS FIS use: a steady-state hypothesis, a method
 * (the faults), a rollback (each fault's revert, always run) and, when run, a journal.
 *
 * <pre>
 *   load ramps │ steady state │ faults injected ── held for faultWindow ── reverted │ observed │ load ends
 *              │← steady    →│←              faultWindow                        →│← observe→│
 * </pre>
 *
 * @param name        short id, used for file names and as the JUnit test case's name
 * @param title       one line saying what it proves
 * @param hypothesis  what must hold
 * @param method      the faults, all injected at the start of the fault window
 * @param steady      load before the fault, to see the steady state
 * @param faultWindow how long reversible faults are held (and permanent ones observed as "during")
 * @param observe     load after the window, to see the recovery
 */
public record Experiment(String name, String title, Hypothesis hypothesis, List<Fault> method, Duration steady, Duration faultWindow,
                         Duration observe) {

    /** Whether any fault leaves the deployment changed after its rollback (a killed node stays dead). */
    public boolean spendsDeployment() {
        return method.stream().anyMatch(fault -> !fault.reversible());
    }

    /** The same experiment with other windows (shorter ones in CI). */
    public Experiment windows(Duration steady, Duration faultWindow, Duration observe) {
        return new Experiment(name, title, hypothesis, method, steady, faultWindow, observe);
    }
}
