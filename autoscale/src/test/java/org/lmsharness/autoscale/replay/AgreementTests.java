package org.lmsharness.autoscale.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lmsharness.autoscale.policy.Decision;

class AgreementTests {

    @Test
    void aReplayAgreesWithItself() {
        Replay replay = replay(new int[] {2, 2, 4, 4}, new boolean[] {true, false, true, true}, 120_000);
        Agreement agreement = Agreement.of(replay, replay);
        assertThat(agreement.meanReplicaError()).isZero();
        assertThat(agreement.verdictAgreement()).isEqualTo(1);
        assertThat(agreement.firstScaleOutSeconds()).isZero();
    }

    @Test
    void aModelThatScalesAMinuteLateIsOffByTheDifferenceInThatMinute() {
        Replay real = replay(new int[] {2, 2, 4, 4}, new boolean[] {true, false, true, true}, 120_000);
        Replay model = replay(new int[] {2, 2, 2, 4}, new boolean[] {true, false, false, true}, 180_000);
        Agreement agreement = Agreement.of(real, model);
        assertThat(agreement.meanReplicaError()).isCloseTo(0.5, within(1e-9));
        assertThat(agreement.maxReplicaError()).isEqualTo(2);
        assertThat(agreement.verdictAgreement()).isEqualTo(0.75);
        assertThat(agreement.firstScaleOutSeconds()).isEqualTo(60.0);
    }

    private static Replay replay(int[] desired, boolean[] kept, long scaleOutAt) {
        List<Replay.Window> windows = new ArrayList<>();
        for (int i = 0; i < desired.length; i++) windows.add(new Replay.Window(60 * i, 100, desired[i], desired[i], 2, kept[i] ? 100 : 900, 200, 0, kept[i]));
        List<Decision> events = List.of(new Decision(scaleOutAt, 2, 4, 5000, "AlarmHigh"));
        return new Replay("policy", "trace", 1, windows, events, new Replay.Summary(desired.length, 0, 0, 0, 0, 1, 0, 0, 4));
    }
}
