package org.lmsharness.simulations.run;

import com.typesafe.config.ConfigFactory;
import io.gatling.shared.cli.GatlingCliOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Runs one Gatling simulation in this JVM, so that every step of a search shares one warm JIT (a
 * fresh JVM per step costs ~1.5 s and competes with the replicas for the cores while it compiles).
 * Gatling is not made to run repeatedly in one JVM; what that needs is done here: each run's
 * parameters as system properties, Typesafe Config's caches dropped so it reads them, no HTML report,
 * only the file writer (no console table every 5 s), and what Gatling prints sent to the run's
 * {@code gatling.log} rather than between the progress lines.
 */
public final class GatlingRun {

    static {
        // Gatling's latest-version check would call out to Maven Central; a check timestamp far in the
        // future, in preferences of our own, keeps it from running (see DESIGN.md).
        GatlingPreferences.install();
    }

    private GatlingRun() {}

    /**
     * @param simulationClass the simulation to run (it must be on the class path)
     * @param parameters      its parameters (profile, rate, target …), set as system properties for the run
     * @param resultsFolder   where Gatling writes the run's folder with simulation.log
     * @return the simulation.log written
     */
    public static SimulationLog run(String simulationClass, SimulationParameters parameters, Path resultsFolder, String description) {
        return runAsserted(simulationClass, parameters, resultsFolder, description).log();
    }

    /**
     * What a run recorded, and whether the simulation's own assertions (its SLO) held, as Gatling
     * judged them: {@code gatling:test}'s verdict.
     */
    public record Outcome(SimulationLog log, boolean assertionsHeld) {}

    /** As {@link #run}, keeping Gatling's verdict on the simulation's assertions. */
    public static synchronized Outcome runAsserted(String simulationClass, SimulationParameters parameters, Path resultsFolder, String description) {
        Map<String, String> properties = parameters.systemProperties();
        properties.forEach(System::setProperty);
        System.setProperty("gatling.data.writers.0", "file");
        ConfigFactory.invalidateCaches();
        PrintStream out = System.out;
        PrintStream err = System.err;
        try {
            Files.createDirectories(resultsFolder);
            PrintStream log = new PrintStream(Files.newOutputStream(resultsFolder.resolve("gatling.log")), true, StandardCharsets.UTF_8);
            System.setOut(log);
            System.setErr(log);
            int status = io.gatling.app.Gatling$.MODULE$.fromArgs(new String[] {
                    "-" + GatlingCliOptions.Simulation.shortName, simulationClass,
                    "-" + GatlingCliOptions.ResultsFolder.shortName, resultsFolder.toString(),
                    "-" + GatlingCliOptions.RunDescription.shortName, description,
                    "-" + GatlingCliOptions.NoReports.shortName});
            // 0: fine, 2: the simulation's own assertions failed (the search judges the SLO itself).
            if (status != 0 && status != 2) throw new IllegalStateException("Gatling ended with status " + status + " running " + simulationClass);
            return new Outcome(SimulationLog.read(SimulationLog.find(resultsFolder)), status == 0);
        } catch (AssertionError e) {
            // Gatling's own log reader asserts on a run that recorded nothing (no journey was injected).
            throw new IllegalStateException("Gatling recorded nothing running " + simulationClass + ": " + e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (System.out != out) System.out.close();
            System.setOut(out);
            System.setErr(err);
            properties.keySet().forEach(System::clearProperty);
        }
    }
}
