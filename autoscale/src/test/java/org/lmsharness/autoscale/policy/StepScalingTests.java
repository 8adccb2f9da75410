package org.lmsharness.autoscale.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.lmsharness.autoscale.policy.CloudWatchAlarm.Comparison;
import org.lmsharness.autoscale.policy.CloudWatchAlarm.MissingData;
import org.lmsharness.autoscale.policy.StepScalingPolicy.AdjustmentType;
import org.lmsharness.autoscale.policy.StepScalingPolicy.Side;
import org.lmsharness.autoscale.policy.StepScalingPolicy.Step;

/**
 * Step scaling against the worked examples of AWS's guides: EC2 Auto Scaling's "Step and simple scaling policies" and
 * Application Auto Scaling's "Step scaling policies" (the same example in both): a group of 10, an alarm threshold of 50,
 * percent steps.
 */
class StepScalingTests {

    private static final long MINUTE = 60_000;

    /** Out: [0, 10) → 0, [10, 20) → +10 %, [20, ∞) → +30 %; in: (−10, 0] → 0, (−20, −10] → −10 %, (−∞, −20] → −30 %. */
    private static StepScalingPolicy theGuidesPolicy(double warmupSeconds, double cooldownSeconds) {
        Side out = new Side(Comparison.GREATER_THAN_OR_EQUAL, 50, 60, 1, 1, MissingData.MISSING, AdjustmentType.PERCENT_CHANGE_IN_CAPACITY,
                List.of(new Step(0.0, 10.0, 0), new Step(10.0, 20.0, 10), new Step(20.0, null, 30)), 0);
        Side in = new Side(Comparison.LESS_THAN_OR_EQUAL, 50, 60, 1, 1, MissingData.MISSING, AdjustmentType.PERCENT_CHANGE_IN_CAPACITY,
                List.of(new Step(-10.0, 0.0, 0), new Step(-20.0, -10.0, -10), new Step(null, -20.0, -30)), 0);
        return new StepScalingPolicy(Metric.CPU_PERCENT, out, in, 1, 100, warmupSeconds, cooldownSeconds);
    }

    @Test
    void theGuidesExampleFrom10To14AndBack() {
        Controller controller = theGuidesPolicy(0, 0).controller(TimeScale.REAL);
        Fleet fleet = Fleets.ready(10);
        long now = 0;
        int[] expected = {11, 14, 13, 10};
        double[] metric = {60, 70, 40, 30};
        for (int i = 0; i < metric.length; i++) {
            Decision decision = controller.evaluate(now, fleet, Fleets.constant(metric[i]));
            // 60: +10 % of 10 = 1; 70: +30 % of 11 = 3.3 → 3; 40: −10 % of 14 = −1.4 → −1; 30: −30 % of 13 = −3.9 → −3
            assertThat(decision.to()).as("at %s", metric[i]).isEqualTo(expected[i]);
            fleet = Fleets.resized(fleet, decision.to(), now);
            now += MINUTE;
        }
    }

    @Test
    void between40And60NothingChanges() {
        Controller controller = theGuidesPolicy(0, 0).controller(TimeScale.REAL);
        Fleet fleet = Fleets.ready(10);
        long now = 0;
        for (double metric : new double[] {59.99, 50, 40.01, 45}) {
            assertThat(controller.evaluate(now, fleet, Fleets.constant(metric)).changes()).as("at %s", metric).isFalse();
            now += MINUTE;
        }
    }

    @Test
    void aBoundIsInclusiveOnTheSideOfTheThreshold() {
        // Above the threshold the lower bound is inclusive: 60 is in [10, 20), 59.99 in [0, 10).
        Controller controller = theGuidesPolicy(0, 0).controller(TimeScale.REAL);
        assertThat(controller.evaluate(0, Fleets.ready(10), Fleets.constant(60)).to()).isEqualTo(11);
        Controller other = theGuidesPolicy(0, 0).controller(TimeScale.REAL);
        assertThat(other.evaluate(0, Fleets.ready(10), Fleets.constant(59.99)).to()).isEqualTo(10);
    }

    @Test
    void whileTheNewInstanceWarmsTheSameStepAddsNothingAndAHigherOneTheDifference() {
        // "suppose that the metric gets to 60, and then it gets to 62 while the new instance is still warming up … the desired
        // capacity of the group is already 11 instances … If the metric gets to 70 … we add only 2 instances, for a new desired
        // capacity of 13 instances."
        Controller controller = theGuidesPolicy(300, 0).controller(TimeScale.REAL);
        Fleet fleet = Fleets.ready(10);
        Decision first = controller.evaluate(0, fleet, Fleets.constant(60));
        assertThat(first.to()).isEqualTo(11);
        fleet = Fleets.resized(fleet, 11, 0);
        assertThat(controller.evaluate(MINUTE, fleet, Fleets.constant(62)).to()).isEqualTo(11);
        assertThat(controller.evaluate(2 * MINUTE, fleet, Fleets.constant(70)).to()).isEqualTo(13);
    }

    @Test
    void noScaleInWhileAnInstanceWarms() {
        Controller controller = theGuidesPolicy(300, 0).controller(TimeScale.REAL);
        Fleet fleet = Fleets.resized(Fleets.ready(10), 11, 0);
        assertThat(controller.evaluate(MINUTE, fleet, Fleets.constant(30)).changes()).isFalse();
        assertThat(controller.evaluate(6 * MINUTE, fleet, Fleets.constant(30)).to()).isEqualTo(8); // −30 % of 11 = −3.3 → −3
    }

    @Test
    void inACooldownTheCapacityAddedCountsAsThere() {
        // Application Auto Scaling: "an alarm triggers a step scaling policy to increase the capacity by 2 … If the alarm triggers
        // again during the cooldown period but at a more aggressive step adjustment of 3, the previous increase of 2 is
        // considered part of the current capacity. Therefore, only 1 is added."
        Side out = new Side(Comparison.GREATER_THAN_OR_EQUAL, 50, 60, 1, 1, MissingData.MISSING, AdjustmentType.CHANGE_IN_CAPACITY,
                List.of(new Step(0.0, 10.0, 2), new Step(10.0, null, 3)), 0);
        Side in = new Side(Comparison.LESS_THAN, 20, 60, 1, 1, MissingData.MISSING, AdjustmentType.CHANGE_IN_CAPACITY,
                List.of(new Step(null, 0.0, -1)), 0);
        Controller controller = new StepScalingPolicy(Metric.CPU_PERCENT, out, in, 1, 100, 0, 300).controller(TimeScale.REAL);
        Fleet fleet = Fleets.ready(4);
        assertThat(controller.evaluate(0, fleet, Fleets.constant(55)).to()).isEqualTo(6);
        fleet = Fleets.resized(fleet, 6, 0);
        assertThat(controller.evaluate(MINUTE, fleet, Fleets.constant(65)).to()).isEqualTo(7);
        // After a scale-in, scale-in waits out the cooldown; a scale-out does not.
        fleet = Fleets.resized(fleet, 7, MINUTE);
        assertThat(controller.evaluate(10 * MINUTE, fleet, Fleets.constant(10)).to()).isEqualTo(6);
        fleet = Fleets.resized(fleet, 6, 10 * MINUTE);
        assertThat(controller.evaluate(11 * MINUTE, fleet, Fleets.constant(10)).changes()).isFalse();
        assertThat(controller.evaluate(12 * MINUTE, fleet, Fleets.constant(55)).to()).isEqualTo(8);
    }

    @Test
    void percentChangesRoundAsTheGuideSays() {
        // "12.7 is rounded to 12", ".67 is rounded to 1", "-.58 is rounded to -1", "-6.67 is rounded to -6"
        assertThat(StepScalingPolicy.change(AdjustmentType.PERCENT_CHANGE_IN_CAPACITY, 127, 10, 0)).isEqualTo(12);
        assertThat(StepScalingPolicy.change(AdjustmentType.PERCENT_CHANGE_IN_CAPACITY, 6.7, 10, 0)).isEqualTo(1);
        assertThat(StepScalingPolicy.change(AdjustmentType.PERCENT_CHANGE_IN_CAPACITY, -5.8, 10, 0)).isEqualTo(-1);
        assertThat(StepScalingPolicy.change(AdjustmentType.PERCENT_CHANGE_IN_CAPACITY, -66.7, 10, 0)).isEqualTo(-6);
        // "a policy that adds 25 percent and you specify a minimum increment of 2 instances … there are 2 instances added"
        assertThat(StepScalingPolicy.change(AdjustmentType.PERCENT_CHANGE_IN_CAPACITY, 25, 4, 2)).isEqualTo(2);
        // "the current capacity of the group is 3 and the adjustment is 5": ChangeInCapacity 8 in all, ExactCapacity 5
        assertThat(3 + StepScalingPolicy.change(AdjustmentType.CHANGE_IN_CAPACITY, 5, 3, 0)).isEqualTo(8);
        assertThat(3 + StepScalingPolicy.change(AdjustmentType.EXACT_CAPACITY, 5, 3, 0)).isEqualTo(5);
    }

    @Test
    void theAlarmNeedsItsDatapointsBeforeTheStepRuns() {
        Side out = new Side(Comparison.GREATER_THAN, 50, 60, 3, 2, MissingData.NOT_BREACHING, AdjustmentType.CHANGE_IN_CAPACITY,
                List.of(new Step(0.0, null, 1)), 0);
        Side in = new Side(Comparison.LESS_THAN, 20, 60, 15, 15, MissingData.BREACHING, AdjustmentType.CHANGE_IN_CAPACITY,
                List.of(new Step(null, 0.0, -1)), 0);
        Controller controller = new StepScalingPolicy(Metric.CPU_PERCENT, out, in, 1, 10, 0, 0).controller(TimeScale.REAL);
        Fleet fleet = Fleets.ready(2);
        assertThat(controller.evaluate(0, fleet, Fleets.constant(70)).changes()).isFalse();
        assertThat(controller.evaluate(MINUTE, fleet, Fleets.constant(40)).changes()).isFalse();
        assertThat(controller.evaluate(2 * MINUTE, fleet, Fleets.constant(70)).to()).isEqualTo(3); // 2 of the last 3
    }
}
