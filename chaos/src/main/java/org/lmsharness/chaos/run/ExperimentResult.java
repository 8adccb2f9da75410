package org.lmsharness.chaos.run;

import java.util.List;
import org.lmsharness.chaos.ledger.LedgerCheck;

/**
 * What one experiment measured and whether its hypothesis held: written as JSON, as a JUnit test
 * case, and printed.
 *
 * @param name            the experiment's id
 * @param title           what it proves
 * @param preset          the deployment's preset
 * @param backend         local or containers
 * @param journeysPerSecond the load's arrival rate
 * @param faults          the method, as described in the journal
 * @param probes          the hypothesis, probe by probe, with what was measured
 * @param passed          every probe held
 * @param faultStart      epoch ms the faults were injected
 * @param faultEnd        epoch ms the fault window ended
 * @param detectedMillis  from the fault to the edge's first change of a server's state (ejection); null: none seen or no edge
 * @param timeline        the load around the fault
 * @param ledger          acknowledged writes checked against the database
 * @param journal         what happened, with timestamps
 * @param error           why the experiment could not be run or measured; null when it was
 */
public record ExperimentResult(String name, String title, String preset, String backend, double journeysPerSecond, List<String> faults,
                               List<Probe> probes, boolean passed, long faultStart, long faultEnd, Long detectedMillis, Timeline timeline,
                               LedgerCheck ledger, List<Journal.Entry> journal, String error) {

    /** One probe of the hypothesis: what it checks, the tolerance, what was measured, whether it held. */
    public record Probe(String name, String tolerance, String measured, boolean held) {}

    /** One line for the console and the JUnit failure message. */
    public String summary() {
        if (error != null) return name + ": ERROR " + error;
        String failed = probes.stream().filter(p -> !p.held()).map(p -> p.name() + " " + p.measured() + " (allowed " + p.tolerance() + ")")
                .reduce((a, b) -> a + "; " + b).orElse("");
        return name + ": " + (passed ? "PASSED" : "FAILED " + failed);
    }
}
