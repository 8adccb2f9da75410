package org.lmsharness.autoscale.policy;

import java.util.List;

/**
 * A Kubernetes autoscaling/v2 HorizontalPodAutoscaler on one metric, with its behaviour, as the controller in
 * kube-controller-manager applies it ({@link HpaController}).
 *
 * @param metric                    CPU percent of the pods' request (Resource, averageUtilization), or requests per pod
 * @param target                    the target value: averageUtilization in percent, or the average value per pod
 * @param minReplicas               spec.minReplicas
 * @param maxReplicas               spec.maxReplicas
 * @param scaleUp                   spec.behavior.scaleUp
 * @param scaleDown                 spec.behavior.scaleDown
 * @param tolerance                 --horizontal-pod-autoscaler-tolerance: no change while |ratio − 1| is within it (default 0.1)
 * @param syncSeconds               --horizontal-pod-autoscaler-sync-period (default 15 s)
 * @param cpuInitializationSeconds  --horizontal-pod-autoscaler-cpu-initialization-period (default 300 s): a pod this young counts
 *                                  as unready until it is ready and one metric window has passed since
 * @param metricWindowSeconds       the window a pod's CPU sample covers (metrics-server's resolution, 15 s)
 */
public record HpaPolicy(Metric metric, double target, int minReplicas, int maxReplicas, Rules scaleUp, Rules scaleDown,
                        double tolerance, double syncSeconds, double cpuInitializationSeconds, double metricWindowSeconds) implements ScalingPolicy {

    public enum Select { MAX, MIN, DISABLED }

    public enum RuleType { PODS, PERCENT }

    /** One scaling policy of a behaviour: at most {@code value} pods (or percent) per {@code periodSeconds}. */
    public record Rule(RuleType type, int value, int periodSeconds) {}

    /** A direction's behaviour: its stabilisation window, its policies and how they combine (selectPolicy). */
    public record Rules(int stabilizationWindowSeconds, List<Rule> policies, Select select) {
        public Rules {
            policies = List.copyOf(policies);
        }
    }

    /** The API's default scale-up: no stabilisation; Percent 100 and Pods 4 per 15 s; the larger. */
    public static final Rules DEFAULT_SCALE_UP = new Rules(0, List.of(new Rule(RuleType.PERCENT, 100, 15), new Rule(RuleType.PODS, 4, 15)), Select.MAX);
    /** The API's default scale-down: a 300 s stabilisation window; Percent 100 per 15 s. */
    public static final Rules DEFAULT_SCALE_DOWN = new Rules(300, List.of(new Rule(RuleType.PERCENT, 100, 15)), Select.MAX);

    public HpaPolicy {
        if (minReplicas < 1 || maxReplicas < minReplicas) throw new IllegalArgumentException("replicas must satisfy 1 ≤ min ≤ max, got " + minReplicas + " and " + maxReplicas);
        if (!(target > 0)) throw new IllegalArgumentException("the HPA's target must be positive, got " + target);
    }

    /** An HPA with the controller's default flags and the API's default behaviour. */
    public static HpaPolicy withDefaults(Metric metric, double target, int minReplicas, int maxReplicas) {
        return new HpaPolicy(metric, target, minReplicas, maxReplicas, DEFAULT_SCALE_UP, DEFAULT_SCALE_DOWN, 0.1, 15, 300, 15);
    }

    public HpaPolicy withBehaviour(Rules up, Rules down) {
        return new HpaPolicy(metric, target, minReplicas, maxReplicas, up, down, tolerance, syncSeconds, cpuInitializationSeconds, metricWindowSeconds);
    }

    @Override
    public String kind() {
        return "hpa";
    }

    @Override
    public Controller controller(TimeScale time) {
        return new HpaController(this, time);
    }

    @Override
    public String describe() {
        return String.format("Kubernetes HPA: %s %s, replicas %d–%d, tolerance %s, sync %s s; scale-up window %d s, scale-down window %d s",
                org.lmsharness.common.Figures.of(target), metric.unit(), minReplicas, maxReplicas, org.lmsharness.common.Figures.of(tolerance),
                org.lmsharness.common.Figures.of(syncSeconds), scaleUp.stabilizationWindowSeconds(), scaleDown.stabilizationWindowSeconds());
    }

    @Override
    public ScalingPolicy withTarget(double value) {
        return new HpaPolicy(metric, value, minReplicas, maxReplicas, scaleUp, scaleDown, tolerance, syncSeconds, cpuInitializationSeconds, metricWindowSeconds);
    }

    @Override
    public ScalingPolicy withCapacity(int min, int max) {
        return new HpaPolicy(metric, target, min, max, scaleUp, scaleDown, tolerance, syncSeconds, cpuInitializationSeconds, metricWindowSeconds);
    }

    /** The HPA has no warm-up of its own (its CPU initialisation period stands for it): unchanged. */
    @Override
    public ScalingPolicy withWarmup(double seconds) {
        return this;
    }

    @Override
    public int minimum() {
        return minReplicas;
    }

    @Override
    public int maximum() {
        return maxReplicas;
    }
}
