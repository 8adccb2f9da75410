package org.lmsharness.autoscale.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Target tracking against what AWS's guides say of it ("Target tracking scaling policies", EC2 Auto Scaling and Application
 * Auto Scaling): a target of 50 % CPU, the roundings of their example, and the alarms' datapoints as exported alarms show them.
 */
class TargetTrackingTests {

    private static final long MINUTE = 60_000;

    @Test
    void addingOneAndAHalfInstancesAddsTwo() {
        // "We might determine that adding 1.5 instances will decrease the CPU utilization to close to 50 percent. Because it is
        // not possible to add 1.5 instances, we round up and add two instances." Two at 87.5 %: 3.5 instances' worth.
        Controller controller = new TargetTrackingPolicy(Metric.CPU_PERCENT, 50, 1, 10, 0).controller(TimeScale.REAL);
        Fleet fleet = Fleets.ready(2);
        assertThat(controller.evaluate(0, fleet, Fleets.constant(87.5)).changes()).isFalse();
        assertThat(controller.evaluate(MINUTE, fleet, Fleets.constant(87.5)).changes()).isFalse();
        Decision third = controller.evaluate(2 * MINUTE, fleet, Fleets.constant(87.5));
        assertThat(third.to()).as("AlarmHigh after 3 of 3 datapoints: %s", third.reason()).isEqualTo(4);
    }

    @Test
    void removingOneAndAHalfRemovesOneAndHalfOfOneRemovesNone() {
        // "if we determine that removing 1.5 instances increases your CPU utilization to above 50 percent, we remove just one
        // instance"; "if we determine that removing 0.5 instances increases your CPU utilization to above 50 percent, we will
        // choose not to scale-in". Four at 31.25 % carry 2.5 instances' worth; four at 43.75 %, 3.5.
        assertThat(after15Minutes(new TargetTrackingPolicy(Metric.CPU_PERCENT, 50, 1, 10, 0), 4, 31.25)).isEqualTo(3);
        assertThat(after15Minutes(new TargetTrackingPolicy(Metric.CPU_PERCENT, 50, 1, 10, 0, TargetTrackingPolicy.APPLICATION_AUTO_SCALING_LOW, false), 4, 43.75))
                .isEqualTo(4);
    }

    @Test
    void scaleInWaitsFor15DatapointsBelowTheLowerLine() {
        TargetTrackingPolicy policy = new TargetTrackingPolicy(Metric.CPU_PERCENT, 50, 1, 10, 0);
        Controller controller = policy.controller(TimeScale.REAL);
        Fleet fleet = Fleets.ready(4);
        for (int minute = 0; minute < 14; minute++)
            assertThat(controller.evaluate(minute * MINUTE, fleet, Fleets.constant(20)).changes()).as("minute %d", minute).isFalse();
        assertThat(controller.evaluate(14 * MINUTE, fleet, Fleets.constant(20)).to()).isEqualTo(2); // ⌈4 × 20 / 50⌉
        // 0.7 × 50 = 35 for EC2 groups ("CPUUtilization < 35 for 15 datapoints"), 0.9 × 70 = 63 for ECS services.
        assertThat(policy.describe()).contains("in below 35 for 15 of 15");
        assertThat(new TargetTrackingPolicy(Metric.CPU_PERCENT, 70, 1, 10, 0, TargetTrackingPolicy.APPLICATION_AUTO_SCALING_LOW, false).describe())
                .contains("in below 63 for 15 of 15");
    }

    @Test
    void warmingInstancesAreCapacityOnItsWayAndBlockScaleIn() {
        Controller controller = new TargetTrackingPolicy(Metric.CPU_PERCENT, 50, 1, 10, 300).controller(TimeScale.REAL);
        Fleet fleet = Fleets.ready(2);
        for (int minute = 0; minute < 2; minute++) controller.evaluate(minute * MINUTE, fleet, Fleets.constant(100));
        assertThat(controller.evaluate(2 * MINUTE, fleet, Fleets.constant(100)).to()).isEqualTo(4);
        fleet = Fleets.resized(fleet, 4, 2 * MINUTE);
        // Still 100 % on the two warm ones: ⌈2 × 100 / 50⌉ = 4, no more than the desired 4.
        assertThat(controller.evaluate(3 * MINUTE, fleet, Fleets.constant(100)).changes()).isFalse();
        // Higher: ⌈2 × 150 / 50⌉ = 6, two more.
        assertThat(controller.evaluate(4 * MINUTE, fleet, Fleets.constant(150)).to()).isEqualTo(6);
    }

    @Test
    void minAndMaxHoldTheCapacity() {
        Controller controller = new TargetTrackingPolicy(Metric.CPU_PERCENT, 50, 2, 3, 0).controller(TimeScale.REAL);
        Fleet fleet = Fleets.ready(2);
        for (int minute = 0; minute < 2; minute++) controller.evaluate(minute * MINUTE, fleet, Fleets.constant(200));
        assertThat(controller.evaluate(2 * MINUTE, fleet, Fleets.constant(200)).to()).isEqualTo(3);
        assertThat(after15Minutes(new TargetTrackingPolicy(Metric.CPU_PERCENT, 50, 2, 3, 0), 3, 1)).isEqualTo(2);
    }

    @Test
    void aCompressedClockShortensThePeriods() {
        Controller controller = new TargetTrackingPolicy(Metric.REQUESTS_PER_TARGET_PER_MINUTE, 1000, 1, 10, 40).controller(new TimeScale(6));
        assertThat(controller.intervalMillis()).isEqualTo(10_000);
    }

    private static int after15Minutes(TargetTrackingPolicy policy, int instances, double metric) {
        Controller controller = policy.controller(TimeScale.REAL);
        Fleet fleet = Fleets.ready(instances);
        Decision last = null;
        for (int minute = 0; minute < 15; minute++) last = controller.evaluate(minute * MINUTE, fleet, Fleets.constant(metric));
        return last.to();
    }
}
