package org.lmsharness.reports.thresholds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lmsharness.reports.SampleRuns;
import org.lmsharness.reports.model.CapacityModel;
import org.lmsharness.reports.model.Usl;
import org.lmsharness.reports.run.CapacityRun;
import org.lmsharness.reports.run.Conditions;
import org.lmsharness.reports.run.ReplicaSearch;

class ThresholdsTest {

    static final ScalingInputs INPUTS = new ScalingInputs(300, 10, 3);

    /** The sample run's thresholds, their files written into dir: the fixture of the file format tests. */
    static Thresholds writeSampleFiles(Path dir) {
        CapacityRun run = SampleRuns.threeCounts();
        Thresholds thresholds = Thresholds.derive(run, CapacityModel.of(run), INPUTS);
        ThresholdFiles.write(dir, thresholds, "lms");
        return thresholds;
    }

    private final CapacityRun run = SampleRuns.threeCounts();
    private final CapacityModel model = CapacityModel.of(run);
    private final Thresholds t = Thresholds.derive(run, model, INPUTS);

    /** u recomputed from the brief's formula, independently of the code under test. */
    private double expectedUtilisation(double readySeconds) {
        double reaction = 60 * 3 + readySeconds; // target tracking's AlarmHigh: 3 of 3 one-minute datapoints
        return Math.min(0.9, Math.max(0.4, 1 / Math.pow(1.10, reaction / 60)));
    }

    @Test
    void requestTargetIsSixtyTimesCapacityTimesUtilisation() {
        double u = expectedUtilisation((14.2 + 15.1) / 2);
        assertThat(t.capacityPerTarget()).as("C is the model's one-replica capacity").isEqualTo(model.perReplicaCapacity());
        assertThat(t.requestsPerTargetPerMinute()).as("60·C·u, rounded down").isCloseTo(60 * t.capacityPerTarget() * u, within(1.0))
                .isLessThanOrEqualTo(60 * t.capacityPerTarget() * u);
        assertThat(t.scaleOut().threshold()).as("the scale-out alarm fires at the target-tracking value").isEqualTo(t.requestsPerTargetPerMinute());
        assertThat(t.warmupSeconds()).as("measured time to ready, rounded up").isEqualTo(15);
    }

    @Test
    void cpuTargetIsCpuAtCapacityOverQuotaTimesUtilisation() {
        double cpuAtCapacity = run.searches().get(0).capacity().cpuPerReplica().median();
        double expected = 100 * cpuAtCapacity / run.conditions().cpusPerReplica() * expectedUtilisation((14.2 + 15.1) / 2);
        assertThat(t.cpuPercent()).isCloseTo(expected, within(1.0)).isLessThanOrEqualTo(expected);
        assertThat(t.hpa().cpuAverageUtilization()).as("below the CPU target by the HPA's 10 %% tolerance")
                .isEqualTo((int) Math.floor(t.cpuPercent() / 1.1));
        assertThat(t.hpa().cpuRequestCores()).isEqualTo(run.conditions().cpusPerReplica());
    }

    @Test
    void scaleInNeverCausesAScaleOut() {
        int m = t.minCapacity();
        assertThat(t.scaleIn().threshold()).isLessThan(t.scaleOut().threshold());
        for (int n = m + 1; n <= t.maxCapacity(); n++)
            assertThat(t.scaleIn().threshold() * n / (n - 1)).as("per-target count after removing one of %d replicas", n)
                    .isLessThan(t.scaleOut().threshold());
        assertThat(t.scaleOut()).extracting(Thresholds.Alarm::comparison, Thresholds.Alarm::datapointsToAlarm, Thresholds.Alarm::treatMissingData)
                .containsExactly("GreaterThanThreshold", 2, "notBreaching");
        assertThat(t.scaleIn()).extracting(Thresholds.Alarm::comparison, Thresholds.Alarm::evaluationPeriods, Thresholds.Alarm::treatMissingData,
                Thresholds.Alarm::adjustment).containsExactly("LessThanThreshold", 15, "breaching", -1);
        assertThat(t.scaleOut().adjustment()).isPositive();
    }

    @Test
    void maximumCarriesThePeakWithOneZoneLost() {
        int zones = INPUTS.zones();
        int survivors = t.maxCapacity() - (t.maxCapacity() + zones - 1) / zones;
        double u = expectedUtilisation((14.2 + 15.1) / 2);
        assertThat(model.production().requestsPerSecondAt(survivors))
                .as("production capacity of the %d replicas left after a zone of %d is lost", survivors, t.maxCapacity())
                .isEqualTo(survivors * model.perReplicaCapacity())
                .isGreaterThanOrEqualTo(INPUTS.peakRequestsPerSecond() / u);
        assertThat(t.minCapacity()).isEqualTo(3).isLessThanOrEqualTo(t.maxCapacity());
        assertThat(t.hpa().minReplicas()).isEqualTo(t.minCapacity());
        assertThat(t.hpa().maxReplicas()).isEqualTo(t.maxCapacity());
    }

    @Test
    void everyDerivationIsWrittenOut() {
        assertThat(t.derivations()).allSatisfy(d -> assertThat(List.of(d.quantity(), d.formula(), d.withNumbers(), d.result())).allSatisfy(
                text -> assertThat(text).isNotBlank()));
        assertThat(t.derivations()).extracting(Derivation::quantity).contains("time to ready", "reaction time T", "target utilisation u",
                "database bound X_db", "replicas for the peak N", "maximum capacity M", "minimum capacity m", "scale-in alarm (step scaling)");
        assertThat(t.source()).contains(run.conditions().startedAt(), run.conditions().commit()).doesNotContain("\n");
    }

    @Test
    void runWithoutOneReplicaCapacityIsRefusedInOneLine() {
        List<ReplicaSearch> searches = new ArrayList<>(run.searches());
        ReplicaSearch one = searches.get(0);
        searches.set(0, new ReplicaSearch(1, one.steps(), null, "no passing step"));
        CapacityRun without = new CapacityRun(run.conditions(), run.slo(), searches, run.readySeconds(), run.wallSeconds(), run.warnings());
        assertThatThrownBy(() -> Thresholds.derive(without, CapacityModel.of(without), INPUTS))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("no valid capacity for one replica: thresholds would be invented");
    }

    @Test
    void replicasForThePeakComeFromTheProductionModelNotTheCountsSharingThisHost() {
        // 60, 105 and 121 req/s for 1, 2, 3 replicas sharing two cores: the co-located curve flattens,
        // but on their own instances three replicas carry 3 × 60.
        CapacityRun flattening = SampleRuns.threeCounts(60, 105, 121);
        CapacityModel flat = CapacityModel.of(flattening);
        Thresholds planned = Thresholds.derive(flattening, flat, new ScalingInputs(400, 10, 3));
        double u = expectedUtilisation((14.2 + 15.1) / 2);
        int expected = (int) Math.ceil(400 / (flat.perReplicaCapacity() * u));
        assertThat(planned.derivations()).filteredOn(d -> d.quantity().equals("replicas for the peak N")).singleElement()
                .satisfies(d -> assertThat(d.result()).isEqualTo(expected + " replicas"))
                .satisfies(d -> assertThat(d.formula()).contains("production model"));
        assertThat(flat.scaleOut().throughputAt(expected)).as("the co-located fit would have needed more, or never got there")
                .isLessThan(400 / u);
    }

    @Test
    void aPeakBeyondWhatTheDatabaseTakesIsRefusedInOneLineNamingIt() {
        // The sample's database: 0.004 core idle + 0.5 ms per request; on 2 cores it is used up at (2 − 0.004) / 0.0005 ≈ 3,990 req/s.
        assertThatThrownBy(() -> Thresholds.derive(run, model, new ScalingInputs(100_000, 10, 3)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("more than the database takes").hasMessageContaining("--database-cores")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        CapacityModel onEightCores = CapacityModel.of(run, 8);
        assertThat(onEightCores.production().databaseBoundRequestsPerSecond()).isCloseTo(
                (8 - SampleRuns.DATABASE_IDLE_CORES) / SampleRuns.DATABASE_CORES_PER_REQUEST, withinPercentage(2));
        assertThat(Thresholds.derive(run, onEightCores, new ScalingInputs(3000, 10, 3, 8)).maxCapacity()).isPositive();
    }

    @Test
    void withoutAPeakGivenTheyPlanForTwiceTheLargestCapacity() {
        CapacityRun linear = SampleRuns.threeCounts(60, 119, 177);
        Thresholds planned = Thresholds.derive(linear, CapacityModel.of(linear), ScalingInputs.withMeasuredPeak(10, 3));
        double largest = linear.searches().stream().mapToDouble(s -> s.capacity().requestsPerSecond().median()).max().orElseThrow();
        assertThat(planned.inputs().peakRequestsPerSecond()).isEqualTo(Math.ceil(2 * largest));
        assertThat(planned.derivations()).anySatisfy(d -> assertThat(d.quantity()).isEqualTo("peak P"));
    }

    @Test
    void withoutAPeakGivenASmallDatabaseLowersItToWhatTheDatabaseTakes() {
        // A database of a tenth of a core: (0.1 − 0.004) / 0.0005 = 192 req/s, less than twice the largest capacity (2 × 150).
        CapacityModel small = CapacityModel.of(run, 0.1);
        Thresholds planned = Thresholds.derive(run, small, ScalingInputs.withMeasuredPeak(10, 3).withDatabaseCores(0.1));
        double u = expectedUtilisation((14.2 + 15.1) / 2);
        assertThat(planned.inputs().peakRequestsPerSecond()).as("u · X_db, rounded down")
                .isEqualTo(Math.floor(u * small.production().databaseBoundRequestsPerSecond()));
        assertThat(planned.derivations()).anySatisfy(d -> assertThat(d.quantity() + d.result()).contains("peak P").contains("lowered"));
        assertThatThrownBy(() -> Thresholds.derive(run, small, new ScalingInputs(290, 10, 3, 0.1)))
                .as("a peak that was given is the user's requirement: never lowered").hasMessageContaining("more than the database takes");
    }

    @Test
    void unmeasuredReadyTimeUsesAStatedDefault() {
        CapacityRun unmeasured = new CapacityRun(run.conditions(), run.slo(), run.searches(), List.of(), run.wallSeconds(), run.warnings());
        Thresholds assumed = Thresholds.derive(unmeasured, model, INPUTS);
        assertThat(assumed.warmupSeconds()).isEqualTo(60);
        assertThat(assumed.derivations()).filteredOn(d -> d.quantity().equals("time to ready")).singleElement()
                .satisfies(d -> assertThat(d.withNumbers()).contains("none measured", "assumed 60 s"));
        assertThat(assumed.requestsPerTargetPerMinute()).as("a slower start leaves more headroom").isLessThan(t.requestsPerTargetPerMinute());
    }

    @Test
    void steepGrowthFloorsUtilisationAndSaysSo() {
        Thresholds steep = Thresholds.derive(run, model, new ScalingInputs(100, 200, 3));
        assertThat(steep.requestsPerTargetPerMinute()).isEqualTo(Math.floor(60 * steep.capacityPerTarget() * 0.4));
        assertThat(steep.derivations()).filteredOn(d -> d.quantity().equals("target utilisation u")).singleElement()
                .satisfies(d -> assertThat(d.result()).contains("floored"));
    }

    @Test
    void withoutACpuQuotaOnlyRequestCountFilesAreWritten(@TempDir Path dir) {
        Conditions c = run.conditions();
        Conditions external = new Conditions(c.target(), "external", null, 0, 0, c.replicaJvmOptions(), null, c.dataset(), c.simulation(),
                c.workload(), c.hostCores(), c.hostCpuModel(), c.injectorJvm(), c.commit(), c.startedAt(), c.warmUpSeconds(),
                c.measureSeconds(), c.repeats(), c.maxReplicas(), c.maxReplicasReason(), c.replicaCounts());
        CapacityRun noQuota = new CapacityRun(external, run.slo(), run.searches(), run.readySeconds(), run.wallSeconds(), run.warnings());
        Thresholds withoutCpu = Thresholds.derive(noQuota, model, INPUTS);
        assertThat(withoutCpu.cpuPercent()).isNaN();
        assertThat(withoutCpu.hpa()).isNull();
        assertThat(withoutCpu.derivations()).anySatisfy(d -> assertThat(d.withNumbers()).contains("no CPU quota"));
        assertThat(ThresholdFiles.write(dir, withoutCpu, "lms")).containsExactlyInAnyOrder(ThresholdFiles.STEP_SCALE_OUT,
                ThresholdFiles.STEP_SCALE_IN, ThresholdFiles.SCALE_OUT_ALARM, ThresholdFiles.SCALE_IN_ALARM,
                ThresholdFiles.TARGET_TRACKING_REQUESTS, ThresholdFiles.TERRAFORM, PrometheusRules.RULES, PrometheusRules.RULES_TEST);
        assertThat(dir.resolve(ThresholdFiles.HPA)).doesNotExist();
    }

    @Test
    void everyFileIsWrittenAndNoPartialIsLeft(@TempDir Path dir) {
        List<String> written = ThresholdFiles.write(dir, t, "lms");
        assertThat(written).hasSize(10).allSatisfy(name -> assertThat(dir.resolve(name)).isRegularFile());
        assertThat(dir.toFile().list()).containsExactlyInAnyOrderElementsOf(written);
    }

    @Test
    void badInputsAreRefusedNamingTheValue() {
        assertThatThrownBy(() -> Thresholds.derive(run, model, new ScalingInputs(-5, 10, 3))).hasMessageContaining("-5");
        assertThatThrownBy(() -> Thresholds.derive(run, model, new ScalingInputs(300, 10, 0))).hasMessageContaining("got 0");
        assertThatThrownBy(() -> ThresholdFiles.write(Path.of("unused"), t, "LMS Group")).hasMessageContaining("'LMS Group'");
    }
}
