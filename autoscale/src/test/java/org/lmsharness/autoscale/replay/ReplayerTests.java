package org.lmsharness.autoscale.replay;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.lmsharness.autoscale.DerivedPolicies;
import org.lmsharness.autoscale.policy.Decision;
import org.lmsharness.autoscale.policy.Metric;
import org.lmsharness.autoscale.policy.TargetTrackingPolicy;
import org.lmsharness.autoscale.policy.TimeScale;
import org.lmsharness.reports.SampleRuns;
import org.lmsharness.reports.model.CapacityModel;
import org.lmsharness.reports.run.CapacityRun;
import org.lmsharness.reports.thresholds.ScalingInputs;
import org.lmsharness.reports.thresholds.Thresholds;

/** The replayer's mechanics on a fleet shaped like a real run's (one replica carries about 58 req/s, boots in about 15 s). */
class ReplayerTests {

    private static final CapacityRun RUN = SampleRuns.threeCounts();
    private static final CapacityModel MODEL = CapacityModel.of(RUN);
    private static final FleetModel FLEET = FleetModel.of(RUN, MODEL);
    private static final Thresholds THRESHOLDS = Thresholds.derive(RUN, MODEL, ScalingInputs.withMeasuredPeak(10, 3));

    @Test
    void steadyLoadWithinTheMinimumNeedsNoScalingAndCostsWhatTheOracleDoes() {
        TargetTrackingPolicy policy = DerivedPolicies.targetTracking(THRESHOLDS);
        LoadTrace steady = new LoadTrace("steady", 60, new double[] {FLEET.capacity(), FLEET.capacity(), FLEET.capacity()});
        Replay replay = new Replayer(FLEET).replay(steady, policy, TimeScale.REAL, policy.minimum());
        assertThat(replay.events()).isEmpty();
        assertThat(replay.summary().sloKept()).isTrue();
        assertThat(replay.summary().replicaMinutes()).isEqualTo(replay.summary().oracleReplicaMinutes());
    }

    @Test
    void aTraceStartsWithTheFleetItsFirstSecondNeedsWithinTheBounds() {
        TargetTrackingPolicy policy = DerivedPolicies.targetTracking(THRESHOLDS).withCapacity(1, 3);
        Replayer replayer = new Replayer(FLEET);
        assertThat(replayer.startReplicas(LoadTrace.of(LoadTrace.Profile.FALL, 2.5 * FLEET.capacity()), policy)).isEqualTo(3);
        assertThat(replayer.startReplicas(LoadTrace.of(LoadTrace.Profile.FALL, 9 * FLEET.capacity()), policy)).as("at most the maximum").isEqualTo(3);
        assertThat(replayer.startReplicas(LoadTrace.of(LoadTrace.Profile.SPIKE, 2.5 * FLEET.capacity()), policy)).as("a tenth of the peak").isEqualTo(1);
        assertThat(replayer.startReplicas(LoadTrace.of(LoadTrace.Profile.SPIKE, 2.5 * FLEET.capacity()), policy.withCapacity(2, 3))).as("at least the minimum")
                .isEqualTo(2);
    }

    @Test
    void aJumpIsCaughtUpAfterThreeDatapointsAndABoot() {
        // From half the minimum's capacity to three times it at once: AlarmHigh needs 3 one-minute datapoints above the target,
        // then the new replicas boot.
        TargetTrackingPolicy policy = new TargetTrackingPolicy(Metric.REQUESTS_PER_TARGET_PER_MINUTE, 0.8 * 60 * FLEET.capacity(), 2, 12,
                FLEET.bootSeconds());
        double low = FLEET.capacity();
        double[] load = new double[900];
        for (int s = 0; s < load.length; s++) load[s] = s < 120 ? low : 6 * FLEET.capacity();
        Replay replay = new Replayer(FLEET).replay(new LoadTrace("jump", 1, load), policy, TimeScale.REAL, 2);
        Decision first = replay.events().get(0);
        assertThat(first.to()).isGreaterThan(first.from());
        assertThat(first.at()).isBetween(300_000L, 361_000L); // the jump at 2:00, 3 datapoints above the target: the 5th or 6th minute
        double shortFor = replay.summary().longestShortSeconds();
        assertThat(shortFor).isBetween(180.0, 240 + FLEET.bootSeconds() + 61);
        assertThat(replay.summary().sloKept()).isFalse();
        assertThat(replay.summary().maxReplicas()).isGreaterThanOrEqualTo(6);
    }

    @Test
    void afterAFallItScalesInOnlyAfter15DatapointsAndDoesNotFlap() {
        TargetTrackingPolicy policy = DerivedPolicies.targetTracking(THRESHOLDS);
        LoadTrace fall = LoadTrace.of(LoadTrace.Profile.FALL, 4 * FLEET.capacity() * 0.7);
        Replay replay = new Replayer(FLEET).replay(fall, policy, TimeScale.REAL, 5);
        assertThat(replay.events()).isNotEmpty().allSatisfy(e -> assertThat(e.at()).isGreaterThanOrEqualTo((240 + 15 * 60) * 1000L));
        long ins = replay.events().stream().filter(e -> e.to() < e.from()).count();
        assertThat(ins).isPositive();
        long outs = replay.events().size() - ins;
        assertThat(outs).as("no scale-out after scaling in on a wavering load").isZero();
    }

    @Test
    void aDayReplaysInUnderAMinute() {
        LoadTrace day = LoadTrace.of(LoadTrace.Profile.DAY, THRESHOLDS.inputs().peakRequestsPerSecond());
        long started = System.nanoTime();
        for (var policy : DerivedPolicies.all(THRESHOLDS)) {
            Replay replay = new Replayer(FLEET).replay(day, policy, TimeScale.REAL, policy.minimum());
            assertThat(replay.windows()).hasSize(24 * 60);
            assertThat(replay.summary().replicaMinutes()).isGreaterThanOrEqualTo(policy.minimum() * 24 * 60 * 0.999);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        assertThat(seconds).as("three policies over 24 h").isLessThan(60);
    }

    @Test
    void aCompressedClockScalesTheWindowsAndTheAlarms() {
        TargetTrackingPolicy policy = DerivedPolicies.targetTracking(THRESHOLDS);
        LoadTrace spike = LoadTrace.of(LoadTrace.Profile.SPIKE, THRESHOLDS.inputs().peakRequestsPerSecond());
        Replay real = new Replayer(FLEET).replay(spike, policy, TimeScale.REAL, policy.minimum());
        Replay compressed = new Replayer(FLEET).replay(spike, policy, new TimeScale(6), policy.minimum());
        assertThat(compressed.windows()).hasSize(real.windows().size() * 6);
        assertThat(compressed.events().get(0).at()).isLessThan(real.events().get(0).at());
    }
}
