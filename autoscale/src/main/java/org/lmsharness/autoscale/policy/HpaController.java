package org.lmsharness.autoscale.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.lmsharness.common.Figures;

/**
 * The HorizontalPodAutoscaler's loop, after kube-controller-manager's pkg/controller/podautoscaler (horizontal.go and
 * replica_calculator.go), rewritten here because it exists only inside the controller manager:
 * <ol>
 *   <li>the replica calculator: ratio = metric ÷ target over the ready pods (CPU as a whole percent, as the controller
 *       truncates it); within the tolerance, no change; without unready pods, desired = ⌈ratio × ready pods⌉; with some, on
 *       a scale-up they count as using nothing, the ratio is taken again, and there is no change if it is then within the
 *       tolerance or points the other way (every ready pod has a sample here, so the controller's rule for pods missing one
 *       does not arise);</li>
 *   <li>stabilisation: the recommendation is held between the lowest recommendation of the scale-up window and the highest of
 *       the scale-down window (both including this one, the history seeded with the count the HPA found), starting from the
 *       current count;</li>
 *   <li>rate limits: per policy, from the replicas at the start of its period (current − added + removed in the period),
 *       Pods adds or removes {@code value}, Percent multiplies (rounded up going up, down going down); selectPolicy Max takes
 *       the largest change, Min the smallest; then min and max replicas.</li>
 * </ol>
 * A pod counts as unready (for CPU) until it is ready and one metric window has passed since, within the CPU initialisation
 * period of its start.
 */
final class HpaController implements Controller {

    private record Recommendation(long at, int replicas) {}

    private record ScaleEvent(long at, int change) {}

    private final HpaPolicy policy;
    private final TimeScale time;
    private final List<Recommendation> recommendations = new ArrayList<>();
    private final List<ScaleEvent> ups = new ArrayList<>();
    private final List<ScaleEvent> downs = new ArrayList<>();
    private boolean seeded;

    HpaController(HpaPolicy policy, TimeScale time) {
        this.policy = policy;
        this.time = time;
    }

    @Override
    public long intervalMillis() {
        return time.millis(policy.syncSeconds());
    }

    @Override
    public Decision evaluate(long now, Fleet fleet, Metrics metrics) {
        int current = fleet.desired();
        if (current > policy.maxReplicas()) return scale(now, current, policy.maxReplicas(), Double.NaN, "above maxReplicas");
        if (current < policy.minReplicas()) return scale(now, current, policy.minReplicas(), Double.NaN, "below minReplicas");
        Proposal proposal = replicasForMetric(now, fleet, metrics, current);
        int stabilised = stabilise(now, current, proposal.replicas);
        int limited = limit(now, current, stabilised);
        String reason = proposal.reason
                + (stabilised != proposal.replicas ? String.format(Locale.ROOT, "; stabilised to %d (%s window)", stabilised,
                        stabilised > proposal.replicas ? "scale-down " + policy.scaleDown().stabilizationWindowSeconds() + " s"
                                : "scale-up " + policy.scaleUp().stabilizationWindowSeconds() + " s") : "")
                + (limited != stabilised ? "; limited to " + limited + " by the " + (limited > current ? "scale-up" : "scale-down") + " policies or min/max" : "");
        return scale(now, current, limited, proposal.metric, reason);
    }

    private Decision scale(long now, int current, int desired, double metric, String reason) {
        long longest = now - time.millis(Math.max(longestPeriod(policy.scaleUp()), longestPeriod(policy.scaleDown())));
        ups.removeIf(e -> e.at <= longest);
        downs.removeIf(e -> e.at <= longest);
        if (desired > current) ups.add(new ScaleEvent(now, desired - current));
        if (desired < current) downs.add(new ScaleEvent(now, current - desired));
        return new Decision(now, current, desired, metric, reason);
    }

    private record Proposal(int replicas, double metric, String reason) {}

    private static int longestPeriod(HpaPolicy.Rules rules) {
        return rules.policies().stream().mapToInt(HpaPolicy.Rule::periodSeconds).max().orElse(0);
    }

    /** replica_calculator.go's GetResourceReplicas (and GetMetricReplicas, for an average value per pod). */
    private Proposal replicasForMetric(long now, Fleet fleet, Metrics metrics, int current) {
        long window = time.millis(policy.metricWindowSeconds());
        List<String> ready = new ArrayList<>();
        int unready = 0;
        for (Fleet.Instance pod : fleet.instances()) {
            if (unready(pod, now, window)) unready++;
            else ready.add(pod.id());
        }
        double value = ready.isEmpty() ? Double.NaN : metrics.value(policy.metric(), now - window, now, ready);
        if (policy.metric() == Metric.CPU_PERCENT) value = Math.floor(value); // utilization.go: int32(metricsTotal * 100 / requestsTotal)
        if (Double.isNaN(value)) return new Proposal(current, Double.NaN, "no pod with a metric: no change");
        double ratio = value / policy.target();
        boolean upWithUnready = unready > 0 && ratio > 1;
        String seen = String.format(Locale.ROOT, "%s %s on %d ready pod%s against %s", Figures.of(value), policy.metric().unit(), ready.size(),
                ready.size() == 1 ? "" : "s", Figures.of(policy.target()));
        if (!upWithUnready) {
            if (Math.abs(1 - ratio) <= policy.tolerance()) return new Proposal(current, value, seen + ": within the tolerance, no change");
            int desired = (int) Math.ceil(ratio * ready.size());
            return new Proposal(desired, value, String.format(Locale.ROOT, "%s: ⌈%.3f × %d⌉ = %d", seen, ratio, ready.size(), desired));
        }
        // On a scale-up, unready pods count as using nothing.
        int counted = ready.size() + unready;
        double newRatio = value * ready.size() / counted / policy.target();
        if (Math.abs(1 - newRatio) <= policy.tolerance() || (ratio < 1 && newRatio > 1) || (ratio > 1 && newRatio < 1))
            return new Proposal(current, value, String.format(Locale.ROOT, "%s, %d unready pod%s counted at 0: ratio %.3f, no change", seen, unready,
                    unready == 1 ? "" : "s", newRatio));
        int desired = (int) Math.ceil(newRatio * counted);
        if ((newRatio < 1 && desired > current) || (newRatio > 1 && desired < current))
            return new Proposal(current, value, seen + ": the unready pods would reverse the direction, no change");
        return new Proposal(desired, value, String.format(Locale.ROOT, "%s, %d unready pod%s counted at 0: ⌈%.3f × %d⌉ = %d", seen, unready,
                unready == 1 ? "" : "s", newRatio, counted, desired));
    }

    /** For CPU, as groupPods does: within the initialisation period a pod is unready until ready and a metric window later. */
    private boolean unready(Fleet.Instance pod, long now, long window) {
        if (!pod.ready(now)) return true;
        if (policy.metric() != Metric.CPU_PERCENT) return false;
        boolean initialising = now < pod.launchedAt() + 1000L * Math.round(policy.cpuInitializationSeconds());
        return initialising && now < pod.readyAt() + window;
    }

    /** horizontal.go's stabilizeRecommendationWithBehaviors. */
    private int stabilise(long now, int current, int desired) {
        if (!seeded) {
            recommendations.add(new Recommendation(now, current)); // recordInitialRecommendation
            seeded = true;
        }
        long upCutoff = now - time.millis(policy.scaleUp().stabilizationWindowSeconds());
        long downCutoff = now - time.millis(policy.scaleDown().stabilizationWindowSeconds());
        int up = desired;
        int down = desired;
        for (Recommendation r : recommendations) {
            if (r.at > upCutoff) up = Math.min(up, r.replicas);
            if (r.at > downCutoff) down = Math.max(down, r.replicas);
        }
        recommendations.removeIf(r -> r.at <= upCutoff && r.at <= downCutoff);
        recommendations.add(new Recommendation(now, desired));
        int recommendation = current;
        if (recommendation < up) recommendation = up;
        if (recommendation > down) recommendation = down;
        return recommendation;
    }

    /** horizontal.go's convertDesiredReplicasWithBehaviorRate with calculateScaleUpLimitWithScalingRules and its scale-down twin. */
    private int limit(long now, int current, int desired) {
        if (desired > current) {
            int limit = Math.max(current, ruleLimit(now, current, policy.scaleUp(), true));
            return Math.min(desired, Math.min(policy.maxReplicas(), limit));
        }
        if (desired < current) {
            int limit = Math.min(current, ruleLimit(now, current, policy.scaleDown(), false));
            return Math.max(desired, Math.max(policy.minReplicas(), limit));
        }
        return desired;
    }

    private int ruleLimit(long now, int current, HpaPolicy.Rules rules, boolean up) {
        if (rules.select() == HpaPolicy.Select.DISABLED) return current;
        boolean largest = rules.select() == HpaPolicy.Select.MAX;
        // Going up, the largest change is the highest limit; going down, the lowest.
        boolean takeMax = up == largest;
        int result = takeMax ? Integer.MIN_VALUE : Integer.MAX_VALUE;
        for (HpaPolicy.Rule rule : rules.policies()) {
            long since = now - time.millis(rule.periodSeconds());
            int added = ups.stream().filter(e -> e.at > since).mapToInt(ScaleEvent::change).sum();
            int removed = downs.stream().filter(e -> e.at > since).mapToInt(ScaleEvent::change).sum();
            int periodStart = current - added + removed;
            int proposed = switch (rule.type()) {
                case PODS -> up ? periodStart + rule.value() : periodStart - rule.value();
                case PERCENT -> up ? (int) Math.ceil(periodStart * (1 + rule.value() / 100.0)) : (int) (periodStart * (1 - rule.value() / 100.0));
            };
            result = takeMax ? Math.max(result, proposed) : Math.min(result, proposed);
        }
        return result;
    }
}
