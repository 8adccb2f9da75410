package org.lmsharness.autoscale.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.lmsharness.autoscale.policy.HpaPolicy.Rule;
import org.lmsharness.autoscale.policy.HpaPolicy.RuleType;
import org.lmsharness.autoscale.policy.HpaPolicy.Rules;
import org.lmsharness.autoscale.policy.HpaPolicy.Select;

/**
 * The HorizontalPodAutoscaler against Kubernetes' documentation ("Horizontal Pod Autoscaling") and the stories of the
 * enhancement that brought its behaviour field (KEP 853, "Configurable scale velocity for HPA"). CPU targets in percent.
 */
class HpaTests {

    private static final long SYNC = 15_000;
    private static final Rules NO_DOWN_WINDOW = new Rules(0, List.of(new Rule(RuleType.PERCENT, 100, 15)), Select.MAX);

    @Test
    void twiceTheTargetDoublesAndHalfHalves() {
        // "if the current metric value is 200m, and the desired value is 100m, the number of replicas will be doubled … If the
        // current value is instead 50m, you'll halve the number of replicas."
        HpaPolicy policy = HpaPolicy.withDefaults(Metric.CPU_PERCENT, 50, 1, 20).withBehaviour(HpaPolicy.DEFAULT_SCALE_UP, NO_DOWN_WINDOW);
        assertThat(policy.controller(TimeScale.REAL).evaluate(0, Fleets.ready(4), Fleets.constant(100)).to()).isEqualTo(8);
        assertThat(policy.controller(TimeScale.REAL).evaluate(0, Fleets.ready(4), Fleets.constant(25)).to()).isEqualTo(2);
    }

    @Test
    void withinTheToleranceNothingChanges() {
        // "The control plane skips any scaling action if the ratio is sufficiently close to 1.0 (within … 0.1 by default)."
        HpaPolicy policy = HpaPolicy.withDefaults(Metric.CPU_PERCENT, 50, 1, 20);
        assertThat(policy.controller(TimeScale.REAL).evaluate(0, Fleets.ready(10), Fleets.constant(54)).changes()).isFalse();
        assertThat(policy.controller(TimeScale.REAL).evaluate(0, Fleets.ready(10), Fleets.constant(56)).to()).isEqualTo(12);
    }

    @Test
    void theDefaultScaleUpAddsFourPodsOrDoublesWhicheverIsMore() {
        // Defaults: Percent 100 and Pods 4 per 15 s, selectPolicy Max. From 3 towards 20: max(3 + 4, 3 × 2) = 7, then 14, then 20.
        Controller controller = HpaPolicy.withDefaults(Metric.CPU_PERCENT, 50, 1, 30).controller(TimeScale.REAL);
        Fleet fleet = Fleets.ready(3);
        int[] expected = {7, 14, 20};
        for (int i = 0; i < expected.length; i++) {
            long now = i * SYNC;
            double cpu = 50.0 * 20 / fleet.instances().size(); // the load of 20 pods at target, spread over those there
            Decision decision = controller.evaluate(now, fleet, Fleets.constant(cpu));
            assertThat(decision.to()).as("sync %d: %s", i, decision.reason()).isEqualTo(expected[i]);
            fleet = Fleets.resized(fleet, decision.to(), now);
        }
    }

    @Test
    void tenPercentOrFourPodsPerMinuteDown() {
        // "if there are 80 replicas and the target has to be scaled down to 10 replicas then during the first step 8 replicas
        // will be reduced. In the next iteration when the number of replicas is 72, 10% of the pods is 7.2 but the number is
        // rounded up to 8." Policies Pods 4 / 60 s and Percent 10 / 60 s; no stabilisation, to see the rate alone.
        Rules down = new Rules(0, List.of(new Rule(RuleType.PODS, 4, 60), new Rule(RuleType.PERCENT, 10, 60)), Select.MAX);
        Controller controller = HpaPolicy.withDefaults(Metric.CPU_PERCENT, 50, 1, 100).withBehaviour(HpaPolicy.DEFAULT_SCALE_UP, down)
                .controller(TimeScale.REAL);
        Fleet fleet = Fleets.ready(80);
        Metrics tenPodsWorth = (metric, from, to, pods) -> 50.0 * 10 / pods.size();
        Decision first = controller.evaluate(0, fleet, tenPodsWorth);
        assertThat(first.to()).isEqualTo(72);
        fleet = Fleets.resized(fleet, 72, 0);
        assertThat(controller.evaluate(SYNC, fleet, tenPodsWorth).changes()).as("the same minute").isFalse();
        Decision next = controller.evaluate(60_000, fleet, tenPodsWorth);
        assertThat(next.to()).isEqualTo(64);
    }

    @Test
    void theScaleDownWindowKeepsTheHighestRecommendation() {
        // KEP 853, story 5: window 600 s, Pods 5 / 60 s, 10 replicas; recommendations 10, 9, 8, 9, 9, 8, 9, 8, 9, 8 keep 10;
        // once the first has left the window, 9, 8, 9, 9, 8, 9, 8, 9, 8, 7 → 9.
        Rules down = new Rules(600, List.of(new Rule(RuleType.PODS, 5, 60)), Select.MAX);
        Controller controller = story(HpaPolicy.DEFAULT_SCALE_UP, down).controller(TimeScale.REAL);
        Fleet fleet = Fleets.ready(10);
        int[] recommendations = {10, 9, 8, 9, 9, 8, 9, 8, 9, 8};
        for (int i = 0; i < recommendations.length; i++) {
            assertThat(controller.evaluate(i * 60_000L, fleet, podsWorth(recommendations[i])).to()).as("minute %d", i).isEqualTo(10);
        }
        assertThat(controller.evaluate(600_000, fleet, podsWorth(7)).to()).isEqualTo(9);
    }

    @Test
    void theScaleUpWindowKeepsTheLowestRecommendation() {
        // KEP 853, story 6: window 300 s, Pods 20 / 60 s, 2 replicas; recommendations 2, 3, 19, 10, 3, 4 keep 2; once the 2 has
        // left the window (a 7 in its place) → 3.
        Rules up = new Rules(300, List.of(new Rule(RuleType.PODS, 20, 60)), Select.MAX);
        Controller controller = story(up, HpaPolicy.DEFAULT_SCALE_DOWN).controller(TimeScale.REAL);
        Fleet fleet = Fleets.ready(2);
        int[] recommendations = {2, 3, 19, 10, 3, 4};
        for (int i = 0; i < recommendations.length; i++) {
            assertThat(controller.evaluate(i * 50_000L, fleet, podsWorth(recommendations[i])).to()).as("sync %d", i).isEqualTo(2);
        }
        assertThat(controller.evaluate(300_000, fleet, podsWorth(7)).to()).isEqualTo(3);
    }

    @Test
    void unreadyPodsCountAsIdleOnTheWayUp() {
        // Four pods, one not ready yet; the three ready at 80 % of a 50 % target: with the unready one at 0, 60 % on four,
        // ⌈1.2 × 4⌉ = 5. At 70 % on three (⌈1.4 × 3⌉ = 5 on the ready ones alone), 52.5 % on four is within the tolerance; at
        // 60 % on three, 45 % on four would reverse the direction: no change either time.
        Fleet fleet = new Fleet(4, List.of(new Fleet.Instance("a", Fleets.LONG_AGO, Fleets.LONG_AGO), new Fleet.Instance("b", Fleets.LONG_AGO, Fleets.LONG_AGO),
                new Fleet.Instance("c", Fleets.LONG_AGO, Fleets.LONG_AGO), new Fleet.Instance("d", 0, Fleet.Instance.NOT_READY)));
        HpaPolicy policy = HpaPolicy.withDefaults(Metric.CPU_PERCENT, 50, 1, 20);
        assertThat(policy.controller(TimeScale.REAL).evaluate(SYNC, fleet, Fleets.constant(80)).to()).isEqualTo(5);
        assertThat(policy.controller(TimeScale.REAL).evaluate(SYNC, fleet, Fleets.constant(70)).changes()).isFalse();
        assertThat(policy.controller(TimeScale.REAL).evaluate(SYNC, fleet, Fleets.constant(60)).changes()).isFalse();
    }

    /**
     * An HPA for the KEP's stories, which speak of recommendations alone: without a tolerance, since at 10 replicas a
     * recommendation of 9 (a ratio of 0.9) lies on its edge, and |1 − 45/50| is 0.09999999999999998 in floating point.
     */
    private static HpaPolicy story(Rules up, Rules down) {
        return new HpaPolicy(Metric.CPU_PERCENT, 50, 1, 30, up, down, 0, 15, 300, 15);
    }

    /** A CPU reading that makes the HPA recommend {@code replicas}: their load at the target, over the pods there. */
    private static Metrics podsWorth(int replicas) {
        return (metric, from, to, pods) -> 50.0 * replicas / pods.size();
    }
}
