package org.lmsharness.autoscale;

import java.nio.file.Path;
import org.lmsharness.autoscale.replay.FleetModel;
import org.lmsharness.reports.model.CapacityModel;
import org.lmsharness.reports.run.CapacityRun;
import org.lmsharness.reports.run.RunFiles;
import org.lmsharness.reports.thresholds.ScalingInputs;
import org.lmsharness.reports.thresholds.Thresholds;

/**
 * A saved capacity run with what the policies are made of: its model, the thresholds it derives and its production model as a
 * fleet. What {@code replay} and {@code autoscale} both start from.
 */
public record DerivedRun(CapacityRun run, CapacityModel model, Thresholds thresholds, FleetModel fleet) {

    /** @throws RunFiles.Unreadable with one line when the run cannot be read or derives nothing (no capacity for one replica) */
    public static DerivedRun read(Path runFolder, ScalingInputs inputs) {
        CapacityRun run = RunFiles.readRun(runFolder);
        CapacityModel model = CapacityModel.of(run, inputs.databaseCores());
        try {
            return new DerivedRun(run, model, Thresholds.derive(run, model, inputs), FleetModel.of(run, model));
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new RunFiles.Unreadable(runFolder.resolve(RunFiles.RUN_JSON) + ": " + e.getMessage());
        }
    }
}
